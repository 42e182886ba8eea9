/** `rivulet --help` and `rivulet <command> --help`. */
export const HELP: Record<
  'main' | 'topics' | 'transform' | 'similar' | 'plugins' | 'publish' | 'worker' | 'coordinator' | 'model',
  string
> = {
  main: `rivulet — topics on any corpus (NMF topic models, streaming, plugin-based)

Usage:
  rivulet topics <corpus> [options]          fit topics and print them
  rivulet transform --model DIR <corpus>     topic weights of new documents (JSON lines)
  rivulet similar --model DIR "query" [-k N] training documents most similar to a query
  rivulet plugins [--plugin MODULE]          every registered plugin by role, with its options

Past one machine (NATS JetStream; see @rivulet/nats's README for the deployment):
  rivulet publish <corpus.jsonl> --nats URL --stream NAME   feed a durable document stream
  rivulet worker --nats URL --model NAME                      solve batches for a distributed online NMF
  rivulet coordinator --nats URL --stream NAME --model NAME -n K   apply them, checkpoint the model
  rivulet model --nats URL --model NAME [--save DIR]          print (and save) the current model

A corpus is a .jsonl file (one {"id", "text"} object per line), a .txt file (one document per line),
a directory of text files, or a Matrix Market .mtx document-term matrix.

Global options:
  -h, --help       this help (rivulet <command> --help for a command's options)
  -V, --version    the version
  -q, --quiet      no progress on stderr
  --debug          print stack traces on errors

Examples:
  rivulet topics corpus.jsonl --stop-words en --min-df 2 --max-df 0.95 --save model
  rivulet transform --model model new.jsonl --precision 3 -o scores.jsonl
  rivulet similar --model model "a question about the kernel" -k 5
`,
  topics: `Usage: rivulet topics <corpus> [options]

Corpus:
  --text-field NAME     JSONL field with the text (default text)
  --id-field NAME       JSONL field with the id (default id; else the 1-based line number)
  --label-field NAME    JSONL field with a class label: prints the NMI of top_topic against it
  --vocabulary FILE     .mtx only: one term per line, naming the columns

Tokenizer and vectorizer (scikit-learn's meanings):
  --lang auto|en|zh     word splitting (default auto: Chinese runs segmented, the rest by word)
  --stop-words en|zh|none|FILE   stop words (en: scikit-learn's 'english' list); FILE: one word
                        per line (default none)
  --ngram N | MIN,MAX   word n-grams (default 1)
  --dictionary FILE     words to keep whole, one per line
  --weighting binary|count|tfidf   (default tfidf)
  --min-df N|X          drop terms in fewer documents: an integer is a count, 0.05 a proportion
  --max-df N|X          drop terms in more documents (default 1.0)
  --max-features N      keep the N most frequent terms

Decomposition:
  -n, --components K | K1,K2,...   topics (default 10); a list compares loss and coherence per K
  --decomposer NAME     nmf-cd (default, scikit-learn's solver), nmf-mu, svd, or one from a plugin
  --solver mu|cd        short for --decomposer nmf-mu / nmf-cd
  --beta-loss frobenius|kullback-leibler|itakura-saito|β   (needs --solver mu unless frobenius)
  --init random|nndsvd|nndsvda|nndsvdar   (default nndsvda when possible, as scikit-learn)
  --max-epochs N        epoch limit (default 200)
  --tol X               convergence tolerance (default 1e-4)
  --seed N              random seed (default 0)
  --tokenizer NAME      a registered tokenizer (default: default; e.g. one from --plugin)
  --token-filter NAME   a registered token filter, between tokenizer and vectorizer (repeatable)
  --document-filter NAME  a registered document filter, before the tokenizer (repeatable; saved with
                        --save and run again by transform and similar)
  --worker              train in a worker thread (decomposers that declare they can)
  --plugin MODULE       import a module exporting a plugin module (repeatable)

Output:
  --top-terms N         terms shown per topic (default 10; coherence always uses 10)
  --json                one JSON object on stdout instead of tables
  -o, --output FILE     one JSON line per document: {"id", "topics", "top_topic"}
  --report FILE         the topic explorer, one self-contained HTML page that works offline:
                        intertopic map, relevance slider, document search and neighbours, loss curve
  --save DIR            save the model for rivulet transform / rivulet similar; DIR must be new,
                        empty or a model Rivulet saved (replacing one needs --force)
                        With a list of components: --output FILE.kN per k (docs.k10.jsonl), --save
                        DIR/kN per k, and --report shows loss and coherence per k and every k
  --force               allow --save to replace a model Rivulet saved there
  --no-snippets         keep no document text in the saved model (rivulet similar shows ids only) or
                        in the report (its document search then matches ids)

Live view:
  --serve               watch training in a browser: prints a URL (loopback, with a per-run token); the
                        page draws the loss as it falls and topics as they form, with Stop and Cancel
  --port N              port of the live view (default: a free one)
  --host ADDRESS        address to bind (default 127.0.0.1; another address lets others on the network in)
  --keep-serving        keep serving the page after training until Ctrl-C

Outputs are checked before any work: their parent directory must exist, and no output may be, contain
or lie inside an input (the corpus, a word list, --vocabulary, --model) or another output.

Examples:
  rivulet topics data/en.jsonl --stop-words en --min-df 2 --max-df 0.95 --components 20 --report en.html
  rivulet topics data/zh.jsonl --lang zh --stop-words zh --components 5,10,20 --report zh.html --save zh-models
  rivulet topics corpus.jsonl --solver mu --serve --save model
`,
  transform: `Usage: rivulet transform --model DIR <corpus> [--output FILE] [--plugin MODULE]

Scores new documents with a model saved by rivulet topics --save: one JSON line per document,
{"id", "topics": [weights], "top_topic"}, on stdout or to --output. JSONL corpora take --text-field
and --id-field. --plugin loads the modules of plugins the model names (as at training).

  --precision N         round each weight to N significant digits for reading (default: full precision)

Examples:
  rivulet transform --model model new.jsonl
  rivulet transform --model model new.jsonl --precision 3 --output scores.jsonl
  rivulet transform --model zh-model notes.txt --id-field doc
`,
  similar: `Usage: rivulet similar --model DIR "query text" [-k 10] [--json] [--plugin MODULE]

Lists the training documents whose topic weights are most similar (cosine) to the query's, best first,
each with the first 200 characters of its text (models saved without --no-snippets); documents with
equal scores are listed in training order (the earlier document first), so the list is the same on
every run. --plugin loads the modules of plugins the model names (as at training).

Examples:
  rivulet similar --model model "how do I free memory in C"
  rivulet similar --model model "fortune favours the bold" -k 3 --json
  rivulet similar --model zh-model "开源软件的许可证" -k 5
`,
  plugins: `Usage: rivulet plugins [--plugin MODULE]... [--json]

Lists every registered plugin — the built-ins and those of each --plugin — by role, with its description,
its options (type, default, what it does) and what it can do (training loop, transform with a saved
model, --worker). --json prints [{"role", "name", "description", "options", "capabilities"}].
`,
  publish: `Usage: rivulet publish <corpus.jsonl> --nats URL --stream NAME [options]

Feeds a JetStream work-queue stream with the corpus's documents, --batch-size per message (one message
is one training batch), each publish acknowledged by the server; progress on stderr. Creates the stream,
its shared consumer "workers" and the dead-letter stream NAME_DEAD if missing. A corpus of - is stdin.

  --nats URL            server URL, or comma-separated URLs of a cluster
  --stream NAME         stream name (letters, digits, - and _); subject name.docs in lower case
  --batch-size N        documents per message (default 100)
  --max-deliver N       deliveries of a message before it goes to NAME_DEAD (default 20; a batch whose
                        statistics were too stale is requeued, and that counts as a delivery)
  --ack-wait S          seconds a delivered message may stay unacknowledged (default 30)
  --replicas N          stream replicas (3 on a three-node cluster; default 1)
  --text-field NAME, --id-field NAME   JSONL fields (default text, id)
  --json                print {"stream", "subject", "documents", "messages", "duplicates"} at the end

Examples:
  rivulet publish corpus.jsonl --nats nats://127.0.0.1:4222 --stream DOCS
  rivulet publish big.jsonl.gz --nats nats://10.0.0.5:4222 --stream DOCS --batch-size 500
  zcat part-*.jsonl.gz | rivulet publish - --nats nats://a:4222,nats://b:4222 --stream DOCS --replicas 3
`,
  worker: `Usage: rivulet worker --nats URL --model NAME [--pull N] [--idle S]

One worker of a distributed online NMF: waits for the model's first checkpoint (written by the
coordinator), then pulls document batches, vectorizes them as the model's settings say, solves W
against the cached H and publishes the batch's statistics; the documents are acknowledged only after
that publish is confirmed. Runs until SIGTERM or Ctrl-C (the batch in hand is finished or requeued,
then it exits 0). Start as many as you like, on any machine that reaches the server.

  --model NAME          the model being trained (default topics)
  --pull N              document messages fetched at a time (default 2)
  --idle S              stop after S seconds without documents (default: run until stopped)

Examples:
  rivulet worker --nats nats://127.0.0.1:4222 --model topics
  rivulet worker --nats nats://10.0.0.5:4222 --model news --pull 4
  rivulet worker --nats nats://127.0.0.1:4222 --model topics --idle 30
`,
  coordinator: `Usage: rivulet coordinator --nats URL --stream NAME --model NAME [-n K] [options]
       rivulet coordinator <corpus.jsonl> [-n K] [--workers N] [options]   (no --nats: one process)

The one coordinator of a distributed online NMF (Frobenius): applies the workers' statistics in stream
order with the forget factor of online NMF, checkpoints H, its running sums and the last applied sequence
to the model store (KV pointer moved by compare-and-set), then acknowledges the statistics. Restarted, it
resumes from the checkpoint and applies every batch exactly once. SIGTERM or Ctrl-C: the message in hand
is finished, a last checkpoint written (rounds mode: the round completed first), exit 0.
Without --nats it runs a loopback nats-server itself, publishes the corpus, runs --workers workers and
the coordinator in this process until every document is applied, and prints the model.

Training settings (first start; a restart reads them from the store and refuses different ones):
  -n, --components K    topics (default 10)
  --mode async|rounds   async (default): statistics applied as they come, at most --max-staleness
                        statistics messages after the H they were solved against (default 128);
                        rounds: each round of --round-size batches is solved against one H (default 4),
                        equal to one process running the same rounds
  --n-features N        hash buckets (default 262144 = 2^18)
  --lang auto|en|zh, --stop-words en|zh|none, --ngram N   tokenizer (as rivulet topics)
  --seed N              random start (default 0)
Coordinator:
  --checkpoint-every N  checkpoint after N statistics messages (async; default 32)
  --checkpoint-seconds S   … or S seconds (default 30)
  --idle S              stop (after a checkpoint) once no statistics came for S seconds
  --replicas N          replicas of the statistics stream and the model store (default 1)
One process (no --nats): --workers N (default 1), --batch-size N (default 100), --top-terms N,
  --terms CORPUS, --save DIR, --json (as rivulet model)

Examples:
  rivulet coordinator --nats nats://127.0.0.1:4222 --stream DOCS --model topics -n 20 --stop-words en
  rivulet coordinator --nats nats://127.0.0.1:4222 --stream DOCS --model exact -n 10 --mode rounds --round-size 8
  rivulet coordinator corpus.jsonl -n 10 --stop-words en --workers 2 --terms corpus.jsonl
`,
  model: `Usage: rivulet model --nats URL --model NAME [--top-terms N] [--terms CORPUS] [--save DIR] [--json]

Prints the current checkpoint of a distributed online NMF model from the store: version, steps,
documents and batches applied, statistics refused as stale, and each topic's top terms. Hashed
features are named by the terms of --terms CORPUS that fall in them (#bucket otherwise). --save DIR
writes the checkpoint's files into DIR, which must not exist yet: settings.json, state.json, H.f64
(components × features, little-endian doubles, row-major) and the running sums A.f64, B.f64.

Examples:
  rivulet model --nats nats://127.0.0.1:4222 --model topics --terms corpus.jsonl
  rivulet model --nats nats://127.0.0.1:4222 --model topics --save topics-model
  rivulet model --nats nats://127.0.0.1:4222 --model topics --json --top-terms 5
`,
};
