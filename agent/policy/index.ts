export * from './contract';
export { matchOptOut } from './opt-out';
export { suppress, isSuppressed, liftOptOut } from './suppress';
