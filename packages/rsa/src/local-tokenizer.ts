import { approximateTokens } from './tails.js';
import type { RSATokenizer } from './types.js';

const MAX_VOCABULARY = 200_000;
// Shared by every instance: ids are content hashes, so any instance can decode what another encoded.
const vocabulary = new Map<number, string>();

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0) >>> 1;
}

/**
 * The local model's tokenizer: text is split like {@link approximateTokens} and each piece's id
 * is its 31-bit FNV-1a hash, so ids depend only on the text (the same in every process and run).
 * Decoding looks pieces up in a process-wide table filled while encoding (by any instance);
 * ids never encoded in this process decode to `�`.
 *
 * @example
 * ```ts
 * const tok = createLocalTokenizer();
 * tok.decode(tok.encode('x = 12')); // 'x = 12'
 * ```
 */
export function createLocalTokenizer(): RSATokenizer {
  // The orchestrator encodes a prompt for its audit record right before the model encodes the same
  // prompt for its usage count: remembering the last text halves the work.
  let lastText: string | undefined;
  let lastIds: number[] = [];
  return {
    encode(text) {
      if (text === lastText) return lastIds.slice();
      const pieces = approximateTokens(text);
      const ids = new Array<number>(pieces.length);
      for (let i = 0; i < pieces.length; i++) {
        const piece = pieces[i]!;
        const id = fnv1a(piece);
        // Bounded so a long-lived process feeding arbitrary text cannot grow it without limit.
        if (vocabulary.size < MAX_VOCABULARY && !vocabulary.has(id)) vocabulary.set(id, piece);
        ids[i] = id;
      }
      lastText = text;
      lastIds = ids;
      return ids.slice();
    },
    decode(ids) {
      let text = '';
      for (const id of ids) text += vocabulary.get(id) ?? '\uFFFD';
      return text;
    },
  };
}
