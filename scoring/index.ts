// Scoring (issue 8): signals, the health score, its history and freshness.
export { currentConfig, PRESETS, type ScoreConfig, type StoredConfig } from './config';
export { computeScore, recomputeTotal, explain, COMPONENT_SIGNALS } from './score';
export { deriveSignals, type Signal } from './signals/derive';
export { scoreAccounts, backfill, computeAt } from './run';
export { scoringRoutes } from './routes';
export { nightlyRecompute, rescorer } from './jobs';
