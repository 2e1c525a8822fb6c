import { fileURLToPath } from 'node:url';
import { defineWorkspace } from 'vitest/config';

// Unit and integration tests run against the packages' sources (no build needed);
// the e2e suite (scripts/e2e) runs the built examples against a real collector instead.
const src = (pkg: string): string => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));

const alias = {
  '@tokentrail/core': src('core'),
  '@tokentrail/node': src('node'),
  '@tokentrail/openai': src('openai'),
  '@tokentrail/anthropic': src('anthropic'),
  '@tokentrail/ai-sdk': src('ai-sdk'),
  '@tokentrail/llama-cpp': src('llama-cpp'),
};

export default defineWorkspace(
  ['core', 'node', 'openai', 'anthropic', 'ai-sdk', 'llama-cpp', 'examples'].map((name) => ({
    resolve: { alias },
    test: {
      name,
      root: name === 'examples' ? './examples' : `./packages/${name}`,
      include: ['**/*.test.ts'],
      exclude: ['**/node_modules/**', '**/dist/**'],
      environment: 'node',
      testTimeout: 30_000,
      hookTimeout: 30_000,
    },
  })),
);
