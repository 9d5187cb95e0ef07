export { buildPlanner, plan, type Planner, type PlannerInput, type PlannerResult } from './graph';
export { choosePlay, PLAY_PURPOSE, DEFAULT_CHANNEL, type AccountState } from './plays';
export { requestPlay, planAccounts, type PlayRequest, type PlayAnswer } from './service';
export { planCampaign, getCampaign, approveCampaign, Campaign, CampaignInput, Segment } from './campaigns';
export { claimDueOutreach, recordOutreachResult, logOutreach, OutreachResult, type ClaimedOutreach } from './send';
export { listOutreach, OutreachItem } from './read';
export { plannerRoutes } from './routes';
export { plannerSweep } from './due';
