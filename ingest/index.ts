export * from './events/registry';
export * from './events/payloads';
export * from './scalars';
