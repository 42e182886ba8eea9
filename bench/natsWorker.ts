/**
 * One worker process of `pnpm bench nats`: pulls document messages from STREAM, runs the benchmark stage
 * and publishes its results to RESULTS before each message is acknowledged. SIGTERM is a graceful stop.
 * Usage: node bench/dist/natsWorker.js URL STREAM RESULTS BATCH_SIZE
 */
import { connect } from '@nats-io/transport-node';
import { natsDocuments, toNats } from '@rivulet/nats';
import { from, mergeMap } from 'rxjs';
import { stage } from './natsStage.js';

const [url, stream, results, batchSize] = process.argv.slice(2);
const nc = await connect({ servers: url });
process.stdout.write('ready\n');
const controller = new AbortController();
process.once('SIGTERM', () => controller.abort());
natsDocuments(nc, { stream, signal: controller.signal, pullSize: 8 }, (documents) =>
  from(stage(documents)).pipe(
    mergeMap((rows) => from(rows)),
    toNats(nc, results, { batchSize: Number(batchSize) }),
  ),
).subscribe({
  complete: () => void nc.close().then(() => process.exit(0)),
  error: (error) => {
    console.error(error);
    process.exit(1);
  },
});
