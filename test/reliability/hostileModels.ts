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
  /** What the one-line refusal must name (a field, or the value at fault). */
  readonly field: string;
  /** Applies the damage; `false` when it does not apply to this model's settings layout. */
  mutate(parts: ModelParts): boolean | undefined;
}

/** The settings of a model as the cases damage them, in either layout (format 1 CLI, format 2 TopicModel). */
// biome-ignore lint/suspicious/noExplicitAny: mutations reach into model.json's nested JSON freely
function settings(manifest: Record<string, any>) {
  const s = manifest.settings;
  if (s.kind === 'rivulet-topic-model') {
    return {
      layout: 2,
      tokenizer: s.pipeline.tokenizer.options,
      decomposerOptions: s.pipeline.decomposer.options,
      setDecomposer: (name: string) => {
        s.pipeline.decomposer.name = name;
      },
      vectorizer: undefined,
    };
  }
  return {
    layout: 1,
    tokenizer: s.tokenizer,
    decomposerOptions: s.decomposerOptions,
    setDecomposer: (name: string) => {
      s.decomposer = name;
    },
    vectorizer: s.vectorizer,
  };
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
/** `false` when the mutation does not apply to the model's layout (nothing is written then). */
export async function mutateModel(
  dir: string,
  mutate: (parts: ModelParts) => boolean | undefined,
): Promise<boolean> {
  const { checksum: _, ...manifest } = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
  const binaries = new Map<string, Buffer>();
  for (const name of BINARY_ORDER) {
    const bytes = await readFile(join(dir, name)).catch(() => undefined);
    if (bytes) binaries.set(name, bytes);
  }
  const parts: ModelParts = { manifest, binaries };
  if (mutate(parts) === false) return false;
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
  return true;
}

const setDouble = (name: string, index: number, value: number) => (parts: ModelParts) => {
  parts.binaries.get(name)?.writeDoubleLE(value, index * 8);
  return true;
};

/**
 * Mutations of a model saved by `rivulet topics --save` (Rivulet's settings layout): settings beyond the
 * CLI's bounds, an unknown decomposer, a vocabulary permuted or repeated against H, factors that are not
 * finite or not non-negative, shapes that disagree. Every one must be refused naming `field`.
 */
export const HOSTILE_MODEL_CASES: readonly HostileModelCase[] = [
  {
    name: 'ngram [1, 100000] (made `similar` run out of memory)',
    field: 'ngram',
    mutate: ({ manifest }) => {
      settings(manifest).tokenizer.ngram = [1, 100000];
      return true;
    },
  },
  {
    name: 'ngram [0, 1]',
    field: 'ngram',
    mutate: ({ manifest }) => {
      settings(manifest).tokenizer.ngram = [0, 1];
      return true;
    },
  },
  {
    name: 'lang "xx"',
    field: 'lang',
    mutate: ({ manifest }) => {
      settings(manifest).tokenizer.lang = 'xx';
      return true;
    },
  },
  {
    name: 'maxEpochs 1e15 and tol 0 (made `transform` never end)',
    field: 'maxEpochs',
    mutate: ({ manifest }) => {
      Object.assign(settings(manifest).decomposerOptions, { maxEpochs: 1e15, tol: 0 });
      return true;
    },
  },
  {
    name: 'tol -1',
    field: 'tol',
    mutate: ({ manifest }) => {
      settings(manifest).decomposerOptions.tol = -1;
      return true;
    },
  },
  {
    name: 'seed 2^40',
    field: 'seed',
    mutate: ({ manifest }) => {
      settings(manifest).decomposerOptions.seed = 2 ** 40;
      return true;
    },
  },
  {
    name: 'components other than H’s rows',
    field: 'components',
    mutate: ({ manifest }) => {
      settings(manifest).decomposerOptions.components = 50;
      return true;
    },
  },
  {
    name: 'decomposer "lda" (was silently treated as nmf-cd)',
    field: 'lda',
    mutate: ({ manifest }) => {
      settings(manifest).setDecomposer('lda');
      return true;
    },
  },
  {
    name: 'an unknown decomposer option (format 1, whose options are the CLI’s only)',
    field: 'settings.decomposerOptions',
    mutate: ({ manifest }) => {
      const view = settings(manifest);
      if (view.layout !== 1) return false;
      view.decomposerOptions.alphaW = 1e300;
      return true;
    },
  },
  {
    name: 'the vectorizer’s vocabulary permuted against the model’s (format 1 stored it twice; gave other scores, exit 0)',
    field: 'settings.vectorizer.vocabulary',
    mutate: ({ manifest }) => {
      const vectorizer = settings(manifest).vectorizer;
      if (vectorizer === undefined) return false;
      const terms = vectorizer.vocabulary as string[];
      [terms[0], terms[1]] = [terms[1], terms[0]];
      return true;
    },
  },
  {
    name: 'the vectorizer’s idf changed (format 1)',
    field: 'settings.vectorizer.weighting',
    mutate: ({ manifest }) => {
      const vectorizer = settings(manifest).vectorizer;
      if (vectorizer === undefined) return false;
      vectorizer.weighting.idf[0] += 1;
      return true;
    },
  },
  {
    name: 'a vocabulary term repeated',
    field: 'vocabulary',
    mutate: ({ manifest }) => {
      manifest.vocabulary[1] = manifest.vocabulary[0];
      const vectorizer = settings(manifest).vectorizer;
      if (vectorizer !== undefined) vectorizer.vocabulary[1] = manifest.vocabulary[0];
      return true;
    },
  },
  { name: 'NaN in H', field: 'H', mutate: setDouble('H.f64', 0, Number.NaN) },
  { name: '−∞ in W', field: 'W', mutate: setDouble('W.f64', 1, Number.NEGATIVE_INFINITY) },
  { name: 'a negative value in an NMF model’s H', field: 'H', mutate: setDouble('H.f64', 2, -1) },
  { name: 'a negative idf', field: 'weighting.idf', mutate: setDouble('idf.f64', 0, -5) },
];

/**
 * Registers one ava test per hostile model case: `base(dir)` writes a valid model into `dir` (e.g. by
 * `rivulet topics --save`), the case mutates and re-checksums it, and `open(dir)` must reject with a
 * one-line `model-format` RivuletError (or `unknown-plugin` for a decomposer no plugin provides) naming the
 * case's field; a case that does not fit the model's settings layout passes with a note. Any model loader (the CLI's, a model
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
    await mutateModel(dir, () => true);
    await t.notThrowsAsync(open(dir));
    await rm(dir, { recursive: true, force: true });
  });
  for (const c of cases) {
    test(`${title}: hostile models: ${c.name}`, async (t) => {
      const dir = join(await mkdtemp(join(tmpdir(), 'rivulet-hostile-')), 'model');
      try {
        await cp(await template(), dir, { recursive: true });
        if (!(await mutateModel(dir, c.mutate))) {
          t.log('does not apply to this model’s settings layout');
          t.pass();
          return;
        }
        const error = await t.throwsAsync(open(dir));
        t.true(
          isRivuletError(error, 'model-format') || isRivuletError(error, 'unknown-plugin'),
          String(error),
        );
        t.true(error.message.includes(c.field), `the message does not name ${c.field}: ${error.message}`);
        t.false(error.message.includes('\n'));
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  }
}
