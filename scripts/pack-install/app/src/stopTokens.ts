import { checkOptions, definePlugin, type OptionsSchema, type TokenizedDocument } from '@rivulet/core';
import { map } from 'rxjs';

interface StopTokensOptions {
  readonly tokens?: readonly string[];
}

const schema: OptionsSchema<StopTokensOptions> = {
  tokens: { type: 'string[]', default: [], description: 'tokens to drop' },
};

/** The app's own plugin: a token filter that drops the given tokens (role `token-filter`). */
export const stopTokensModule = definePlugin<StopTokensOptions, TokenizedDocument, TokenizedDocument>({
  role: 'token-filter',
  name: 'stop-tokens',
  description: 'drops the listed tokens',
  options: schema,
  stage: (options) => {
    // Called when the stream is subscribed: a bad option errors the stream, as the common checks expect.
    checkOptions('stop-tokens', schema, options);
    const drop = new Set(options.tokens ?? []);
    return map((d: TokenizedDocument) => ({ id: d.id, tokens: d.tokens.filter((t) => !drop.has(t)) }));
  },
});
