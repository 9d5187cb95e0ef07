export * from './contract';
export { matchOptOut } from './opt-out';
export { suppress, isSuppressed } from './suppress';
