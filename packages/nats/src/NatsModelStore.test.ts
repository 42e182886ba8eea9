import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '@nats-io/transport-node';
import { isRivuletError } from '@rivulet/core';
import anyTest, { type TestFn } from 'ava';
import { firstValueFrom, take, toArray } from 'rxjs';
import { type ModelVersion, NatsModelStore } from './index.js';
import { eventually, natsAvailable, sharedServer } from './internal/testServer.js';

const test = (natsAvailable() ? anyTest : anyTest.skip) as TestFn;
const server = sharedServer(test);

let buckets = 0;
async function open() {
  const nc = await connect({ servers: server.get().url });
  const store = await NatsModelStore.open(nc, { bucket: `models${++buckets}`, chunkSize: 64 * 1024 });
  return { nc, store };
}

const bytes = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 255);

test('a model of several files, one larger than a chunk, comes back byte for byte', async (t) => {
  const { nc, store } = await open();
  const files = new Map([
    ['model.json', new TextEncoder().encode('{"k":3}')],
    ['W.f64', bytes(300_000, 1)],
    ['k10/H.f64', bytes(1000, 2)],
  ]);
  const v = await store.put('topics', files, { meta: { seq: 42 } });
  t.is(v.revision, 1);
  t.deepEqual(v.meta, { seq: 42 });
  t.deepEqual((await store.current('topics'))?.version, v.version);
  t.deepEqual(await store.get('topics'), files);
  await nc.close();
});

test('two concurrent writers: one wins, the other gets a conflict error and leaves no files behind', async (t) => {
  const { nc, store } = await open();
  const first = await store.put('m', new Map([['a', bytes(10, 0)]]));
  const results = await Promise.allSettled([
    store.put('m', new Map([['a', bytes(10, 1)]]), { expectedRevision: first.revision }),
    store.put('m', new Map([['a', bytes(10, 2)]]), { expectedRevision: first.revision }),
  ]);
  const won = results.filter((r) => r.status === 'fulfilled');
  const lost = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
  t.is(won.length, 1);
  t.is(lost.length, 1);
  t.true(isRivuletError(lost[0].reason, 'conflict'));
  t.regex(
    lost[0].reason.message,
    /^NatsModelStore: model "m" was changed by another writer: expected pointer revision 1, found 2/,
  );
  const current = (await store.current('m')) as ModelVersion;
  t.is(current.version, (won[0] as PromiseFulfilledResult<ModelVersion>).value.version);
  // Only the winner's and the first version's files remain.
  t.is(await store.prune('m', 10), 0);
  t.is(await store.prune('m', 1), 1);
  await nc.close();
});

test('expectedRevision 0 creates a model only if it does not exist', async (t) => {
  const { nc, store } = await open();
  await store.put('once', new Map([['a', bytes(3, 0)]]), { expectedRevision: 0 });
  await t.throwsAsync(store.put('once', new Map([['a', bytes(3, 1)]]), { expectedRevision: 0 }), {
    message: /was changed by another writer: expected pointer revision 0, found 1/,
  });
  await nc.close();
});

test('watch emits the current version and then each new one (hot reload)', async (t) => {
  const { nc, store } = await open();
  await store.put('live', new Map([['a', bytes(4, 0)]]));
  const seen: ModelVersion[] = [];
  const sub = store.watch('live').subscribe((v) => seen.push(v));
  await eventually(t, () => seen.length === 1, 'the current version');
  const next = await store.put('live', new Map([['a', bytes(4, 9)]]));
  await eventually(t, () => seen.length === 2, 'the new version');
  sub.unsubscribe();
  t.is(seen[1].version, next.version);
  t.deepEqual((await store.get('live', seen[1].version)).get('a'), bytes(4, 9));
  t.deepEqual(
    (await store.get('live', seen[0].version)).get('a'),
    bytes(4, 0),
    'older versions stay readable',
  );
  const first = await firstValueFrom(store.watch('live').pipe(take(1), toArray()));
  t.is(first[0].version, next.version);
  await nc.close();
});

test('putDirectory and download round-trip a saved-model directory into a NEW directory only', async (t) => {
  const { nc, store } = await open();
  const root = mkdtempSync(join(tmpdir(), 'rivulet-store-'));
  const dir = join(root, 'model');
  mkdirSync(join(dir, 'k5'), { recursive: true });
  writeFileSync(join(dir, 'model.json'), '{"x":1}');
  writeFileSync(join(dir, 'k5', 'W.f64'), bytes(2048, 3));
  await store.putDirectory('saved', dir);
  const copy = join(root, 'copy');
  await store.download('saved', copy);
  t.is(readFileSync(join(copy, 'model.json'), 'utf8'), '{"x":1}');
  t.deepEqual(new Uint8Array(readFileSync(join(copy, 'k5', 'W.f64'))), bytes(2048, 3));
  const again = await t.throwsAsync(store.download('saved', copy));
  t.regex(again?.message ?? '', /already exists; download writes a new directory only/);
  t.is(readFileSync(join(copy, 'model.json'), 'utf8'), '{"x":1}', 'the existing directory is untouched');
  await nc.close();
});

test('bad names and missing models are clear errors', async (t) => {
  const { nc, store } = await open();
  await t.throwsAsync(store.put('m', new Map([['../x', bytes(1, 0)]])), {
    message: 'NatsModelStore: files must be relative file names without "." or ".." parts, got "../x"',
  });
  await t.throwsAsync(store.put('a b', new Map([['x', bytes(1, 0)]])), {
    message: /^NatsModelStore: model must be a name of letters/,
  });
  await t.throwsAsync(store.get('nothing'), { message: 'NatsModelStore: no model "nothing" in the store' });
  await store.put('m', new Map([['x', bytes(1, 0)]]));
  await t.throwsAsync(store.get('m', 'v-unknown'), { message: /has no version "v-unknown" in its history/ });
  await nc.close();
});
