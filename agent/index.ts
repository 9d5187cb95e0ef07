export * from './contracts';
export * from './policy';
