import { EMPTY, of } from 'rxjs';
import { badOptionCases, type CheckCase, nothing, unknownKeyCases, withOptions } from './CheckCase.js';
import type { CheckProfile } from './checkPlugin.js';

/** Checks that `values` are `count` tokenized documents with string ids and arrays of strings. */
export function tokenizedProblems(values: readonly unknown[], count: number): string[] {
  if (values.length !== count) return [`expected ${count} tokenized document(s), got ${values.length}`];
  const problems: string[] = [];
  for (const v of values) {
    const d = v as { id?: unknown; tokens?: unknown };
    if (typeof d?.id !== 'string') problems.push(`id ${String(d?.id)} is not a string`);
    if (!Array.isArray(d?.tokens) || d.tokens.some((t) => typeof t !== 'string' || t.length === 0)) {
      problems.push(`tokens of ${String(d?.id)} are not an array of non-empty strings`);
    }
  }
  return problems;
}

/** Words that collide with Object.prototype members when a stage counts into a plain object. */
export const PROTOTYPE_WORDS = [
  '__proto__',
  'constructor',
  'prototype',
  'tostring',
  'hasownproperty',
  'valueof',
];

/** The tokenizer battery. */
export function tokenizerCases(profile: CheckProfile): CheckCase[] {
  const base = profile.baseOptions;
  const one = () => of({ id: 'a', text: 'Hello world' });
  const invalid = ['invalid-input'] as const;
  const option = (name: string, value: unknown, parameter = name): CheckCase => ({
    name: `options: ${name} ${typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value))}`,
    options: withOptions(base, { [name]: value }),
    source: one,
    accept: { errors: ['invalid-option'], parameter },
  });
  return [
    { name: 'empty stream', source: () => EMPTY, accept: { values: nothing } },
    { name: 'one document', source: one, accept: { values: (v) => tokenizedProblems(v, 1) } },
    {
      name: 'empty text',
      source: () => of({ id: 'a', text: '' }),
      accept: {
        values: (v) => [
          ...tokenizedProblems(v, 1),
          ...((v[0] as { tokens?: unknown[] })?.tokens?.length === 0 ? [] : ['tokens of "" are not empty']),
        ],
      },
    },
    {
      name: 'duplicate documents',
      source: () => of({ id: 'a', text: 'same text' }, { id: 'a', text: 'same text' }),
      accept: { values: (v) => tokenizedProblems(v, 2) },
    },
    {
      name: 'pre-tokenized document',
      source: () => of({ id: 'a', tokens: ['Hello', 'world'] }),
      accept: { values: (v) => tokenizedProblems(v, 1) },
    },
    {
      name: 'prototype words as text and a __proto__ key in the document (from JSON)',
      source: () =>
        of(
          JSON.parse(
            '{"id":"a","text":"__proto__ constructor prototype toString hasOwnProperty valueOf","__proto__":{"polluted":true}}',
          ),
        ),
      accept: {
        values: (v) => {
          const problems = tokenizedProblems(v, 1);
          const tokens = (v[0] as { tokens: string[] }).tokens ?? [];
          for (const w of PROTOTYPE_WORDS) if (!tokens.includes(w)) problems.push(`token ${w} missing`);
          return problems;
        },
      },
    },
    {
      name: 'pre-tokenized prototype words',
      source: () => of({ id: 'a', tokens: ['__proto__', 'constructor', '__proto__'] }),
      accept: { values: (v) => tokenizedProblems(v, 1) },
    },
    {
      // Issue 10, item 5: a pattern over such a run overflowed V8's regular-expression stack.
      name: 'a run of 3 million letters with one CJK character, and 4 million Han characters',
      source: () =>
        of({ id: 'a', text: `${'a'.repeat(3_000_000)}中` }, { id: 'b', text: '中文'.repeat(2_000_000) }),
      accept: { errors: ['limit'], values: (v) => tokenizedProblems(v, 2) },
    },
    { name: 'null document', source: () => of(null), accept: { errors: invalid } },
    { name: 'a string instead of a document', source: () => of('hello'), accept: { errors: invalid } },
    { name: 'neither text nor tokens', source: () => of({ id: 'a' }), accept: { errors: invalid } },
    { name: 'text is a number', source: () => of({ id: 'a', text: 42 }), accept: { errors: invalid } },
    { name: 'tokens is a string', source: () => of({ id: 'a', tokens: 'a b' }), accept: { errors: invalid } },
    {
      name: 'tokens hold numbers',
      source: () => of({ id: 'a', tokens: ['a', 1] }),
      accept: { errors: invalid },
    },
    {
      name: 'id is a number: refused or kept a string',
      source: () => of({ id: 7, text: 'hello' }),
      accept: { errors: invalid, values: (v) => tokenizedProblems(v, 1) },
    },
    {
      name: 'a stream that errors',
      source: () => of({ id: 'a', text: 'x' }, null),
      accept: { errors: invalid },
    },
    option('lang', 'xx'),
    option('lowercase', 'yes'),
    option('stopWords', 42),
    option('ngram', 0),
    option('ngram', [2, 1]),
    option('ngram', [1, Number.NaN]),
    option('dictionary', 'word'),
    ...badOptionCases(base, profile.badOptions, one),
    ...unknownKeyCases(base, one),
  ];
}
