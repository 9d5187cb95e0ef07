export * from './contract';
export { DECLINE_CODES, DECLINE_REASON_CLASS, FRAUD_CLASS, MessageKey, NON_CARD, OUTCOME_REASONS, Retry, TOP_LEVEL_CODES, UNKNOWN_CODE, reasonClassOf, type DeclineRow } from './decline-codes';
export { customerMessage, MESSAGES, MessageLang } from './messages';
export { DeclineInput, route, type Decision } from './router';
