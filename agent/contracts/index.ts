export * from './common';
export * from './turn-analysis';
export * from './churn-reason';
export * from './conversation-port';
export * from './outcome';
