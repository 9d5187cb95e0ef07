import { z } from 'zod';
import type { StoredSuggestion } from '../alerts/suggest';

// The escalation SOP: its steps, each with a deadline from the opening, and what each asks of its
// owner. The root-cause call and the mitigation plan follow the dominant signal family's suggested
// action (CONTRACTS.md section 4), so a budget case and a competitor case read differently.

export const StepName = z.enum(['assign', 'root_cause_call', 'mitigation_plan']);
export type StepName = z.infer<typeof StepName>;

export const STEPS: readonly { step: StepName; position: number; hours: number }[] = [
  { step: 'assign', position: 1, hours: 4 },
  { step: 'root_cause_call', position: 2, hours: 24 },
  { step: 'mitigation_plan', position: 3, hours: 72 },
];

export const stepHours = (step: StepName) => STEPS.find((s) => s.step === step)!.hours;

export interface StepText {
  title: string;
  body: string;
}

export function stepText(step: StepName, e: { id: string; account: string; suggestion: StoredSuggestion | null; reasons: string[] }): StepText {
  const why = e.reasons.length ? `Why: ${e.reasons.slice(0, 3).join('; ')}.` : '';
  const lever = e.suggestion ? e.suggestion.text : 'Review the account';
  switch (step) {
    case 'assign':
      return {
        title: `Assign a CSM and an executive sponsor to ${e.account} within 4 h`,
        body: `Escalation ${e.id}: ${e.account} is likely to churn. ${why}\nAssign with POST /v1/escalations/${e.id}/steps/assign {"csm_id", "sponsor_id"}.`,
      };
    case 'root_cause_call':
      return {
        title: `Root-cause call with ${e.account} within 24 h`,
        body: `Escalation ${e.id}. ${why}\nPrepare around: ${lever}.\nMark it done with POST /v1/escalations/${e.id}/steps/root_cause_call.`,
      };
    case 'mitigation_plan':
      return {
        title: `Mitigation plan agreed with ${e.account} within 72 h`,
        body: `Escalation ${e.id}. ${why}\nSuggested plan: ${lever}.\nMark it agreed with POST /v1/escalations/${e.id}/steps/mitigation_plan {"note"}.`,
      };
  }
}
