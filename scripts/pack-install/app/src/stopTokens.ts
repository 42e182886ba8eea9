import { definePlugin, type TokenizedDocument } from '@rivulet/core';
import { map } from 'rxjs';

/** The app's own plugin: a token filter that drops the given tokens (role `token-filter`). */
export const stopTokensModule = definePlugin({
  role: 'token-filter',
  name: 'stop-tokens',
  description: 'drops the listed tokens',
  options: { tokens: { type: 'array', default: [], description: 'tokens to drop' } },
  stage: ({ tokens = [] }: { tokens?: readonly string[] }) => {
    const drop = new Set(tokens);
    return map((d: TokenizedDocument) => ({ id: d.id, tokens: d.tokens.filter((t) => !drop.has(t)) }));
  },
  capabilities: {},
});
