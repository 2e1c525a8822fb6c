// ESM entry: run with `node --import ./esm-hook.mjs child.mjs`; every module is loaded with
// `import`, so import-in-the-middle (registered by the hook file) patches the client modules.
import { run } from './run.mjs';

await run((name) => import(name));
