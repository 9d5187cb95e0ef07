// Escalations (issue 15): the SOP opened for likely churners, its timed steps, overrides.
export { openEscalations } from './open';
export { completeStep, overrideRisk, OverrideInput, OverrideReason, StepInput } from './actions';
export { escalationSweep, expireOverrides, markMissedSteps } from './due';
export { listEscalations, getEscalation, Escalation } from './queries';
export { escalationRoutes } from './routes';
export { likelyChurnSql } from './trigger';
export { STEPS, StepName } from './sop';
