import {
  type Document,
  isRivuletError,
  type PluginDescriptor,
  RivuletError,
  type SpanTokenizer,
  TermTable,
} from '@rivulet/core';
import { CsrMatrix } from '@rivulet/linalg';
import { lastValueFrom, type Observable, of, toArray } from 'rxjs';

/** The case names of the two span capabilities' checks. */
export const TOKEN_SPANS_CASE = 'tokenSpans capability: the same tokens as the stage';
export const FIT_SPANS_CASE = 'fitSpans capability: the same matrix as the stage';

/**
 * Texts that reach every branch of a tokenizer that finds words inside a text: case, punctuation, CJK
 * runs, accents composed and decomposed, astral letters, a lone surrogate, words that are
 * `Object.prototype` members, an empty text and a pre-tokenized document.
 */
const SPAN_DOCUMENTS: readonly Document[] = [
  { id: 'a', text: 'Hello World, hello AGAIN: the end of the World' },
  { id: 'b', text: 'The quick brown fox 中文分词测试 and 日本語 too; café naïve e\u0301te\u0301 x 42 a_b' },
  { id: 'c', text: '' },
  { id: 'd', tokens: ['Pre', 'tokenized', 'Words', 'words'] },
  { id: 'e', text: 'math 𝐀𝐁𝐂 and emoji 😀 then a lone \ud800 surrogate, then\nlines\r\nand\ttabs' },
  { id: 'f', text: '__proto__ constructor toString hasOwnProperty valueOf prototype' },
];

/**
 * A tokenizer's `tokenSpans` must hand over, document by document, exactly the tokens its stage emits
 * (with its `baseOptions`), as non-empty spans inside the text given, with `TermTable.hash` when it
 * passes a hash; and refuse a malformed document with the `invalid-input` RivuletError its stage sends.
 * @return problems (empty when it holds)
 */
export async function tokenSpansProblems(
  descriptor: PluginDescriptor,
  options: Readonly<Record<string, unknown>>,
): Promise<string[]> {
  const make = descriptor.capabilities.tokenSpans as ((options: unknown) => SpanTokenizer) | undefined;
  if (make === undefined) return ['declares no tokenSpans'];
  const stage = descriptor.create(options as never);
  const emitted = (await lastValueFrom(
    stage.apply(of(...SPAN_DOCUMENTS) as Observable<never>).pipe(toArray()),
  )) as { id: string; tokens: string[] }[];
  const tokenizer = make(descriptor.resolveOptions(options as never));
  const problems: string[] = [];
  SPAN_DOCUMENTS.forEach((doc, index) => {
    const tokens: string[] = [];
    const id = tokenizer(doc, index, {
      token(text, start, end, hash) {
        if (
          !(
            Number.isInteger(start) &&
            Number.isInteger(end) &&
            0 <= start &&
            start < end &&
            end <= text.length
          )
        ) {
          problems.push(
            `document ${doc.id}: span [${start}, ${end}) is not a non-empty span of a text of ${text.length}`,
          );
        }
        if (hash !== undefined && hash !== TermTable.hash(text, start, end)) {
          problems.push(
            `document ${doc.id}: hash ${hash} of ${JSON.stringify(text.slice(start, end))} is not TermTable.hash`,
          );
        }
        tokens.push(text.slice(start, end));
      },
    });
    if (id !== doc.id) problems.push(`document ${doc.id}: returned the id ${JSON.stringify(id)}`);
    const expected = emitted[index]?.tokens ?? [];
    if (JSON.stringify(tokens) !== JSON.stringify(expected)) {
      problems.push(
        `document ${doc.id}: spans ${JSON.stringify(tokens)} but the stage emits ${JSON.stringify(expected)}`,
      );
    }
  });
  try {
    tokenizer(null as unknown as Document, 0, { token() {} });
    problems.push('a null document was not refused');
  } catch (error) {
    if (!isRivuletError(error) || error.kind !== 'invalid-input') {
      problems.push(`a null document threw ${String(error)}, not an invalid-input RivuletError`);
    }
  }
  return problems;
}

/**
 * Words between spaces, as spans without a hash: the plainest span tokenizer (a third party's, in
 * effect), to check a vectorizer's `fitSpans` with — here and in a vectorizer's own tests.
 *
 * @example
 * ```ts
 * import { spaceWords } from '@rivulet/testing';
 * spaceWords({ id: 'a', text: 'red  fox' }, 0, { token: (text, start, end) => console.log(text.slice(start, end)) });
 * ```
 */
export const spaceWords: SpanTokenizer = (doc, _index, sink) => {
  const { text } = doc as { text: string };
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || text.charCodeAt(i) === 0x20) {
      if (i > start) sink.token(text, start, i);
      start = i + 1;
    }
  }
  return doc.id;
};

const FIT_DOCUMENTS = [
  { id: 'a', text: 'red fox red hen' },
  { id: 'b', text: 'hen fox' },
  { id: 'c', text: '' },
  { id: 'd', text: '__proto__ constructor red red red' },
  { id: 'e', text: 'fox' },
];

/**
 * A vectorizer's `fitSpans` must emit what its stage emits (with its `baseOptions`) for the same tokens —
 * matrix, vocabulary and ids — and send a tokenizer's error down the error channel.
 * @return problems (empty when it holds)
 */
export async function fitSpansProblems(
  descriptor: PluginDescriptor,
  options: Readonly<Record<string, unknown>>,
): Promise<string[]> {
  const fitSpans = descriptor.capabilities.fitSpans as
    | ((documents: Observable<Document>, tokenizer: SpanTokenizer, options: unknown) => Observable<unknown>)
    | undefined;
  if (fitSpans === undefined) return ['declares no fitSpans'];
  const tokenized = FIT_DOCUMENTS.map((d) => ({ id: d.id, tokens: d.text.split(' ').filter(Boolean) }));
  const stage = descriptor.create(options as never);
  const expected = await lastValueFrom(stage.apply(of(...tokenized) as Observable<never>).pipe(toArray()));
  const resolved = descriptor.resolveOptions(options as never);
  const got = await lastValueFrom(fitSpans(of(...FIT_DOCUMENTS), spaceWords, resolved).pipe(toArray()));
  const problems: string[] = [];
  if (got.length !== expected.length)
    problems.push(`emitted ${got.length} value(s), the stage ${expected.length}`);
  for (let k = 0; k < Math.min(got.length, expected.length); k++) {
    problems.push(...sameOutput(got[k], expected[k]));
  }
  const refusing: SpanTokenizer = () => {
    throw new RivuletError('invalid-input', 'spanChecks', 'refused');
  };
  let errored: unknown;
  try {
    await lastValueFrom(fitSpans(of(FIT_DOCUMENTS[0]), refusing, resolved).pipe(toArray()));
  } catch (error) {
    errored = error;
  }
  if (!isRivuletError(errored) || errored.message !== 'spanChecks: refused') {
    problems.push(`a tokenizer's error did not reach the error channel (got ${String(errored)})`);
  }
  return problems;
}

function sameOutput(got: unknown, expected: unknown): string[] {
  const g = got as { matrix?: unknown; vocabulary?: unknown; ids?: unknown };
  const e = expected as { matrix?: unknown; vocabulary?: unknown; ids?: unknown };
  const problems: string[] = [];
  if (CsrMatrix.is(g.matrix) && CsrMatrix.is(e.matrix)) {
    const [a, b] = [g.matrix, e.matrix];
    const same =
      a.rows === b.rows &&
      a.cols === b.cols &&
      a.indptr.every((x, i) => x === b.indptr[i]) &&
      a.nnz === b.nnz &&
      a.indices.subarray(0, a.nnz).every((x, i) => x === b.indices[i]) &&
      a.data.subarray(0, a.nnz).every((x, i) => Object.is(x, b.data[i]));
    if (!same) problems.push('the matrix differs from the stage’s');
  } else if (JSON.stringify(got) !== JSON.stringify(expected))
    problems.push('the output differs from the stage’s');
  if (JSON.stringify(g.vocabulary) !== JSON.stringify(e.vocabulary)) problems.push('the vocabulary differs');
  if (JSON.stringify(g.ids) !== JSON.stringify(e.ids)) problems.push('the ids differ');
  return problems;
}
