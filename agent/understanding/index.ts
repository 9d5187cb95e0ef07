// Conversation understanding (issue 6): one provider interface, the offline provider, evaluation.
// Scoring and the demo-company generator import analyzeTurn from here.
export { analyzeTurn, extractReason, summarize, offlineProvider } from './offline';
export { detectLang } from './lang';
export { locateVerbatim, type Located } from './verbatim';
export { getProvider, registerProvider, ProviderUnavailable } from './provider';
export type { Awaitable, Commitment, ConversationSummary, Speaker, Transcript, TranscriptTurn, UnderstandingProvider } from './provider';
export { OFFLINE_VERSION } from './analyze';
export { LANGS, type OfflineLang } from './lexicon';
export { IBM_MAPPING, type IbmCategory } from './ibm';
