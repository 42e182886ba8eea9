import { readFileSync } from 'node:fs';

/**
 * Where a model was made: the JavaScript runtime, its version, its ICU version and the Rivulet version.
 * Recorded in every saved model (format 2), because `Intl.Segmenter` — Chinese and Japanese word splitting —
 * follows the runtime's ICU data: the same text can give other words under another ICU (Node 20 and Deno
 * 2.9 gave 16,606 and 16,891 terms on the same 3,000 Chinese documents).
 */
export interface ModelOrigin {
  /** `node`, `bun` or `deno` (another runtime records its own name, or `unknown`). */
  readonly runtime: string;
  /** The runtime's version, e.g. `20.19.5`. */
  readonly runtimeVersion: string;
  /** The ICU version the runtime was built with (`process.versions.icu`), or null when it has none. */
  readonly icu: string | null;
  /** The version of the Rivulet packages that wrote the model. */
  readonly rivulet: string;
}

interface RuntimeGlobals {
  readonly Bun?: { readonly version: string };
  readonly Deno?: { readonly version: { readonly deno: string } };
  readonly process?: { readonly versions?: Record<string, string | undefined> };
}

let rivuletVersion: string | undefined;

/**
 * The origin of a model made now, in this process.
 *
 * @example
 * ```ts
 * import { currentOrigin } from '@rivulet/decomposition';
 * currentOrigin(); // { runtime: 'node', runtimeVersion: '20.19.5', icu: '77.1', rivulet: '0.1.0' }
 * ```
 */
export function currentOrigin(): ModelOrigin {
  const g = globalThis as RuntimeGlobals;
  const versions = g.process?.versions ?? {};
  // Bun and Deno also define `process.versions.node` (their Node compatibility level), so they are asked first.
  const [runtime, runtimeVersion] = g.Bun
    ? ['bun', g.Bun.version]
    : g.Deno
      ? ['deno', g.Deno.version.deno]
      : versions.node !== undefined
        ? ['node', versions.node]
        : ['unknown', 'unknown'];
  rivuletVersion ??= (
    JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
  ).version;
  return { runtime, runtimeVersion, icu: versions.icu ?? null, rivulet: rivuletVersion };
}
