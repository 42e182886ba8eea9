import { type Document, describeValue, RivuletError, type TokenizedDocument } from '@rivulet/core';
import type { TokenizerSettings } from './TokenizerOptions.js';
import { finishTokens, tokenizeText } from './tokenizeText.js';

/**
 * Tokenizes the `index`-th document of a stream: `{ id, text }` is tokenized (a string `text` wins over
 * `tokens`); `{ id, tokens }` passes through with lower-casing, stop words and n-grams applied. Anything
 * else is an `invalid-input` RivuletError naming the document.
 */
export function tokenizeDocument(
  doc: Document,
  index: number,
  settings: TokenizerSettings,
): TokenizedDocument {
  if (doc === null || typeof doc !== 'object') {
    throw invalidInput(
      settings.stage,
      `document ${index} must be an object { id, text } or { id, tokens }`,
      doc,
      'document',
    );
  }
  const { id, text, tokens } = doc as { id?: unknown; text?: unknown; tokens?: unknown };
  if (typeof id !== 'string')
    throw invalidInput(settings.stage, `document ${index}: id must be a string`, id, 'id');
  if (typeof text === 'string') return { id, tokens: tokenizeText(text, settings) };
  if (!Array.isArray(tokens)) {
    throw new RivuletError(
      'invalid-input',
      settings.stage,
      `document ${index} (id ${JSON.stringify(id)}) needs a string text or an array tokens, got text ${describeValue(text)} and tokens ${describeValue(tokens)}`,
      { parameter: 'text' },
    );
  }
  const words: string[] = new Array(tokens.length);
  for (let i = 0; i < tokens.length; i++) {
    const token: unknown = tokens[i];
    if (typeof token !== 'string') {
      throw invalidInput(
        settings.stage,
        `document ${index} (id ${JSON.stringify(id)}): tokens[${i}] must be a string`,
        token,
        'tokens',
      );
    }
    words[i] = settings.lowercase ? token.toLowerCase() : token;
  }
  return { id, tokens: finishTokens(words, settings) };
}

function invalidInput(stage: string, message: string, got: unknown, parameter: string): RivuletError {
  return new RivuletError('invalid-input', stage, `${message}, got ${describeValue(got)}`, { parameter });
}
