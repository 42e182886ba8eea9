import { readFileSync } from 'node:fs';

/** The app's documents: the JSONL file the test wrote beside it. */
export function corpus(file = 'en.jsonl'): { id: string; text: string }[] {
  return readFileSync(new URL(`../${file}`, import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { id: string; text: string });
}

/** Throws when `condition` fails: a program's failure is its exit code. */
export function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
  console.log(`ok: ${message}`);
}
