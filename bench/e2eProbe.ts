import { writeFileSync } from 'node:fs';

/**
 * Preloaded into the `rivulet topics` process by `pnpm bench e2e` (`node --import bench/dist/e2eProbe.js
 * packages/cli/dist/bin.js topics …`): it changes nothing the command does, only watches the progress
 * lines the command writes to stderr (not a terminal, so one plain line per stage) and notes, as each
 * phase ends, the wall time since the process started, the CPU time and the peak resident set so far.
 * At exit it writes them as JSON to the file named by `RIVULET_E2E_PROBE`.
 *
 * Phases end at: `reading …` (start-up: Node, module loading, settings), `read N documents` (reading,
 * tokenizing and counting), `vectorized:` (pruning and weighting), `trained:` (the start and the
 * iterations), exit (topics, coherence, output).
 */
const out = process.env.RIVULET_E2E_PROBE;
if (out !== undefined) {
  const marks: { phase: string; wallMs: number; cpuMs: number; peakRssMb: number }[] = [];
  const mark = (phase: string) => {
    const cpu = process.cpuUsage();
    marks.push({
      phase,
      wallMs: performance.now(),
      cpuMs: (cpu.user + cpu.system) / 1000,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
    });
  };
  const PHASES: [string, string][] = [
    ['reading ', 'start-up'],
    ['read ', 'read+tokenize+count'],
    ['vectorized:', 'vectorize'],
    ['trained:', 'train'],
  ];
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: unknown, ...rest: unknown[]) => {
    if (typeof chunk === 'string') {
      for (const [prefix, phase] of PHASES) {
        if (chunk.startsWith(prefix) && !marks.some((m) => m.phase === phase)) mark(phase);
      }
    }
    return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stderr.write;
  process.on('exit', () => {
    mark('output');
    writeFileSync(out, JSON.stringify(marks));
  });
}
