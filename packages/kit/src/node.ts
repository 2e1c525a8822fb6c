// @tokentrail/kit/node: private helpers that need Node built-ins (kept out of the portable entry point).
export { readGitHead, gitRevParse } from './git-revision.js';
export type { GitHead } from './git-revision.js';
export { forEachLine, MAX_JSONL_LINE_BYTES } from './for-each-line.js';
export type { LineScan } from './for-each-line.js';
