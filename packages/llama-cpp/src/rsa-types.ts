// The one place this package takes the RSA contract from. The RSA orchestrator is moving to its own
// package with the same export names: switching is this line.
export type { RSAGenerateRequest, RSAGenerateResult, RSAModelBinding, RSATokenizer } from '@tokentrail/core';
