// Alerts (issue 15): zone transitions and steep drops of the health score, raised after each batch of
// score writes and delivered through insights/notify.
export { afterScores } from './after-scores';
export { alertScoreBatches, scoreAlerts } from './batches';
export { raiseAlerts } from './detect';
export { alertSettings, useAlertSettings, DEFAULT_ALERT_SETTINGS, AlertSettings } from './settings';
export { alertRoutes } from './routes';
