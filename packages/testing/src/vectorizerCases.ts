import { CsrMatrix } from '@rivulet/linalg';
import { EMPTY, of } from 'rxjs';
import { badOptionCases, type CheckCase, nothing, unknownKeyCases } from './CheckCase.js';
import type { CheckProfile } from './checkPlugin.js';

interface MatrixLike {
  matrix: CsrMatrix;
  vocabulary?: unknown;
  ids?: readonly string[];
}

/**
 * Problems with a vectorizer's output for `count` documents: CSR matrices (structurally valid, finite
 * values) whose rows add up to `count`, with ids in order and, where the vocabulary is a list, one name per
 * column.
 */
export function matrixProblems(
  values: readonly unknown[],
  count: number,
  terms: readonly string[] = [],
): string[] {
  const problems: string[] = [];
  let rows = 0;
  for (const v of values) {
    const m = v as MatrixLike;
    if (!CsrMatrix.is(m?.matrix)) return [`emitted ${String(v)} instead of a document-term matrix`];
    try {
      m.matrix.check();
    } catch (error) {
      problems.push(`malformed CSR: ${(error as Error).message}`);
    }
    for (const x of m.matrix.data) {
      if (!Number.isFinite(x)) {
        problems.push(`non-finite value ${x}`);
        break;
      }
    }
    rows += m.matrix.rows;
    if (Array.isArray(m.vocabulary)) {
      if (m.vocabulary.length !== m.matrix.cols)
        problems.push(`vocabulary has ${m.vocabulary.length} terms for ${m.matrix.cols} columns`);
      for (const t of terms)
        if (!m.vocabulary.includes(t)) problems.push(`term ${t} missing from the vocabulary`);
    }
  }
  if (rows !== count) problems.push(`expected ${count} row(s) in all, got ${rows}`);
  return problems;
}

/** The vectorizer battery (input: tokenized documents). */
export function vectorizerCases(profile: CheckProfile): CheckCase[] {
  const base = profile.baseOptions;
  const docs = () =>
    of(
      { id: 'a', tokens: ['apple', 'banana', 'apple'] },
      { id: 'b', tokens: ['banana', 'cherry'] },
      { id: 'c', tokens: ['cherry', 'apple'] },
    );
  const invalid = ['invalid-input'] as const;
  const proto = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype'];
  return [
    // An empty corpus is an error for a fitting vectorizer, and nothing at all for a streaming one.
    { name: 'empty stream', source: () => EMPTY, accept: { errors: ['empty-input'], values: nothing } },
    {
      name: 'one document',
      source: () => of({ id: 'a', tokens: ['apple', 'banana'] }),
      accept: { values: (v) => matrixProblems(v, 1) },
    },
    {
      name: 'one term in every document',
      source: () => of({ id: 'a', tokens: ['x'] }, { id: 'b', tokens: ['x', 'x'] }),
      accept: { values: (v) => matrixProblems(v, 2) },
    },
    {
      name: 'a document without tokens among others',
      source: () => of({ id: 'a', tokens: [] }, { id: 'b', tokens: ['x', 'y'] }),
      accept: { values: (v) => matrixProblems(v, 2) },
    },
    {
      name: 'only documents without tokens',
      source: () => of({ id: 'a', tokens: [] }, { id: 'b', tokens: [] }),
      accept: { errors: ['empty-input'], values: (v) => matrixProblems(v, 2) },
    },
    {
      name: 'duplicate documents',
      source: () => of({ id: 'a', tokens: ['x', 'y'] }, { id: 'a', tokens: ['x', 'y'] }),
      accept: { values: (v) => matrixProblems(v, 2) },
    },
    {
      name: 'prototype words as tokens (__proto__, constructor, toString, …)',
      source: () => of({ id: 'a', tokens: proto }, { id: 'b', tokens: ['__proto__', 'x'] }),
      accept: { values: (v) => [...matrixProblems(v, 2, proto), ...protoCounts(v)] },
    },
    {
      name: 'a __proto__ key in the document (from JSON)',
      source: () => of(JSON.parse('{"id":"a","tokens":["x"],"__proto__":{"polluted":true}}')),
      accept: { values: (v) => matrixProblems(v, 1) },
    },
    { name: 'null document', source: () => of(null), accept: { errors: invalid } },
    { name: 'a string instead of a document', source: () => of('x y'), accept: { errors: invalid } },
    {
      name: 'a document without tokens field',
      source: () => of({ id: 'a', text: 'x y' }),
      accept: { errors: invalid },
    },
    { name: 'tokens is a string', source: () => of({ id: 'a', tokens: 'x y' }), accept: { errors: invalid } },
    {
      name: 'tokens hold numbers',
      source: () => of({ id: 'a', tokens: ['x', 3] }),
      accept: { errors: invalid },
    },
    {
      name: 'id is a number: refused or kept a string',
      source: () => of({ id: 3, tokens: ['x'] }),
      accept: {
        errors: invalid,
        values: (v) => [
          ...matrixProblems(v, 1),
          ...((v[0] as MatrixLike).ids?.every((id) => typeof id === 'string') === false
            ? ['a non-string id']
            : []),
        ],
      },
    },
    ...badOptionCases(base, profile.badOptions, docs),
    ...unknownKeyCases(base, docs),
  ];
}

/** In document a, each prototype word appears once: its cell must hold a value (not be lost or merged). */
function protoCounts(values: readonly unknown[]): string[] {
  const m = values[0] as MatrixLike;
  if (!Array.isArray(m?.vocabulary)) return [];
  const { indptr } = m.matrix;
  // Six distinct tokens in row 0: six stored cells.
  const cells = indptr[1] - indptr[0];
  return cells === 6 ? [] : [`row 0 has ${cells} stored terms, expected 6 distinct prototype words`];
}
