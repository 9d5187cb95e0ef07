// The churn model: what `tenure model eval` measures and what the product's churn predictor reuses.
export { readTable, parseTable, TableError, type Table } from './table';
export { planColumns, isMissing, toNumber, readNumber, numberFormat, type ColumnPlan, type ColumnRole, type NumberFormat, type PlanOptions } from './columns';
export { readLabels, type Labels } from './labels';
export { loadDataset, toDataset, type Dataset } from './dataset';
export { fitEncoder, encode, type Encoder, type Feature, type CustomerRecord } from './encoder';
export { fitLogistic, logisticScores, logisticContributions, LOGISTIC_DEFAULTS, type LogisticModel, type LogisticParams } from './logistic';
export { fitBoosted, fitBoostedHeldOut, boostedScores, boostedContributions, BOOSTED_DEFAULTS, type BoostedModel, type BoostedParams, type HeldOut } from './boosted';
export { fitPlatt, calibrate, type Platt } from './calibration';
export { trainModel, predictProbabilities, fitCore, coreScores, MODEL_KINDS, type ModelKind, type TrainedModel, type TrainOptions, type Training, type Core } from './train';
export { explain, columnEffects, type Explanation, type Reason } from './explain';
export { rocAuc, prAuc, logLoss, brier, atTop, allMetrics, meanSd, type Metrics } from './metrics';
export { stratifiedFolds, type Fold } from './folds';
export { crossValidate, type Evaluation, type EvalOptions, type FoldResult } from './evaluate';
export { matrix, takeRows, type Matrix } from './matrix';
