/**
 * English stop words: articles, pronouns, auxiliaries, prepositions, conjunctions, quantifiers and other
 * function words that carry little topical meaning. Similar in scope to scikit-learn's
 * `ENGLISH_STOP_WORDS` (the Glasgow list), but compiled here from common English function words. All
 * lower-case; used with `stopWords: 'en'`, compared after lower-casing.
 *
 * @example
 * ```ts
 * import { ENGLISH_STOP_WORDS } from '@rivulet/tokenizer';
 * ENGLISH_STOP_WORDS.has('the'); // true
 * ```
 */
export const ENGLISH_STOP_WORDS: ReadonlySet<string> = new Set(
  `
a about above across after afterwards again against all almost alone along already also although always
am among amongst an and another any anyhow anyone anything anyway anywhere are around as at
be became because become becomes becoming been before beforehand behind being below beside besides
between beyond both but by
can cannot could
did do does doing done down due during
each either else elsewhere enough etc even ever every everyone everything everywhere except
few for former formerly from further furthermore
had has have having he hence her here hereafter hereby herein hers herself him himself his how however
i ie if in indeed instead into is it its itself
just
last latter latterly least less
many may me meanwhile might mine more moreover most mostly much must my myself
namely neither never nevertheless next no nobody none noone nor not nothing now nowhere
of off often on once one only onto or other others otherwise our ours ourselves out over own
per perhaps please
rather re
same several she should since so some somehow someone something sometime sometimes somewhere still such
than that the their theirs them themselves then thence there thereafter thereby therefore therein
thereupon these they this those though through throughout thru thus to together too toward towards
under until up upon us
very via
was we well were what whatever when whence whenever where whereafter whereas whereby wherein whereupon
wherever whether which while whither who whoever whole whom whose why will with within without would
yet you your yours yourself yourselves
`
    .trim()
    .split(/\s+/),
);
