import {
  type Document,
  describeValue,
  RivuletError,
  type TokenizedDocument,
  type TokenSink,
} from '@rivulet/core';
import type { TokenizerSettings } from './TokenizerOptions.js';
import { finishTokens, tokenizeText, tokenizeTextInto } from './tokenizeText.js';

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
  const { id, text, tokens } = checkedDocument(doc, index, settings);
  return {
    id,
    tokens: text === undefined ? givenTokens(id, tokens!, index, settings) : tokenizeText(text, settings),
  };
}

/**
 * {@link tokenizeDocument} handing the tokens to `sink` (see `tokenizeTextInto`), with the same checks
 * and errors; returns the document's id.
 */
export function tokenizeDocumentInto(
  doc: Document,
  index: number,
  settings: TokenizerSettings,
  sink: TokenSink,
): string {
  const { id, text, tokens } = checkedDocument(doc, index, settings);
  if (text !== undefined) tokenizeTextInto(text, settings, sink);
  else for (const token of givenTokens(id, tokens!, index, settings)) sink.token(token, 0, token.length);
  return id;
}

/** The id, and the string text or else the array of tokens, of a well-formed document. */
function checkedDocument(
  doc: Document,
  index: number,
  settings: TokenizerSettings,
): { id: string; text?: string; tokens?: readonly unknown[] } {
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
  if (typeof text === 'string') return { id, text };
  if (!Array.isArray(tokens)) {
    throw new RivuletError(
      'invalid-input',
      settings.stage,
      `document ${index} (id ${JSON.stringify(id)}) needs a string text or an array tokens, got text ${describeValue(text)} and tokens ${describeValue(tokens)}`,
      { parameter: 'text' },
    );
  }
  return { id, tokens };
}

/** Given tokens, checked, lower-cased when asked, then stop words and n-grams. */
function givenTokens(
  id: string,
  tokens: readonly unknown[],
  index: number,
  settings: TokenizerSettings,
): string[] {
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
  return finishTokens(words, settings);
}

function invalidInput(stage: string, message: string, got: unknown, parameter: string): RivuletError {
  return new RivuletError('invalid-input', stage, `${message}, got ${describeValue(got)}`, { parameter });
}
