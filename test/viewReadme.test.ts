import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';

test('the view README explorer snippet writes a page with both models', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'rivulet-view-readme-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    // --- README snippet (packages/view/README.md, "The topic explorer"; keep in sync) ---
    const { writeFile } = await import('node:fs/promises');
    const { TopicModel } = await import('@rivulet/model');
    const { explorerData, renderExplorer } = await import('@rivulet/view');

    const documents = [
      { id: 'a', text: 'the river flows to the sea' },
      { id: 'b', text: 'a compiler parses the source' },
      { id: 'c', text: 'waves and tides of the sea' },
      { id: 'd', text: 'the parser reads source code' },
    ];
    const corpus = await TopicModel.vectorize(documents);
    const models = [];
    for (const k of [2, 3]) {
      models.push(
        await TopicModel.train(corpus, { decomposer: { name: 'nmf-cd', options: { components: k } } }),
      );
    }
    const data = explorerData({
      corpus: corpus.matrix, // the document-term matrix the models were trained on
      texts: documents.map((d) => d.text), // in row order: snippets and search (optional)
      models: models.map((m) => ({ label: `k=${m.components}`, H: m.H, W: m.W! })),
    });
    await writeFile('explorer.html', renderExplorer(data, { title: 'my topics' }));
    // --- end of snippet ---
  } finally {
    process.chdir(cwd);
  }
  const html = await readFile(join(dir, 'explorer.html'), 'utf8');
  t.true(html.includes('<button type="button" data-model="1" aria-pressed="false">k=3</button>'));
  t.true(html.includes('waves and tides of the sea'));
});
