/**
 * A coordinator or worker process for the distributed online NMF tests. SIGTERM is a graceful stop (exit 0).
 * Usage: node testTraining.js coordinator URL MODEL OPTIONS_JSON | node testTraining.js worker URL MODEL
 * OPTIONS_JSON holds NmfCoordinatorOptions without model and signal.
 */
import { connect } from '@nats-io/transport-node';
import { runNmfCoordinator } from '../training/nmfCoordinator.js';
import { runNmfWorker } from '../training/nmfWorker.js';

const [role, url, model, json] = process.argv.slice(2);
const nc = await connect({ servers: url });
const controller = new AbortController();
process.once('SIGTERM', () => controller.abort());
try {
  if (role === 'coordinator') {
    await runNmfCoordinator(nc, { ...JSON.parse(json), model, signal: controller.signal });
  } else {
    await runNmfWorker(nc, { model, signal: controller.signal, pullSize: 2 });
  }
  await nc.close();
  process.exit(0);
} catch (error) {
  console.error(error);
  process.exit(1);
}
