import type { EpochEvent } from '@rivulet/core';

/** Where progress goes: stderr, or a test's sink. `isTTY` selects the bar over plain lines. */
export interface ProgressSink {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

const BAR_WIDTH = 24;
/** A terminal redraw at most this often, so drawing never costs more than the work it shows. */
const REDRAW_MS = 80;

/**
 * Progress of the stages on stderr. On a terminal, one line redrawn in place per stage: a count for
 * reading, a bar with epoch, loss and ETA for training. Elsewhere (a pipe, a CI log), plain lines: one per
 * stage and one every tenth of the epoch budget, so logs stay short and deterministic.
 */
export class Progress {
  private readonly sink: ProgressSink | undefined;
  private readonly tty: boolean;
  private lastDraw = 0;
  private drawn = false;

  private readonly redrawMs: number;

  /** `redrawMs`: the least time between two terminal redraws (tests pass 0). */
  constructor(sink: ProgressSink | undefined, redrawMs = REDRAW_MS) {
    this.sink = sink;
    this.redrawMs = redrawMs;
    this.tty = sink?.isTTY === true;
  }

  /** Announces a stage (`reading data/en.jsonl`). */
  stage(text: string): void {
    if (!this.sink) return;
    if (this.tty) this.draw(`${text} …`, true);
    else this.sink.write(`${text}\n`);
  }

  /** Documents read so far, and the share of the file read when known (redrawn on a terminal only). */
  count(label: string, n: number, fraction?: number): void {
    // Checked before the line is built: this runs once per document, and number formatting is not free.
    if (!this.tty || !this.due()) return;
    const bar = fraction === undefined ? '' : `${this.bar(fraction)} ${Math.round(100 * fraction)}% `;
    this.draw(`${label} ${bar}${n.toLocaleString('en-US')} documents`, false);
  }

  /** One training epoch of at most `maxEpochs`. */
  epoch(label: string, event: EpochEvent, maxEpochs: number | undefined): void {
    if (!this.sink) return;
    const { epoch, loss, elapsedMs } = event;
    const lossText = `loss ${formatLoss(loss)}`;
    if (!this.tty) {
      const every = maxEpochs ? Math.max(1, Math.round(maxEpochs / 10)) : 10;
      if (epoch === 1 || epoch % every === 0) {
        this.sink.write(`${label} epoch ${epoch}${maxEpochs ? `/${maxEpochs}` : ''} ${lossText}\n`);
      }
      return;
    }
    if (!this.due()) return;
    let bar = '';
    let eta = '';
    if (maxEpochs) {
      bar = `${this.bar(epoch / maxEpochs)} `;
      // An upper bound: training may converge before the epoch limit.
      eta = ` ETA ≤ ${formatSeconds(((maxEpochs - epoch) * elapsedMs) / epoch / 1000)}`;
    }
    this.draw(`${label} ${bar}epoch ${epoch}${maxEpochs ? `/${maxEpochs}` : ''} ${lossText}${eta}`, false);
  }

  /** Ends a stage with a summary line that stays on screen. */
  done(text: string): void {
    if (!this.sink) return;
    if (this.tty) {
      this.draw(text, true);
      this.sink.write('\n');
      this.drawn = false;
    } else this.sink.write(`${text}\n`);
  }

  /** Clears a half-drawn line (before an error message). */
  clear(): void {
    if (this.tty && this.drawn) this.sink?.write('\r\x1b[2K');
    this.drawn = false;
  }

  private bar(fraction: number): string {
    const filled = Math.max(0, Math.min(BAR_WIDTH, Math.round(fraction * BAR_WIDTH)));
    return `[${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}]`;
  }

  /** Whether a throttled redraw may happen now. */
  private due(): boolean {
    return Date.now() - this.lastDraw >= this.redrawMs;
  }

  private draw(text: string, force: boolean): void {
    if (!force && !this.due()) return;
    this.lastDraw = Date.now();
    this.drawn = true;
    this.sink?.write(`\r\x1b[2K${text}`);
  }
}

/** A loss with 6 significant digits. */
export function formatLoss(loss: number): string {
  return Number.isFinite(loss) ? loss.toPrecision(6) : String(loss);
}

/** Seconds as `4.2 s` or `3 min 05 s`. */
export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const m = Math.floor(seconds / 60);
  return `${m} min ${String(Math.round(seconds - m * 60)).padStart(2, '0')} s`;
}
