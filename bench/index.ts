import { parseArgs } from './common.js';
import { benchE2e } from './e2e.js';
import { benchInit } from './init.js';
import { runNats } from './nats.js';
import { benchNmf } from './nmf.js';
import { runOnline } from './online.js';
import { runResponsiveness } from './responsiveness.js';
import { benchScale } from './scale.js';
import { benchSimilarity } from './similarity.js';
import { runTokenize } from './tokenize.js';
import { benchVectorize } from './vectorize.js';
import { runZhTopics } from './zhTopics.js';

const USAGE = `usage: pnpm bench <subcommand> [options]
  nmf            Rivulet vs scikit-learn NMF (MU and CD, k = 10 and 50), per iteration
                 [--json] [--corpus PATH] [--iterations 20] [--rounds 5] [--backend wasm|js] [--threads 1|2]
                 [--cases mu-k10,...] [--train] [--dtype float64|float32]
  e2e            the whole rivulet topics process vs a scikit-learn script doing the same, on gcide and en
                 [--json] [--corpus PATH] [--solvers mu,cd] [--rounds 3] [--k 20]
  init           nndsvda start (randomized SVD) vs scikit-learn's _initialize_nmf at k = 10, 20, 50
                 [--json] [--corpus PATH (default gcide.jsonl.gz)] [--ks 10,20,50] [--rounds 3]
  vectorize      tokenize + TF-IDF of the corpus vs scikit-learn's TfidfVectorizer [--json] [--corpus PATH] [--rounds 5]
  scale          NMF per-iteration time and peak memory at 1×, 2×, 4×, 8× the corpus [--json] [--corpus PATH]
  tokenize       tokenizer throughput by input size (bench/tokenize.ts)
  responsiveness event-loop delay while training, with and without the worker (bench/responsiveness.ts)
  online         online NMF vs scikit-learn's MiniBatchNMF, and flat memory when streaming (bench/online.ts)
  nats           publish → 1 and 2 workers → sink on a local nats-server, 1/100/1000 documents per message,
                 against one process; latency p50/p99; distributed online NMF with 1 and 2 workers against
                 OnlineNmf in one process [--corpus PATH] [--documents 15000] [--rounds 3] [--nmf-only]
  zh-topics      topic quality on data/zh.jsonl, Intl.Segmenter vs jieba (bench/zhTopics.ts) [--components 8] [--seeds 3] [--json]
  similarity     exact cosine top-k (queryMany) vs a plain loop and scikit-learn's NearestNeighbors, and the
                 approximate index [--json] [--corpus PATH] [--queries 1000] [--k 10] [--rounds 5] [--repeats 3] [--fresh]`;

const [command, ...rest] = process.argv.slice(2);
try {
  switch (command) {
    case 'nmf':
      benchNmf(parseArgs(rest, ['corpus', 'iterations', 'rounds', 'backend', 'threads', 'cases', 'dtype']));
      break;
    case 'e2e':
      benchE2e(parseArgs(rest, ['corpus', 'solvers', 'rounds', 'k']));
      break;
    case 'init':
      benchInit(parseArgs(rest, ['corpus', 'ks', 'rounds']));
      break;
    case 'vectorize':
      benchVectorize(parseArgs(rest, ['corpus', 'rounds']));
      break;
    case 'scale':
      benchScale(parseArgs(rest, ['corpus', 'iterations', 'k', 'solver', 'rounds']));
      break;
    case 'tokenize':
      await runTokenize(rest);
      break;
    case 'responsiveness':
      await runResponsiveness(rest);
      break;
    case 'online':
      await runOnline(rest);
      break;
    case 'nats':
      await runNats(parseArgs(rest, ['corpus', 'documents', 'rounds']));
      break;
    case 'zh-topics':
      await runZhTopics(rest);
      break;
    case 'similarity':
      await benchSimilarity(parseArgs(rest, ['corpus', 'queries', 'k', 'rounds', 'repeats']));
      break;
    default:
      process.stderr.write(`${USAGE}\n`);
      process.exitCode = command === undefined || command === '--help' ? 0 : 2;
  }
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
