/**
 * One pipeline, three decomposers: the pipeline is resolved from a container by role tokens, so loading a
 * different decomposer plugin changes what it runs without touching the pipeline code. Also lists the
 * registered decomposers and builds one by name, as the CLI's `--decomposer` does.
 * Run: `pnpm example swap-decomposer`.
 */
import { fileURLToPath } from 'node:url';
import {
  createContainer,
  type DecomposerStage,
  type DocTermMatrix,
  isEvent,
  listPlugins,
  PIPELINE,
  type PipelineEvent,
  resolvePlugin,
} from '@rivulet/core';
import { nmfCdModule, nmfMuModule, svdModule, topTerms } from '@rivulet/decomposition';
import { readJsonl } from '@rivulet/sources';
import { tokenizerModule } from '@rivulet/tokenizer';
import { vectorizerModule } from '@rivulet/vectorizer';
import type { ContainerModule } from 'inversify';
import { filter, lastValueFrom, of, take, toArray } from 'rxjs';

const corpus = fileURLToPath(new URL('../../data/en.jsonl', import.meta.url));
const documents$ = readJsonl(corpus).pipe(take(2000));
const text = [tokenizerModule({ stopWords: 'en' }), vectorizerModule({ minDf: 3, maxDf: 0.5 })];

/** The unchanged pipeline code: whatever decomposer the container holds. */
async function topics(decomposer: ContainerModule): Promise<DocTermMatrix> {
  const rivulet = createContainer([...text, decomposer]);
  const events: PipelineEvent[] = await lastValueFrom(rivulet.get(PIPELINE).run(documents$).pipe(toArray()));
  const matrix = events.find((e) => e.type === 'matrix');
  const result = events.find((e) => e.type === 'result');
  if (!matrix || !result) throw new Error('the pipeline emitted no matrix or no result');
  const epochs = events.filter((e) => e.type === 'epoch').length;
  console.log(
    `${rivulet.get(PIPELINE).stages.at(-1)}: ${epochs} epoch events, loss ${result.loss.toFixed(4)}`,
  );
  for (const t of topTerms(result.H, matrix.matrix.vocabulary, 6)) {
    console.log(`  topic ${t.index}: ${t.terms.map((x) => x.term).join(' ')}`);
  }
  return matrix.matrix;
}

const matrix = await topics(nmfMuModule({ components: 4, maxEpochs: 100 }));
await topics(nmfCdModule({ components: 4 }));
await topics(svdModule({ components: 4 }));

// Discovery: every loaded plugin is listed by name and can be built by name with options.
const all = createContainer([
  nmfMuModule({ components: 4 }),
  nmfCdModule({ components: 4 }),
  svdModule({ components: 4 }),
]);
console.log(
  `decomposers: ${listPlugins(all, 'decomposer')
    .map((p) => p.name)
    .join(', ')}`,
);
const byName = resolvePlugin<DecomposerStage>(all, 'decomposer', 'nmf-cd', { components: 2 });
const result = await lastValueFrom(byName.apply(of(matrix)).pipe(filter(isEvent('result'))));
console.log(`by name: ${byName.name} with 2 components, loss ${result.loss.toFixed(4)}`);
