import type { TextDocument } from '@rivulet/core';
import { createTokenizer } from '@rivulet/tokenizer';
import { hashingVectorize } from '@rivulet/vectorizer';
import { lastValueFrom, of } from 'rxjs';

/** The per-document result the NATS benchmark's stage emits. */
export interface StageResult {
  readonly id: string;
  readonly terms: number;
}

const tokenize = createTokenizer({ stopWords: 'en' });

/**
 * The work each benchmark worker does on a batch of documents: tokenize and hash into 2^18 columns (the
 * distributed online NMF's vectorizer), one result per document. The same function runs in one process
 * for the baseline, so the difference is what NATS costs.
 */
export async function stage(documents: readonly TextDocument[]): Promise<StageResult[]> {
  const tokenized = documents.map((d) => ({ id: d.id, tokens: tokenize(d.text) }));
  const matrix = await lastValueFrom(
    of(tokenized).pipe(hashingVectorize({ nFeatures: 2 ** 18, alternateSign: false })),
  );
  const { indptr } = matrix.matrix;
  return documents.map((d, i) => ({ id: d.id, terms: indptr[i + 1] - indptr[i] }));
}
