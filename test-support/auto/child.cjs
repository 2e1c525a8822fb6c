// CommonJS entry: every module is loaded with `require`, so the require-in-the-middle hook
// registered by the instrumentations patches `openai` and `@anthropic-ai/sdk` as they load.
import('./run.mjs')
  .then(({ run }) => run((name) => Promise.resolve(require(name))))
  .catch((err) => {
    process.stderr.write(`${err?.stack ?? err}\n`);
    process.exitCode = 1;
  });
