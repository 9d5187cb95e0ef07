import type { ChurnCategory, RiskFamily } from '../../contracts';

// The shape of one language's lexicon. Everything is written against folded text (see normalize.ts):
// lower case, no accents, straight apostrophes, ё → е.
//
// Pattern syntax (compiled by patterns.ts): a pattern is a regular expression source that must start
// at a word start; a space means any run of spaces; ` ~ ` lets up to three words in between
// ("we are ~ hesitating" matches "we are really still hesitating"); `#` marks a word end (without
// it, the last word is a stem: "cancel" matches "cancelled" and "cancellation").

export type Patterns = readonly string[];

export interface Lexicon {
  /** Risk phrases per family. A phrase may carry its own negation ("don't see results"). */
  risks: Record<RiskFamily, Patterns>;
  /** Words that negate what follows in the same clause (whole folded tokens). */
  negators: readonly string[];
  /** Negators that only count with a second one near (French "plus" needs "ne"). */
  weakNegators?: readonly string[];
  /** Words that end a clause for negation and weigh what comes after more (but, mais, но). */
  contrast: readonly string[];
  /** Degree words: multiplier applied to the next sentiment word (very 1.4, slightly 0.6). */
  intensifiers: Record<string, number>;
  /** Hedges: lower the confidence of a risk in the same sentence ("maybe", "a bit"). */
  hedges: Patterns;
  /** Sentiment words: `word` for the exact token, `stem*` for any token starting with it. Valence -3..3. */
  sentiment: Record<string, number>;
  /** Multi-word sentiment phrases with their valence (matched on the folded text, negation checked). */
  phrases: Record<string, number>;
  /** Sarcasm: a positive word said with these around it counts as negative. */
  sarcasm: Patterns;
  /** Right after a risk phrase in the same clause, these say it is no concern ("budget isn't an issue"). */
  dismissals: Patterns;
  /** The customer says a concern is over or that they stay: a risk before it in the turn is cancelled. */
  resolved: Patterns;
  /** Cues after which a proper noun names another vendor ("switched to", "contacted by"). */
  competitorBefore: Patterns;
  /** Weaker cues ("used", "from", Russian prepositions): a name after them counts only when the turn
   *  talks about other vendors, or when the name looks like a brand (HubSpot, Bitrix24). */
  competitorWeak: Patterns;
  /** Cues right after a proper noun that make it another vendor ("X is cheaper", "X offers"). */
  competitorAfter: Patterns;
  /** Capitalised words that are not vendor names. */
  notNames: readonly string[];
  formal: Patterns;
  informal: Patterns;
  /** Evidence for each churn-reason category, fed to the classifier as lexicon features. */
  reasons: Record<ChurnCategory, Patterns>;
  /** Statements of what someone will do ("I'll send", "je vous rappelle", "пришлю"). */
  promises: Patterns;
  /** Product features customers name, by feature key. */
  features: Record<string, Patterns>;
}
