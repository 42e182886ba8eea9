import { createHash } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isRivuletError } from '@rivulet/core';
import type { TestFn } from 'ava';

/** A model directory's parts as a mutation sees them: the parsed `model.json` and the binary files. */
export interface ModelParts {
  // biome-ignore lint/suspicious/noExplicitAny: mutations reach into model.json's nested JSON freely
  manifest: Record<string, any>;
  binaries: Map<string, Buffer>;
}

/**
 * A model damaged on purpose but re-checksummed (anyone can recompute a SHA-256), so only validation of
 * its contents can refuse it. `field` is what the refusal must name.
 */
export interface HostileModelCase {
  readonly name: string;
  readonly field: string;
  mutate(parts: ModelParts): void;
}

const BINARY_ORDER = ['H.f64', 'W.f64', 'idf.f64'];

/** JSON with keys sorted at every level: the format's canonical form, written from its documentation. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    const keys = Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Applies `mutate` to the model in `dir` and writes it back with a valid checksum (format version 1). */
export async function mutateModel(dir: string, mutate: (parts: ModelParts) => void): Promise<void> {
  const { checksum: _, ...manifest } = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
  const binaries = new Map<string, Buffer>();
  for (const name of BINARY_ORDER) {
    const bytes = await readFile(join(dir, name)).catch(() => undefined);
    if (bytes) binaries.set(name, bytes);
  }
  const parts: ModelParts = { manifest, binaries };
  mutate(parts);
  const hash = createHash('sha256').update(canonical(parts.manifest), 'utf8');
  for (const name of BINARY_ORDER) {
    const bytes = parts.binaries.get(name);
    if (bytes === undefined) continue;
    hash.update(`\n${name}\0`, 'utf8');
    hash.update(bytes);
    await writeFile(join(dir, name), bytes);
  }
  const checksum = `sha256:${hash.digest('hex')}`;
  await writeFile(join(dir, 'model.json'), JSON.stringify({ ...parts.manifest, checksum }, null, 2));
}

const setDouble = (name: string, index: number, value: number) => (parts: ModelParts) => {
  parts.binaries.get(name)?.writeDoubleLE(value, index * 8);
};

/**
 * Mutations of a model saved by `rivulet topics --save` (Rivulet's settings layout): settings beyond the
 * CLI's bounds, an unknown decomposer, a vocabulary permuted or repeated against H, factors that are not
 * finite or not non-negative, shapes that disagree. Every one must be refused naming `field`.
 */
export const HOSTILE_MODEL_CASES: readonly HostileModelCase[] = [
  {
    name: 'ngram [1, 100000] (made `similar` run out of memory)',
    field: 'settings.tokenizer.ngram',
    mutate: ({ manifest }) => {
      manifest.settings.tokenizer.ngram = [1, 100000];
    },
  },
  {
    name: 'ngram [0, 1]',
    field: 'settings.tokenizer.ngram',
    mutate: ({ manifest }) => {
      manifest.settings.tokenizer.ngram = [0, 1];
    },
  },
  {
    name: 'maxEpochs 1e15 and tol 0 (made `transform` never end)',
    field: 'settings.decomposerOptions.maxEpochs',
    mutate: ({ manifest }) => {
      manifest.settings.decomposerOptions.maxEpochs = 1e15;
      manifest.settings.decomposerOptions.tol = 0;
    },
  },
  {
    name: 'tol -1',
    field: 'settings.decomposerOptions.tol',
    mutate: ({ manifest }) => {
      manifest.settings.decomposerOptions.tol = -1;
    },
  },
  {
    name: 'seed 2^40',
    field: 'settings.decomposerOptions.seed',
    mutate: ({ manifest }) => {
      manifest.settings.decomposerOptions.seed = 2 ** 40;
    },
  },
  {
    name: 'components other than H’s rows',
    field: 'settings.decomposerOptions.components',
    mutate: ({ manifest }) => {
      manifest.settings.decomposerOptions.components = 50;
    },
  },
  {
    name: 'an unknown decomposer option',
    field: 'settings.decomposerOptions',
    mutate: ({ manifest }) => {
      manifest.settings.decomposerOptions.alphaW = 1e300;
    },
  },
  {
    name: 'decomposer "lda" (was silently treated as nmf-cd)',
    field: 'settings.decomposer',
    mutate: ({ manifest }) => {
      manifest.settings.decomposer = 'lda';
    },
  },
  {
    name: 'lang "xx"',
    field: 'settings.tokenizer.lang',
    mutate: ({ manifest }) => {
      manifest.settings.tokenizer.lang = 'xx';
    },
  },
  {
    name: 'the vectorizer’s vocabulary permuted against the model’s (gave other scores, exit 0)',
    field: 'settings.vectorizer.vocabulary',
    mutate: ({ manifest }) => {
      const terms = manifest.settings.vectorizer.vocabulary as string[];
      [terms[0], terms[1]] = [terms[1], terms[0]];
    },
  },
  {
    name: 'vocabulary and vectorizer both permuted the same way against H',
    field: 'settings.vectorizer.weighting',
    mutate: ({ manifest }) => {
      // Swapping two terms everywhere but in H and idf.f64 leaves the vectorizer's idf out of line.
      for (const terms of [manifest.vocabulary, manifest.settings.vectorizer.vocabulary] as string[][]) {
        [terms[0], terms[1]] = [terms[1], terms[0]];
      }
      const idf = manifest.settings.vectorizer.weighting.idf as number[];
      [idf[0], idf[1]] = [idf[1] + 1, idf[0]];
    },
  },
  {
    name: 'a vocabulary term repeated',
    field: 'vocabulary',
    mutate: ({ manifest }) => {
      manifest.vocabulary[1] = manifest.vocabulary[0];
      manifest.settings.vectorizer.vocabulary[1] = manifest.vocabulary[0];
    },
  },
  { name: 'NaN in H', field: 'H', mutate: setDouble('H.f64', 0, Number.NaN) },
  { name: '−∞ in W', field: 'W', mutate: setDouble('W.f64', 1, Number.NEGATIVE_INFINITY) },
  { name: 'a negative value in an NMF model’s H', field: 'H', mutate: setDouble('H.f64', 2, -1) },
  { name: 'a negative idf', field: 'weighting.idf', mutate: setDouble('idf.f64', 0, -5) },
  {
    name: 'the vectorizer’s idf changed',
    field: 'settings.vectorizer.weighting',
    mutate: ({ manifest }) => {
      manifest.settings.vectorizer.weighting.idf[0] += 1;
    },
  },
];

/**
 * Registers one ava test per hostile model case: `base(dir)` writes a valid model into `dir` (e.g. by
 * `rivulet topics --save`), the case mutates and re-checksums it, and `open(dir)` must reject with a
 * one-line `model-format` RivuletError naming the case's field. Any model loader (the CLI's, a model
 * object's `load`, a model store) runs through it.
 */
export function checkHostileModels(
  test: TestFn,
  title: string,
  base: (dir: string) => Promise<void>,
  open: (dir: string) => Promise<unknown>,
  cases: readonly HostileModelCase[] = HOSTILE_MODEL_CASES,
): void {
  let made: Promise<string> | undefined;
  const template = () => {
    made ??= (async () => {
      const dir = join(await mkdtemp(join(tmpdir(), 'rivulet-hostile-')), 'model');
      await base(dir);
      return dir;
    })();
    return made;
  };
  test(`${title}: hostile models: the unmutated model opens`, async (t) => {
    const dir = join(await mkdtemp(join(tmpdir(), 'rivulet-hostile-')), 'model');
    await cp(await template(), dir, { recursive: true });
    await mutateModel(dir, () => {});
    await t.notThrowsAsync(open(dir));
    await rm(dir, { recursive: true, force: true });
  });
  for (const c of cases) {
    test(`${title}: hostile models: ${c.name}`, async (t) => {
      const dir = join(await mkdtemp(join(tmpdir(), 'rivulet-hostile-')), 'model');
      try {
        await cp(await template(), dir, { recursive: true });
        await mutateModel(dir, c.mutate);
        const error = await t.throwsAsync(open(dir));
        t.true(isRivuletError(error, 'model-format'), String(error));
        t.true(error.message.includes(c.field), `the message does not name ${c.field}: ${error.message}`);
        t.false(error.message.includes('\n'));
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  }
}
