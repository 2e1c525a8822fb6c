import { fileURLToPath } from 'node:url';
import { defineWorkspace } from 'vitest/config';

// Unit and integration tests run against the packages' sources (no build needed);
// the e2e suite (scripts/e2e) runs the built examples against a real collector instead.
const file = (path: string): string => fileURLToPath(new URL(`./packages/${path}`, import.meta.url));
const PACKAGES = ['core', 'node', 'rsa', 'routing', 'experiment', 'cli', 'openai', 'anthropic', 'ai-sdk', 'postgres', 'llama-cpp', 'google-genai', 'langchain'];

// Longest specifiers first: `@tokentrail/core/semconv` must win over `@tokentrail/core`.
const alias = [
  { find: '@tokentrail/core/semconv', replacement: file('core/src/semconv.ts') },
  { find: '@tokentrail/kit/node', replacement: file('kit/src/node.ts') },
  { find: '@tokentrail/kit/instrumentation', replacement: file('kit/src/instrumentation.ts') },
  { find: '@tokentrail/kit', replacement: file('kit/src/index.ts') },
  ...PACKAGES.map((name) => ({ find: `@tokentrail/${name}`, replacement: file(`${name}/src/index.ts`) })),
];

export default defineWorkspace(
  [...PACKAGES, 'examples'].map((name) => ({
    resolve: { alias },
    test: {
      name,
      root: name === 'examples' ? './examples' : `./packages/${name}`,
      include: ['**/*.test.ts'],
      exclude: ['**/node_modules/**', '**/dist/**'],
      environment: 'node',
      setupFiles: [fileURLToPath(new URL('./test-support/preload-prices.ts', import.meta.url))],
      testTimeout: 30_000,
      hookTimeout: 30_000,
    },
  })),
);
