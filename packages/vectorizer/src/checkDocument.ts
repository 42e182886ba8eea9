import { describeValue, RivuletError, type TokenizedDocument } from '@rivulet/core';
import { STAGE } from './VectorizerOptions.js';

/**
 * Checks the shape of one incoming document (`position` is its 0-based place in the stream) and returns its
 * tokens. Token types are checked where they are counted, to keep this a constant-time check.
 * @throws RivuletError `invalid-input`.
 */
export function checkDocument(doc: TokenizedDocument, position: number): readonly string[] {
  if (doc === null || typeof doc !== 'object') {
    throw new RivuletError(
      'invalid-input',
      STAGE,
      `document ${position} must be an object { id, tokens }, got ${describeValue(doc)}`,
      { parameter: 'documents' },
    );
  }
  if (typeof doc.id !== 'string') {
    throw new RivuletError(
      'invalid-input',
      STAGE,
      `document ${position} must have a string id, got ${describeValue(doc.id)}`,
      { parameter: 'id' },
    );
  }
  if (!Array.isArray(doc.tokens)) {
    throw new RivuletError(
      'invalid-input',
      STAGE,
      `document ${describeValue(doc.id)} must have an array of string tokens, got ${describeValue(doc.tokens)}`,
      { parameter: 'tokens' },
    );
  }
  return doc.tokens;
}

/** @throws RivuletError `invalid-input` for a token that is not a string. */
export function badToken(doc: TokenizedDocument, token: unknown): never {
  throw new RivuletError(
    'invalid-input',
    STAGE,
    `document ${describeValue(doc.id)} has a token that is not a string: ${describeValue(token)}`,
    { parameter: 'tokens' },
  );
}
