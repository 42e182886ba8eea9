import { lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { jetstream } from '@nats-io/jetstream';
import { type KV, Kvm } from '@nats-io/kv';
import { type ObjectStore, Objm } from '@nats-io/obj';
import type { NatsConnection } from '@nats-io/transport-node';
import { integerOption, invalidOption, isRivuletError, knownOptions, RivuletError } from '@rivulet/core';
import { Observable } from 'rxjs';
import { checkName } from './documentStream.js';
import { natsError } from './natsError.js';

const STAGE = 'NatsModelStore';

/** One file of a stored model. */
export interface StoredFile {
  /** Path inside the model, `/`-separated (`model.json`, `k10/W.f64`). */
  readonly name: string;
  readonly size: number;
}

/** What the KV key of a model points at: one complete, immutable version. */
export interface ModelVersion {
  /** The model's name (its KV key). */
  readonly model: string;
  /** Unique id of this version; its files are the objects `<model>/<version>/<file>`. */
  readonly version: string;
  readonly files: readonly StoredFile[];
  /** Small JSON the writer attached (a training checkpoint's stream sequence, say). */
  readonly meta: Readonly<Record<string, unknown>>;
  readonly createdAt: string;
  /** The KV revision of the pointer: pass it as `expectedRevision` to replace exactly this version. */
  readonly revision: number;
}

/** Options of {@link NatsModelStore.open}. */
export interface ModelStoreOptions {
  /** Name of the KV bucket and of the object store. Default `rivulet-models`. */
  readonly bucket?: string;
  /** Replicas of both (3 on a three-node cluster). Default 1. */
  readonly replicas?: number;
  /** Bytes per stored chunk (each chunk is one message). Default 1 MiB, well below any message limit. */
  readonly chunkSize?: number;
}

/** Options of {@link NatsModelStore.put}. */
export interface PutModelOptions {
  /**
   * Compare-and-set: the pointer revision this version replaces (`0`: the model must not exist yet). When
   * omitted, the revision read at the start of `put` is used, so a writer that lost a race still fails.
   */
  readonly expectedRevision?: number;
  readonly meta?: Readonly<Record<string, unknown>>;
}

const POINTER_FORMAT = 'rivulet-model-pointer/1';

/**
 * Saved models shared through JetStream: the files of each version in the Object Store (chunked, never
 * one large message — on nats-server 2.9 a file-stored message of 32 MiB or more is accepted and cannot be
 * read back), and a KV key per model pointing at its current version. The pointer moves by
 * compare-and-set on its revision, so two writers never overwrite each other: the one that lost gets a
 * RivuletError `conflict` and its uploaded files are removed. `watch` emits each new version, for workers
 * and live indexes that hot-reload.
 *
 * The store is format-agnostic: a model is a set of named files (a `saveModel` directory, for one).
 *
 * @example
 * ```ts
 * const store = await NatsModelStore.open(nc);
 * const v1 = await store.putDirectory('topics', 'model-dir');
 * store.watch('topics').subscribe((v) => console.log('new version', v.version));
 * await store.download('topics', 'local-copy'); // a new directory with the current version's files
 * ```
 */
export class NatsModelStore {
  private constructor(
    private readonly kv: KV,
    private readonly objects: ObjectStore,
    private readonly chunkSize: number,
  ) {}

  /** Creates (or opens) the KV bucket and the object store. */
  static async open(connection: NatsConnection, options: ModelStoreOptions = {}): Promise<NatsModelStore> {
    knownOptions(STAGE, options, ['bucket', 'replicas', 'chunkSize']);
    const bucket = checkName(STAGE, 'bucket', options.bucket ?? 'rivulet-models');
    const replicas = integerOption(STAGE, 'replicas', options.replicas ?? 1, { min: 1, max: 5 });
    const chunkSize = integerOption(STAGE, 'chunkSize', options.chunkSize ?? 1024 * 1024, {
      min: 1024,
      max: 8 * 1024 * 1024,
    });
    try {
      const js = jetstream(connection);
      const kv = await new Kvm(js).create(bucket, { replicas, history: 16 });
      const objects = await new Objm(js).create(bucket, { replicas });
      return new NatsModelStore(kv, objects, chunkSize);
    } catch (error) {
      throw natsError(STAGE, `cannot open the model store ${JSON.stringify(bucket)}`, error);
    }
  }

  /** The current version of `model`, or `undefined` when none was stored. */
  async current(model: string): Promise<ModelVersion | undefined> {
    checkName(STAGE, 'model', model);
    let entry: Awaited<ReturnType<KV['get']>>;
    try {
      entry = await this.kv.get(model);
    } catch (error) {
      throw natsError(STAGE, `cannot read the pointer of model ${JSON.stringify(model)}`, error);
    }
    if (entry === null || entry.operation !== 'PUT') return undefined;
    return parsePointer(model, entry.value, entry.revision);
  }

  /**
   * Stores a new version of `model` and moves its pointer to it by compare-and-set. Files are uploaded
   * first; the pointer moves only once all are stored, so a reader never sees a partial version.
   */
  async put(
    model: string,
    files: ReadonlyMap<string, Uint8Array>,
    options: PutModelOptions = {},
  ): Promise<ModelVersion> {
    knownOptions(STAGE, options, ['expectedRevision', 'meta']);
    checkName(STAGE, 'model', model);
    if (!(files instanceof Map) || files.size === 0)
      invalidOption(STAGE, 'files', 'a non-empty Map of file names to bytes', files);
    for (const [name, data] of files) {
      checkFileName(name);
      if (!(data instanceof Uint8Array)) invalidOption(STAGE, `files["${name}"]`, 'a Uint8Array', data);
    }
    const meta = options.meta ?? {};
    if (meta === null || typeof meta !== 'object' || Array.isArray(meta))
      invalidOption(STAGE, 'meta', 'a plain object', meta);
    const expected =
      options.expectedRevision === undefined
        ? ((await this.current(model))?.revision ?? 0)
        : integerOption(STAGE, 'expectedRevision', options.expectedRevision, { min: 0 });
    const version = `v${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
    const stored: StoredFile[] = [];
    try {
      for (const [name, data] of files) {
        await this.objects.putBlob(
          { name: `${model}/${version}/${name}`, options: { max_chunk_size: this.chunkSize } },
          data,
        );
        stored.push({ name, size: data.length });
      }
    } catch (error) {
      await this.remove(model, version, stored);
      throw natsError(STAGE, `cannot store version ${version} of model ${JSON.stringify(model)}`, error);
    }
    const pointer = {
      format: POINTER_FORMAT,
      version,
      files: stored,
      meta,
      createdAt: new Date().toISOString(),
    };
    const body = new TextEncoder().encode(JSON.stringify(pointer));
    let revision: number;
    try {
      revision =
        expected === 0 ? await this.kv.create(model, body) : await this.kv.update(model, body, expected);
    } catch (error) {
      await this.remove(model, version, stored);
      const current = await this.current(model).catch(() => undefined);
      throw new RivuletError(
        'conflict',
        STAGE,
        `model ${JSON.stringify(model)} was changed by another writer: expected pointer revision ${expected}, found ${current?.revision ?? 'none'} (read the current version and retry)`,
        { parameter: 'expectedRevision', cause: error },
      );
    }
    return { model, version, files: stored, meta, createdAt: pointer.createdAt, revision };
  }

  /**
   * The files of `version` (default: the current one); with `names`, only those (each must be in the
   * version: a worker reads H without the training sums, say).
   */
  async get(model: string, version?: string, names?: readonly string[]): Promise<Map<string, Uint8Array>> {
    const pointer = await this.resolve(model, version);
    const files = new Map<string, Uint8Array>();
    for (const name of names ?? []) {
      if (!pointer.files.some((f) => f.name === name)) {
        throw new RivuletError(
          'model-format',
          STAGE,
          `version ${pointer.version} of model ${JSON.stringify(model)} has no file ${JSON.stringify(name)}`,
        );
      }
    }
    for (const file of pointer.files) {
      if (names !== undefined && !names.includes(file.name)) continue;
      const name = `${model}/${pointer.version}/${file.name}`;
      let data: Uint8Array | null;
      try {
        data = await this.objects.getBlob(name);
      } catch (error) {
        throw natsError(STAGE, `cannot read ${name}`, error);
      }
      if (data === null || data.length !== file.size) {
        throw new RivuletError(
          'model-format',
          STAGE,
          `${name} is missing or truncated (expected ${file.size} bytes)`,
        );
      }
      // The client hands back Buffers; callers get plain Uint8Arrays over the same bytes.
      files.set(file.name, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    }
    return files;
  }

  /** Stores the files of a saved-model directory (regular files, recursively) as a new version. */
  async putDirectory(model: string, dir: string, options: PutModelOptions = {}): Promise<ModelVersion> {
    return this.put(model, readTree(dir), options);
  }

  /**
   * Writes a version's files into `dir`, which must not exist yet (its parent must): they are written to a
   * temporary directory beside it and renamed into place, so `dir` appears complete or not at all and no
   * existing file is ever replaced.
   */
  async download(model: string, dir: string, version?: string): Promise<ModelVersion> {
    if (typeof dir !== 'string' || dir === '') invalidOption(STAGE, 'dir', 'a directory path', dir);
    const pointer = await this.resolve(model, version);
    if (exists(dir)) {
      throw new RivuletError(
        'io',
        STAGE,
        `${JSON.stringify(dir)} already exists; download writes a new directory only`,
        {
          parameter: 'dir',
        },
      );
    }
    const files = await this.get(model, pointer.version);
    const temp = join(dirname(dir), `.${basename(dir)}.download-${process.pid}-${Date.now()}`);
    try {
      mkdirSync(temp);
      for (const [name, data] of files) {
        const path = join(temp, ...name.split('/'));
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, data, { flag: 'wx' });
      }
      renameSync(temp, dir);
    } catch (error) {
      rmSync(temp, { recursive: true, force: true });
      if (isRivuletError(error)) throw error;
      throw new RivuletError(
        'io',
        STAGE,
        `cannot write ${JSON.stringify(dir)}: ${(error as Error).message}`,
        {
          parameter: 'dir',
          cause: error,
        },
      );
    }
    return pointer;
  }

  /**
   * Each version of `model` as it is stored: the current one first (if any), then every new one. For
   * hot reloading: `store.watch('topics').pipe(switchMap((v) => store.get('topics', v.version)))`.
   */
  watch(model: string): Observable<ModelVersion> {
    return new Observable<ModelVersion>((subscriber) => {
      let stop: (() => void) | undefined;
      let closed = false;
      (async () => {
        checkName(STAGE, 'model', model);
        const updates = await this.kv.watch({ key: model }).catch((error: unknown) => {
          throw natsError(STAGE, `cannot watch model ${JSON.stringify(model)}`, error);
        });
        stop = () => updates.stop();
        if (closed) updates.stop();
        for await (const entry of updates) {
          if (entry.operation !== 'PUT') continue;
          subscriber.next(parsePointer(model, entry.value, entry.revision));
        }
        subscriber.complete();
      })().catch((error: unknown) => subscriber.error(error));
      return () => {
        closed = true;
        stop?.();
      };
    });
  }

  /** Removes the files of every version of `model` except the current one and the `keep − 1` before it. */
  async prune(model: string, keep = 2): Promise<number> {
    checkName(STAGE, 'model', model);
    integerOption(STAGE, 'keep', keep, { min: 1 });
    const kept = new Set<string>();
    const history = await this.kv.history({ key: model });
    const versions: string[] = [];
    for await (const entry of history) {
      if (entry.operation === 'PUT') versions.push(parsePointer(model, entry.value, entry.revision).version);
    }
    for (const version of versions.slice(-keep)) kept.add(version);
    let removed = 0;
    for (const info of await this.objects.list()) {
      const [owner, version] = info.name.split('/');
      if (owner === model && version !== undefined && !kept.has(version) && !info.deleted) {
        await this.objects.delete(info.name);
        removed++;
      }
    }
    return removed;
  }

  private async resolve(model: string, version: string | undefined): Promise<ModelVersion> {
    const current = await this.current(model);
    if (current === undefined) {
      throw new RivuletError('io', STAGE, `no model ${JSON.stringify(model)} in the store`, {
        parameter: 'model',
      });
    }
    if (version === undefined || version === current.version) return current;
    const history = await this.kv.history({ key: model });
    for await (const entry of history) {
      if (entry.operation !== 'PUT') continue;
      const pointer = parsePointer(model, entry.value, entry.revision);
      if (pointer.version === version) return pointer;
    }
    throw new RivuletError(
      'io',
      STAGE,
      `model ${JSON.stringify(model)} has no version ${JSON.stringify(version)} in its history`,
      {
        parameter: 'version',
      },
    );
  }

  private async remove(model: string, version: string, files: readonly StoredFile[]): Promise<void> {
    for (const file of files)
      await this.objects.delete(`${model}/${version}/${file.name}`).catch(() => undefined);
  }
}

function parsePointer(model: string, value: Uint8Array, revision: number): ModelVersion {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(value));
  } catch {
    parsed = undefined;
  }
  const p = parsed as {
    format?: unknown;
    version?: unknown;
    files?: unknown;
    meta?: unknown;
    createdAt?: unknown;
  };
  if (
    p === undefined ||
    p === null ||
    p.format !== POINTER_FORMAT ||
    typeof p.version !== 'string' ||
    !Array.isArray(p.files) ||
    !p.files.every(
      (f: { name?: unknown; size?: unknown }) => typeof f?.name === 'string' && Number.isSafeInteger(f?.size),
    )
  ) {
    throw new RivuletError(
      'model-format',
      STAGE,
      `the pointer of model ${JSON.stringify(model)} (revision ${revision}) is not a ${POINTER_FORMAT} record`,
    );
  }
  return {
    model,
    version: p.version,
    files: p.files as StoredFile[],
    meta: (p.meta ?? {}) as Record<string, unknown>,
    createdAt: String(p.createdAt),
    revision,
  };
}

function checkFileName(name: unknown): void {
  if (
    typeof name !== 'string' ||
    name === '' ||
    name.startsWith('/') ||
    name.split('/').some((part) => part === '' || part === '.' || part === '..') ||
    name.includes('\\') ||
    name.includes('\0')
  ) {
    invalidOption(STAGE, 'files', 'relative file names without "." or ".." parts', name);
  }
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

function readTree(dir: string): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  const walk = (current: string) => {
    let names: string[];
    try {
      names = readdirSync(current).sort();
    } catch (error) {
      throw new RivuletError(
        'io',
        STAGE,
        `cannot read ${JSON.stringify(current)}: ${(error as Error).message}`,
        {
          parameter: 'dir',
          cause: error,
        },
      );
    }
    for (const name of names) {
      const path = join(current, name);
      const stat = lstatSync(path);
      if (stat.isDirectory()) walk(path);
      else if (stat.isFile()) files.set(relative(dir, path).split(sep).join('/'), readFileSync(path));
      else
        throw new RivuletError('io', STAGE, `${JSON.stringify(path)} is not a regular file`, {
          parameter: 'dir',
        });
    }
  };
  walk(dir);
  if (files.size === 0)
    throw new RivuletError('empty-input', STAGE, `${JSON.stringify(dir)} holds no files`, {
      parameter: 'dir',
    });
  return files;
}
