/**
 * A worker process for the no-loss test: pulls document messages from the stream named on the command
 * line and appends each document id to a file before the message is acknowledged (`appendFileSync` is
 * done when `process` completes), so the file holds every document this worker finished.
 * Usage: node testWorker.js URL STREAM OUTPUT_FILE DELAY_MS
 */
import { appendFileSync } from 'node:fs';
import { connect } from '@nats-io/transport-node';
import { defer } from 'rxjs';
import { natsDocuments } from '../natsDocuments.js';

const [url, stream, output, delay] = process.argv.slice(2);
const nc = await connect({ servers: url });
const controller = new AbortController();
process.once('SIGTERM', () => controller.abort());
natsDocuments(nc, { stream, signal: controller.signal, pullSize: 4 }, (documents) =>
  defer(async () => {
    await new Promise((resolve) => setTimeout(resolve, Number(delay)));
    appendFileSync(output, `${documents.map((d) => d.id).join('\n')}\n`);
  }),
).subscribe({
  complete: () => void nc.close().then(() => process.exit(0)),
  error: (error) => {
    console.error(error);
    process.exit(1);
  },
});
