/** `rivulet --help` and `rivulet <command> --help`. */
export const HELP: Record<'main' | 'topics' | 'transform' | 'similar' | 'plugins', string> = {
  main: `rivulet — topics on any corpus (NMF topic models, streaming, plugin-based)

Usage:
  rivulet topics <corpus> [options]          fit topics and print them
  rivulet transform --model DIR <corpus>     topic weights of new documents (JSON lines)
  rivulet similar --model DIR "query" [-k N] training documents most similar to a query
  rivulet plugins [--plugin MODULE]          every registered plugin by role, with its options

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
  --report FILE         a self-contained HTML page: loss curve, topics, sizes, coherence, settings
  --save DIR            save the model for rivulet transform / rivulet similar; DIR must be new,
                        empty or a model Rivulet saved (replacing one needs --force)
  --force               allow --save to replace a model Rivulet saved there

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
  rivulet topics data/zh.jsonl --lang zh --stop-words zh --components 5,10,20 --json
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

Lists the training documents whose topic weights are most similar (cosine) to the query's, best first;
documents with equal scores are listed in training order (the earlier document first), so the list is
the same on every run. --plugin loads the modules of plugins the model names (as at training).

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
};
