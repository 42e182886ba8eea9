import { parseArgs } from 'node:util';
import { badOption, usageError } from './CliError.js';

/** Every option of every command; each command rejects the ones it does not use. */
const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
  debug: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  json: { type: 'boolean' },
  components: { type: 'string', short: 'n' },
  solver: { type: 'string' },
  'beta-loss': { type: 'string' },
  init: { type: 'string' },
  'max-epochs': { type: 'string' },
  tol: { type: 'string' },
  seed: { type: 'string' },
  lang: { type: 'string' },
  'min-df': { type: 'string' },
  'max-df': { type: 'string' },
  'max-features': { type: 'string' },
  'stop-words': { type: 'string' },
  ngram: { type: 'string' },
  weighting: { type: 'string' },
  dictionary: { type: 'string' },
  decomposer: { type: 'string' },
  tokenizer: { type: 'string' },
  'token-filter': { type: 'string', multiple: true },
  'document-filter': { type: 'string', multiple: true },
  worker: { type: 'boolean' },
  plugin: { type: 'string', multiple: true },
  'text-field': { type: 'string' },
  'id-field': { type: 'string' },
  'label-field': { type: 'string' },
  vocabulary: { type: 'string' },
  output: { type: 'string', short: 'o' },
  report: { type: 'string' },
  save: { type: 'string' },
  force: { type: 'boolean' },
  'no-snippets': { type: 'boolean' },
  precision: { type: 'string' },
  serve: { type: 'boolean' },
  port: { type: 'string' },
  host: { type: 'string' },
  'keep-serving': { type: 'boolean' },
  model: { type: 'string', short: 'm' },
  'top-terms': { type: 'string' },
  k: { type: 'string', short: 'k' },
  nats: { type: 'string' },
  stream: { type: 'string' },
  'batch-size': { type: 'string' },
  'max-deliver': { type: 'string' },
  'ack-wait': { type: 'string' },
  replicas: { type: 'string' },
  pull: { type: 'string' },
  idle: { type: 'string' },
  mode: { type: 'string' },
  'round-size': { type: 'string' },
  'max-staleness': { type: 'string' },
  'n-features': { type: 'string' },
  'checkpoint-every': { type: 'string' },
  'checkpoint-seconds': { type: 'string' },
  workers: { type: 'string' },
  terms: { type: 'string' },
} as const;

export type OptionName = keyof typeof OPTIONS;

/** The options each command accepts (besides help, version, debug, quiet). */
export const COMMAND_OPTIONS: Record<Command, readonly OptionName[]> = {
  topics: [
    'json',
    'components',
    'solver',
    'beta-loss',
    'init',
    'max-epochs',
    'tol',
    'seed',
    'lang',
    'min-df',
    'max-df',
    'max-features',
    'stop-words',
    'ngram',
    'weighting',
    'dictionary',
    'decomposer',
    'tokenizer',
    'token-filter',
    'document-filter',
    'worker',
    'plugin',
    'text-field',
    'id-field',
    'label-field',
    'vocabulary',
    'output',
    'report',
    'save',
    'force',
    'no-snippets',
    'top-terms',
    'serve',
    'port',
    'host',
    'keep-serving',
  ],
  transform: ['json', 'model', 'plugin', 'text-field', 'id-field', 'output', 'precision'],
  similar: ['json', 'model', 'plugin', 'k'],
  plugins: ['json', 'plugin'],
  publish: [
    'json',
    'nats',
    'stream',
    'batch-size',
    'max-deliver',
    'ack-wait',
    'replicas',
    'text-field',
    'id-field',
  ],
  worker: ['nats', 'model', 'pull', 'idle'],
  coordinator: [
    'nats',
    'stream',
    'model',
    'components',
    'seed',
    'n-features',
    'mode',
    'round-size',
    'max-staleness',
    'lang',
    'stop-words',
    'ngram',
    'checkpoint-every',
    'checkpoint-seconds',
    'idle',
    'replicas',
    'workers',
    'batch-size',
    'text-field',
    'id-field',
    'top-terms',
    'terms',
    'save',
    'json',
  ],
  model: ['json', 'nats', 'model', 'top-terms', 'terms', 'save'],
};

export type Command =
  | 'topics'
  | 'transform'
  | 'similar'
  | 'plugins'
  | 'publish'
  | 'worker'
  | 'coordinator'
  | 'model';
export const COMMANDS: readonly Command[] = [
  'topics',
  'transform',
  'similar',
  'plugins',
  'publish',
  'worker',
  'coordinator',
  'model',
];

/** The parsed command line: raw option strings, checked later by each command. */
export interface CommandLine {
  readonly command: Command | undefined;
  readonly positionals: readonly string[];
  readonly values: Partial<Record<OptionName, string | boolean | string[]>>;
}

/**
 * Splits argv with `node:util`'s `parseArgs` (strict: unknown options are errors) and checks that the
 * options given belong to the command.
 */
export function parseCommandLine(argv: readonly string[]): CommandLine {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true; strict: true }>>;
  try {
    parsed = parseArgs({
      args: joinNegativeValues(argv),
      options: OPTIONS,
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    // parseArgs' own messages are clear but long; keep their first sentence.
    const message = error instanceof Error ? error.message.split(/\.(?:\s|$)/)[0] : String(error);
    throw usageError(`${message} (see rivulet --help)`);
  }
  const [first, ...rest] = parsed.positionals;
  const values = parsed.values as CommandLine['values'];
  if (first === undefined) return { command: undefined, positionals: [], values };
  if (!COMMANDS.includes(first as Command)) {
    throw usageError(
      `unknown command ${JSON.stringify(first)}; commands: ${COMMANDS.join(', ')} (see rivulet --help)`,
    );
  }
  const command = first as Command;
  const allowed = new Set<string>([...COMMAND_OPTIONS[command], 'help', 'version', 'debug', 'quiet']);
  for (const name of Object.keys(values)) {
    if (!allowed.has(name))
      throw usageError(`${command} does not take --${name} (see rivulet ${command} --help)`);
  }
  return { command, positionals: rest, values };
}

/**
 * `--components -1` as `--components=-1`: parseArgs reads a value starting with `-` as another option and
 * calls the line ambiguous, though a negative number after an option that takes a value can only be its
 * value. The option's own check then refuses it by range with its usual message.
 */
function joinNegativeValues(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const next = argv[i + 1];
    const name = arg.startsWith('--') ? arg.slice(2) : /^-[a-zA-Z]$/.test(arg) ? SHORT[arg[1]] : undefined;
    if (name !== undefined && takesValue(name) && next !== undefined && /^-(\d|\.\d)/.test(next)) {
      out.push(`--${name}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

const SHORT: Record<string, string> = Object.fromEntries(
  Object.entries(OPTIONS).flatMap(([name, o]) => ('short' in o ? [[o.short, name]] : [])),
);

function takesValue(name: string): boolean {
  return Object.hasOwn(OPTIONS, name) && OPTIONS[name as OptionName].type === 'string';
}

/** The string value of an option, or undefined. */
export function stringValue(line: CommandLine, name: OptionName): string | undefined {
  const v = line.values[name];
  return typeof v === 'string' ? v : undefined;
}

/** A whole number in [min, max] written in decimal. */
export function integerValue(
  line: CommandLine,
  name: OptionName,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  const raw = stringValue(line, name);
  if (raw === undefined) return undefined;
  return parseInteger(`--${name}`, raw, min, max);
}

export function parseInteger(
  option: string,
  raw: string,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const value = /^[+-]?\d+$/.test(raw.trim()) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `in [${min}, ${max}]`;
    throw badOption(option, `an integer ${range}`, raw);
  }
  return value;
}

/** A finite decimal number ≥ min. */
export function numberValue(line: CommandLine, name: OptionName, min: number): number | undefined {
  const raw = stringValue(line, name);
  if (raw === undefined) return undefined;
  const value = raw.trim() === '' ? Number.NaN : Number(raw);
  if (!Number.isFinite(value) || value < min) throw badOption(`--${name}`, `a finite number ≥ ${min}`, raw);
  return value;
}

/** One of the allowed words. */
export function choiceValue<T extends string>(
  line: CommandLine,
  name: OptionName,
  allowed: readonly T[],
): T | undefined {
  const raw = stringValue(line, name);
  if (raw === undefined) return undefined;
  if (!allowed.includes(raw as T)) throw badOption(`--${name}`, `one of ${allowed.join(', ')}`, raw);
  return raw as T;
}

/**
 * A document-frequency bound with scikit-learn's reading of `min_df`/`max_df`: digits only are a count of
 * documents, a number with a decimal point (or exponent) a proportion in [0, 1]. `1.0` is the proportion 1.
 */
export function documentFrequencyValue(
  line: CommandLine,
  name: 'min-df' | 'max-df',
): { count: number } | { proportion: number } | undefined {
  const raw = stringValue(line, name);
  if (raw === undefined) return undefined;
  const text = raw.trim();
  const expected = 'an integer count ≥ 0 or a proportion in [0, 1] written with a decimal point (0.95, 1.0)';
  if (/^\d+$/.test(text)) {
    const count = Number(text);
    if (!Number.isSafeInteger(count)) throw badOption(`--${name}`, expected, raw);
    return { count };
  }
  const proportion = text === '' ? Number.NaN : Number(text);
  if (!Number.isFinite(proportion) || proportion < 0 || proportion > 1)
    throw badOption(`--${name}`, expected, raw);
  return { proportion };
}
