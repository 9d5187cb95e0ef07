import type { Play } from '../contracts/common';
import { SIGNAL_SUGGESTION, type SignalFamily } from '../contracts/turn-analysis';
import type { PolicyChannel, Purpose } from '../policy/contract';

// Which play fits an account, and what each play is for the policy. The play for an active account
// at risk comes from the mapping table of CONTRACTS.md section 4 (signal family → play), extended
// here with the account's states: a cancelled account is won back, an open dunning case is a
// payment recovery, a healthy account is asked for its NPS.

/** Consent and caps are per purpose: win-back is marketing, payment recovery transactional. */
export const PLAY_PURPOSE: Record<Play, Purpose> = {
  health_check: 'service',
  nps: 'service',
  win_back: 'marketing',
  payment_recovery: 'transactional',
};

/** A payment reminder is a text by default; a conversation is a call. */
export const DEFAULT_CHANNEL: Record<Play, PolicyChannel> = {
  health_check: 'voice',
  nps: 'voice',
  win_back: 'voice',
  payment_recovery: 'sms',
};

export interface AccountState {
  accountId: string;
  status: 'active' | 'churned';
  /** the current score row (v_current_scores.score_id), null before the first score */
  scoreId: string | null;
  zone: string | null;
  atRisk: boolean;
  /** the signal families of the score's reasons, largest first */
  families: SignalFamily[];
  dunningCaseId: string | null;
}

export interface PlayChoice {
  play: Play | null;
  /** why this play (or none), in words a CSM reads */
  why: string;
}

export function choosePlay(s: AccountState): PlayChoice {
  if (s.dunningCaseId) return { play: 'payment_recovery', why: `open dunning case ${s.dunningCaseId}` };
  if (s.status === 'churned') return { play: 'win_back', why: 'the account cancelled' };
  if (s.atRisk) {
    const family = s.families[0];
    if (!family) return { play: 'health_check', why: `at risk (zone ${s.zone}) without a named signal` };
    return { play: SIGNAL_SUGGESTION[family].play, why: `at risk (zone ${s.zone}): ${family.replace(/_/g, ' ')}` };
  }
  if (s.zone) return { play: 'nps', why: `healthy (zone ${s.zone}): ask for the NPS` };
  return { play: null, why: 'no score yet: nothing to go on' };
}
