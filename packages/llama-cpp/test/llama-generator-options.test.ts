import { describe, expect, it } from 'vitest';
import { createLlamaGenerator } from '@tokentrail/llama-cpp';

describe('createLlamaGenerator options', () => {
  it('rejects bad options with one readable line, before loading anything', async () => {
    await expect(createLlamaGenerator({ modelPath: '' })).rejects.toThrow('tokentrail: invalid local model options: modelPath: modelPath must be the path of a .gguf file');
    await expect(createLlamaGenerator({ modelPath: 'm.gguf', threads: 0 })).rejects.toThrow('threads: threads must be at least 1');
    await expect(createLlamaGenerator({ modelPath: 'm.gguf', topP: 0 })).rejects.toThrow('topP: topP must be in (0, 1]');
    await expect(createLlamaGenerator({ modelPath: 'm.gguf', extra: 1 } as never)).rejects.toThrow(/invalid local model options/);
  });
});
