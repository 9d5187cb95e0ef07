import { z } from 'zod';

// The alert and escalation settings: one home. The defaults are the issue's; the environment
// (server/config.ts) may change them at start, through useAlertSettings().

export const AlertSettings = z.object({
  /** a drop of this many points or more within the window raises a trajectory alert */
  dropPoints: z.number().int().min(1).max(100),
  /** the window the drop is measured over (its maximum minus the current score) */
  dropWindowDays: z.number().int().min(1).max(90),
  /** the likely-churn threshold: a churn probability at or above it opens an escalation (read by the churn predictor) */
  likelyChurn: z.number().min(0).max(1),
  /** how long a CSM's override holds before the risk is restored */
  overrideDays: z.number().min(0.01).max(365),
  /** a resolved escalation is not reopened for the same account within this many days */
  reopenAfterDays: z.number().min(0).max(365),
});
export type AlertSettings = z.infer<typeof AlertSettings>;

export const DEFAULT_ALERT_SETTINGS: AlertSettings = { dropPoints: 15, dropWindowDays: 14, likelyChurn: 0.6, overrideDays: 30, reopenAfterDays: 30 };

let current: AlertSettings = DEFAULT_ALERT_SETTINGS;

export function alertSettings(): AlertSettings {
  return current;
}

/** Set once at start from the configuration (and by tests). */
export function useAlertSettings(s: Partial<AlertSettings>): void {
  current = AlertSettings.parse({ ...DEFAULT_ALERT_SETTINGS, ...s });
}
