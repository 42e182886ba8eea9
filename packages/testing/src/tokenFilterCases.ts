import { EMPTY, of } from 'rxjs';
import { badOptionCases, type CheckCase, nothing, unknownKeyCases } from './CheckCase.js';
import type { CheckProfile } from './checkPlugin.js';
import { PROTOTYPE_WORDS, tokenizedProblems } from './tokenizerCases.js';

/**
 * The token-filter battery (input: tokenized documents from a tokenizer, output: tokenized documents, one
 * per input, in order). A filter sits after a tokenizer, which already refuses malformed documents, so the
 * inputs are well-formed; what is checked is the edge of valid input and the options.
 */
export function tokenFilterCases(profile: CheckProfile): CheckCase[] {
  const base = profile.baseOptions;
  const one = () => of({ id: 'a', tokens: ['hello', 'world'] });
  const ids = (expected: string[]) => (values: readonly unknown[]) => {
    const problems = tokenizedProblems(values, expected.length);
    const got = values.map((v) => (v as { id?: unknown }).id);
    return problems.length > 0 || got.join() === expected.join()
      ? problems
      : [`ids ${got.join()}, expected ${expected.join()}`];
  };
  return [
    { name: 'empty stream', source: () => EMPTY, accept: { values: nothing } },
    { name: 'one document', source: one, accept: { values: ids(['a']) } },
    {
      name: 'a document without tokens',
      source: () => of({ id: 'a', tokens: [] }),
      accept: { values: ids(['a']) },
    },
    {
      name: 'duplicate documents, in order',
      source: () => of({ id: 'b', tokens: ['x'] }, { id: 'a', tokens: ['x'] }, { id: 'b', tokens: ['x'] }),
      accept: { values: ids(['b', 'a', 'b']) },
    },
    {
      name: 'prototype words as tokens',
      source: () => of({ id: 'a', tokens: [...PROTOTYPE_WORDS] }),
      accept: { values: ids(['a']) },
    },
    ...badOptionCases(base, profile.badOptions, one),
    ...unknownKeyCases(base, one),
  ];
}
