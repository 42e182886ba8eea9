/**
 * Property-based fuzzing (fast-check) of the tokenizer, the vectorizer and NMF: the invariants hold on
 * arbitrary input, and each test logs how many cases ran.
 */

import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EpochEvent, isRivuletError, type ResultEvent } from '@rivulet/core';
import { loadModel, saveModel, trainNmf, trainOnlineNmf } from '@rivulet/decomposition';
import { CsrMatrix, DenseMatrix } from '@rivulet/linalg';
import { createTokenizer, tokenize } from '@rivulet/tokenizer';
import { FittedVectorizer, fitTransform, hashingVectorize } from '@rivulet/vectorizer';
import test from 'ava';
import fc from 'fast-check';
import { from, lastValueFrom, toArray } from 'rxjs';

/** Characters a tokenizer is most likely to trip on, mixed into arbitrary text. */
const HOSTILE_PIECES = [
  '\uD800', // lone high surrogate
  '\uDFFF', // lone low surrogate
  'e\u0301\u0302\u0303', // stacked combining marks
  '\u0301', // a combining mark with nothing to combine with
  '\u202E', // right-to-left override
  'שלום עולם', // Hebrew (RTL)
  'مرحبا بالعالم', // Arabic (RTL)
  '👩‍👩‍👧‍👦', // emoji ZWJ sequence
  '🇨🇳', // regional indicators
  '\u0000\u0001\u001F\u007F', // control characters
  '\u2028\u2029\r\n\t\v\f', // line and paragraph separators
  '\uFEFF\u200B\u200D', // BOM, zero-width space, zero-width joiner
  '我们需要稳定的微信支付接口',
  '日本語のテキスト',
  '한국어 텍스트',
  'Ⅻ ½ ² ℃',
  '__proto__ constructor',
  'İstanbul ß ﬁ', // case mappings that change length
];

/** Any UTF-16 code unit, lone surrogates included (fast-check's 'binary' unit only yields valid code points). */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));

const hostileText = fc
  .array(
    fc.oneof(
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.string({ unit: codeUnit, maxLength: 40 }),
      fc.string({ unit: 'grapheme', maxLength: 40 }),
      fc.constantFrom(...HOSTILE_PIECES),
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(''));

const TOKENIZER_SETTINGS = [
  {},
  { lang: 'en' },
  { lang: 'zh' },
  { lowercase: false, ngram: [1, 3] },
  { stopWords: 'en', dictionary: ['微信', 'e\u0301'] },
] as const;

test('tokenizer: arbitrary Unicode never throws and yields non-empty string tokens', (t) => {
  let cases = 0;
  for (const settings of TOKENIZER_SETTINGS) {
    const run = createTokenizer(settings);
    fc.assert(
      fc.property(hostileText, (text) => {
        cases++;
        const tokens = run(text);
        return Array.isArray(tokens) && tokens.every((w) => typeof w === 'string' && w.length > 0);
      }),
      { numRuns: 1000, seed: 7 },
    );
  }
  t.log(`${cases} cases (${TOKENIZER_SETTINGS.length} settings × 1000 runs)`);
  t.is(cases, TOKENIZER_SETTINGS.length * 1000);
});

test('tokenizer: the tokenize operator over arbitrary documents never errors', async (t) => {
  let cases = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(hostileText, { minLength: 1, maxLength: 8 }), async (texts) => {
      cases++;
      const docs = texts.map((text, i) => ({ id: `d${i}`, text }));
      const out = await lastValueFrom(from(docs).pipe(tokenize(), toArray()));
      return out.length === docs.length && out.every((d, i) => d.id === `d${i}`);
    }),
    { numRuns: 300, seed: 11 },
  );
  t.log(`${cases} cases`);
  t.is(cases, 300);
});

/** One-megabyte inputs with no line break: every script path of the tokenizer on a single long line. */
const MEGABYTE_LINES: readonly [string, () => string][] = [
  ['Latin letters, no space', () => 'a'.repeat(1 << 20)],
  ['English words', () => 'the quick brown fox '.repeat(1 << 16)],
  ['Chinese, no punctuation', () => '我们需要稳定的微信支付接口'.repeat(80_660)],
  ['combining marks', () => 'e\u0301'.repeat(1 << 19)],
  ['emoji ZWJ sequences', () => '👩‍👩‍👧‍👦'.repeat(1 << 16)],
  ['lone surrogates', () => '\uD800'.repeat(1 << 20)],
  ['RTL mixed with CJK', () => 'שלום中文'.repeat(1 << 17)],
  ['control characters', () => '\u0001\u0002x'.repeat(349_525)],
];

for (const [name, make] of MEGABYTE_LINES) {
  test(`tokenizer: a 1 MB line (${name}) is tokenized without throwing`, (t) => {
    const text = make();
    t.true(text.length >= 1 << 19, `input is ${text.length} code units`);
    for (const lang of ['auto', 'en', 'zh'] as const) {
      const tokens = createTokenizer({ lang })(text);
      t.true(Array.isArray(tokens), lang);
      t.true(
        tokens.every((w) => w.length > 0),
        lang,
      );
    }
  });
}

/** Tokenized documents over a small vocabulary of arbitrary words (prototype names included). */
const corpus = fc.array(
  fc.record({
    id: fc.string({ maxLength: 4 }),
    tokens: fc.array(
      fc.oneof(
        fc.constantFrom('apple', 'banana', '__proto__', 'constructor', 'toString', 'hasOwnProperty', '微信'),
        fc.string({ unit: 'binary', minLength: 1, maxLength: 6 }),
      ),
      { maxLength: 12 },
    ),
  }),
  { minLength: 1, maxLength: 15 },
);

test('vectorizer: counts equal a naive count; TF-IDF rows are unit-norm or zero; values finite', (t) => {
  let cases = 0;
  let refused = 0;
  fc.assert(
    fc.property(corpus, (docs) => {
      cases++;
      let counted: ReturnType<typeof fitTransform>;
      try {
        counted = fitTransform(docs, { weighting: 'count' });
      } catch (error) {
        // Only a corpus without any token may be refused.
        refused++;
        return isRivuletError(error, 'empty-input') && docs.every((d) => d.tokens.length === 0);
      }
      const { matrix, vocabulary } = counted;
      const column = new Map(vocabulary.map((term, j) => [term, j]));
      for (let i = 0; i < docs.length; i++) {
        const naive = new Map<string, number>();
        for (const w of docs[i].tokens) naive.set(w, (naive.get(w) ?? 0) + 1);
        const row = new Map<number, number>();
        for (let p = matrix.indptr[i]; p < matrix.indptr[i + 1]; p++)
          row.set(matrix.indices[p], matrix.data[p]);
        if (row.size !== naive.size) return false;
        for (const [w, c] of naive) if (row.get(column.get(w) ?? -1) !== c) return false;
      }
      const tfidf = fitTransform(docs, { weighting: 'tfidf' }).matrix;
      tfidf.check();
      for (let i = 0; i < tfidf.rows; i++) {
        let s = 0;
        for (let p = tfidf.indptr[i]; p < tfidf.indptr[i + 1]; p++) {
          const v = tfidf.data[p];
          if (!(Number.isFinite(v) && v >= 0)) return false;
          s += v * v;
        }
        if (s !== 0 && Math.abs(Math.sqrt(s) - 1) > 1e-12) return false;
      }
      return true;
    }),
    { numRuns: 500, seed: 3 },
  );
  t.log(`${cases} cases (${refused} all-empty corpora refused with empty-input)`);
  t.is(cases, 500);
});

/** A random sparse non-negative matrix with at least one positive value, and a valid component count. */
const sparseProblem = fc
  .record({
    rows: fc.integer({ min: 1, max: 12 }),
    cols: fc.integer({ min: 1, max: 12 }),
    density: fc.double({ min: 0.05, max: 1, noNaN: true }),
    seed: fc.integer({ min: 0, max: 1e6 }),
    scale: fc.constantFrom(1, 1e-3, 1e3, 0.5),
    integers: fc.boolean(),
    kFraction: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .map(({ rows, cols, density, seed, scale, integers, kFraction }) => {
    let state = seed + 1;
    const next = () => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state / 2147483648;
    };
    const dense = Array.from({ length: rows }, () =>
      Array.from({ length: cols }, () => {
        if (next() > density) return 0;
        const v = integers ? 1 + Math.floor(next() * 5) : next() * 10;
        return v * scale;
      }),
    );
    dense[Math.floor(next() * rows)][Math.floor(next() * cols)] = scale;
    const components = 1 + Math.floor(kFraction * Math.min(rows, cols) * 0.999);
    return { A: CsrMatrix.fromDense(dense), components, seed };
  });

for (const [solver, betaLoss] of [
  ['mu', 'frobenius'],
  ['cd', 'frobenius'],
  ['mu', 'kullback-leibler'],
] as const) {
  test(`NMF ${solver} ${betaLoss}: W, H ≥ 0 and finite, the loss never rises by more than 1e-12 relative per epoch`, async (t) => {
    let cases = 0;
    let epochs = 0;
    let floorRises = 0;
    await fc.assert(
      fc.asyncProperty(
        sparseProblem,
        fc.constantFrom('random', 'nndsvda'),
        async ({ A, components, seed }, init) => {
          cases++;
          const events = await lastValueFrom(
            trainNmf(A, {
              components,
              solver,
              betaLoss,
              init,
              seed,
              tol: 0,
              maxEpochs: 30,
              sliceMs: 1000,
            }).pipe(toArray()),
          );
          const epochEvents = events.filter((e): e is EpochEvent => e.type === 'epoch');
          const result = events[events.length - 1] as ResultEvent;
          epochs += epochEvents.length;
          // The loss comes from ‖A‖² − 2⟨AHᵀ, W⟩ + ⟨WᵀW, HHᵀ⟩ (never forming W·H), whose rounding is a few
          // ulps of ‖A‖²: near an exact fit the reported loss jitters at √ε·‖A‖ ≈ 1e-8·‖A‖ (documented in the
          // decomposition README). So a rise counts when loss² grows by more than 1e-12 relative plus that
          // floor (1e-14·‖A‖²); elsewhere the 1e-12 relative rule applies as is.
          // For KL the loss is √(2·D), D summed over A's entries: its floor is ε·ΣA rather than ε·‖A‖².
          let normA2 = 0;
          for (const v of A.data) normA2 += betaLoss === 'frobenius' ? v * v : v;
          let previous = Number.POSITIVE_INFINITY;
          for (const e of epochEvents) {
            if (!(Number.isFinite(e.loss) && e.loss >= 0)) return false;
            if (e.loss ** 2 > previous ** 2 * (1 + 1e-12) + 1e-14 * normA2) {
              t.log(`loss rose from ${previous} to ${e.loss} at epoch ${e.epoch} (floor scale ${normA2})`);
              return false;
            }
            if (e.loss > previous * (1 + 1e-12)) floorRises++;
            previous = e.loss;
          }
          for (const m of [result.W, result.H])
            for (const v of m.data) if (!(Number.isFinite(v) && v >= 0)) return false;
          return result.type === 'result' && Number.isFinite(result.loss);
        },
      ),
      { numRuns: 1000, seed: solver === 'mu' ? (betaLoss === 'frobenius' ? 5 : 8) : 6 },
    );
    t.log(`${cases} cases, ${epochs} epochs checked, ${floorRises} rises within the rounding floor`);
    t.is(cases, 1000);
  });
}

test('online NMF: H ≥ 0 and finite, every batch loss finite', async (t) => {
  let cases = 0;
  let batches = 0;
  await fc.assert(
    fc.asyncProperty(
      sparseProblem,
      fc.integer({ min: 1, max: 6 }),
      async ({ A, components, seed }, batchSize) => {
        cases++;
        const events = await lastValueFrom(
          trainOnlineNmf(A, { components, seed, batchSize, maxEpochs: 3, sliceMs: 1000 }).pipe(toArray()),
        );
        const result = events[events.length - 1] as ResultEvent;
        for (const e of events) {
          if (e.type === 'batch') {
            batches++;
            if (!(Number.isFinite(e.loss) && e.loss >= 0)) return false;
          }
        }
        return result.type === 'result' && result.H.data.every((v) => Number.isFinite(v) && v >= 0);
      },
    ),
    { numRuns: 500, seed: 9 },
  );
  t.log(`${cases} cases, ${batches} batches checked`);
  t.is(cases, 500);
});

test('hashing vectorizer: l2 rows unit-norm or zero, non-negative without alternateSign, finite', async (t) => {
  let cases = 0;
  await fc.assert(
    fc.asyncProperty(
      corpus,
      fc.boolean(),
      fc.integer({ min: 1, max: 64 }),
      async (docs, alternateSign, nFeatures) => {
        cases++;
        const matrices = await lastValueFrom(
          from(docs).pipe(hashingVectorize({ nFeatures, alternateSign, batchSize: 4 }), toArray()),
        );
        let rows = 0;
        for (const { matrix } of matrices) {
          matrix.check();
          rows += matrix.rows;
          for (let i = 0; i < matrix.rows; i++) {
            let s = 0;
            for (let p = matrix.indptr[i]; p < matrix.indptr[i + 1]; p++) {
              const v = matrix.data[p];
              if (!Number.isFinite(v) || (!alternateSign && v < 0)) return false;
              s += v * v;
            }
            if (s !== 0 && Math.abs(Math.sqrt(s) - 1) > 1e-12) return false;
          }
        }
        return rows === docs.length;
      },
    ),
    { numRuns: 500, seed: 10 },
  );
  t.log(`${cases} cases`);
  t.is(cases, 500);
});

test('loadModel on randomly damaged model files: the original model or a model-format/io error', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'rivulet-fuzz-model-'));
  try {
    const good = join(root, 'good');
    const H = DenseMatrix.fromRows([
      [1, 2, 0],
      [0, 1, 3],
    ]);
    await saveModel(good, {
      settings: { decomposer: 'nmf-mu', nested: { list: [1, 'two', null] } },
      vocabulary: ['a', '__proto__', '微信'],
      weighting: {
        kind: 'tfidf',
        norm: 'l2',
        idf: Float64Array.of(1, 1.5, 2),
        smoothIdf: true,
        sublinearTf: false,
      },
      H,
      W: DenseMatrix.fromRows([[1, 0]]),
      ids: ['d0'],
    });
    const files = ['model.json', 'H.f64', 'W.f64', 'idf.f64'];
    const originals = await Promise.all(files.map((f) => readFile(join(good, f))));
    let cases = 0;
    let loaded = 0;
    const kinds = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: files.length - 1 }),
        fc.oneof(
          fc.record({ op: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
          fc.record({
            op: fc.constant('flip' as const),
            at: fc.double({ min: 0, max: 0.999, noNaN: true }),
            mask: fc.integer({ min: 1, max: 255 }),
          }),
          fc.record({
            op: fc.constant('insert' as const),
            at: fc.double({ min: 0, max: 1, noNaN: true }),
            bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }),
          }),
        ),
        async (which, mutation) => {
          cases++;
          const dir = join(root, `case-${cases}`);
          await mkdir(dir);
          for (let i = 0; i < files.length; i++) {
            let bytes: Uint8Array = originals[i];
            if (i === which) {
              const at = Math.floor(mutation.at * bytes.length);
              if (mutation.op === 'truncate') bytes = bytes.subarray(0, at);
              else if (mutation.op === 'flip') {
                bytes = Uint8Array.from(bytes);
                bytes[at] ^= mutation.mask;
              } else bytes = Buffer.concat([bytes.subarray(0, at), mutation.bytes, bytes.subarray(at)]);
            }
            await writeFile(join(dir, files[i]), bytes);
          }
          try {
            const model = await loadModel(dir);
            loaded++;
            // Only a change the checksum does not cover (JSON whitespace) may load, and then unchanged.
            return model.H.data.join() === H.data.join() && model.vocabulary.join() === 'a,__proto__,微信';
          } catch (error) {
            const kind = isRivuletError(error) ? error.kind : `not a RivuletError: ${String(error)}`;
            kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
            return isRivuletError(error, 'model-format') || isRivuletError(error, 'io');
          } finally {
            await rm(dir, { recursive: true, force: true });
          }
        },
      ),
      { numRuns: 400, seed: 12 },
    );
    t.log(
      `${cases} damaged models: ${loaded} loaded unchanged, errors ${JSON.stringify(Object.fromEntries(kinds))}`,
    );
    t.is(cases, 400);
    t.false(Object.hasOwn(Object.prototype, 'polluted'));
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('FittedVectorizer.fromJSON on arbitrary JSON values in place of its fields: a RivuletError or a working vectorizer', (t) => {
  const json = fitTransform(
    [
      { id: 'a', tokens: ['x', 'y', 'x'] },
      { id: 'b', tokens: ['y', 'z'] },
    ],
    { weighting: 'tfidf' },
  ).fitted.toJSON() as unknown as Record<string, unknown>;
  const paths = [
    ['format'],
    ['version'],
    ['vocabulary'],
    ['weighting'],
    ['weighting', 'kind'],
    ['weighting', 'norm'],
    ['weighting', 'idf'],
    ['weighting', 'smoothIdf'],
    ['options'],
    ['options', 'minDf'],
    ['options', 'maxFeatures'],
  ];
  let cases = 0;
  let accepted = 0;
  fc.assert(
    fc.property(fc.constantFrom(...paths), fc.jsonValue(), (path, value) => {
      cases++;
      const copy = JSON.parse(JSON.stringify(json)) as Record<string, Record<string, unknown>>;
      if (path.length === 1) (copy as Record<string, unknown>)[path[0]] = value;
      else copy[path[0]][path[1]] = value;
      let fitted: ReturnType<typeof FittedVectorizer.fromJSON>;
      try {
        fitted = FittedVectorizer.fromJSON(JSON.parse(JSON.stringify(copy)));
      } catch (error) {
        return isRivuletError(error);
      }
      accepted++;
      try {
        const { matrix } = fitted.transform([{ id: 'q', tokens: ['x', 'z', 'w'] }]);
        return matrix.data.every((v) => Number.isFinite(v));
      } catch (error) {
        return isRivuletError(error);
      }
    }),
    { numRuns: 1000, seed: 13 },
  );
  t.log(`${cases} cases, ${accepted} accepted (the value was valid for its field)`);
  t.is(cases, 1000);
});
