import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { main } from './index.js';

async function run(args: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const code = await main(args, {
    stdout: { write: () => {} },
    stderr: { write: (s: string) => (stderr += s) },
  });
  return { code, stderr };
}

test('a --vocabulary that repeats a term is refused, naming both lines (issue 10, item 11)', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'rivulet-vocabulary-'));
  const mtx = join(dir, 'm.mtx');
  await writeFile(
    mtx,
    '%%MatrixMarket matrix coordinate integer general\n3 3 4\n1 1 2\n2 2 1\n3 3 1\n3 1 1\n',
  );
  const repeated = join(dir, 'repeated.txt');
  await writeFile(repeated, 'apple\nbanana\napple\n');
  const refused = await run(['topics', mtx, '--vocabulary', repeated, '--components', '1', '--quiet']);
  t.is(refused.code, 1);
  t.is(
    refused.stderr,
    `rivulet: --vocabulary ${JSON.stringify(repeated)} repeats the term "apple" on lines 1 and 3; every column needs its own term\n`,
  );
  const distinct = join(dir, 'distinct.txt');
  await writeFile(distinct, 'apple\nbanana\ncherry\n');
  const ok = await run(['topics', mtx, '--vocabulary', distinct, '--components', '1', '--quiet']);
  t.is(ok.code, 0, ok.stderr);
});
