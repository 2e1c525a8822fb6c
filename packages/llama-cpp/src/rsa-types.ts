// The one place this package takes the RSA contract from (@tokentrail/rsa).
export type { RSAGenerateRequest, RSAGenerateResult, RSAModelBinding, RSATokenizer } from '@tokentrail/rsa';
