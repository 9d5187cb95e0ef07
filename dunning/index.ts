export * from './contract';
export { DECLINE_REASON_CLASS, reasonClassOf } from './decline-codes';
