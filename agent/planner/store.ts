import { z } from 'zod';
import type { Clock } from '../../db/clock';
import { newId } from '../../db/ids';
import type { Queryable } from '../../db/transaction';
import { PLAY_PURPOSE } from './plays';
import type { Play } from '../contracts/common';
import type { EvaluateResult, PolicyChannel } from '../policy/contract';

// The planner's writes: every decision with its inputs, and the outreach it scheduled (or blocked).

export const Trigger = z.enum(['on_demand', 'campaign', 'score_change', 'schedule', 'dunning', 'alert']);
export type Trigger = z.infer<typeof Trigger>;

interface DecisionState {
  accountId: string;
  trigger: Trigger;
  at: string;
  campaignId: string | null;
  dryRun: boolean;
  assessment: unknown;
  play: Play | null;
  why: string;
  contactId: string | null;
  channel: PolicyChannel | null;
  policy: EvaluateResult | null;
  reasons: string[];
  plannedDayCounts: Record<string, number>;
}

export async function storeDecision(deps: { db: Queryable; clock: Clock }, s: DecisionState, status: 'scheduled' | 'blocked' | 'no_play', scheduledFor: string | null) {
  const decisionId = newId('pdc');
  const now = deps.clock.now();
  // the play is already scheduled for the account: this decision points at that outreach
  if (s.play && status === 'scheduled') {
    const live = (await deps.db.query<{ id: string; scheduled_for: Date }>(
      `SELECT id, scheduled_for FROM outreach WHERE account_id = $1 AND play = $2 AND status = 'scheduled'`, [s.accountId, s.play],
    )).rows[0];
    if (live) {
      scheduledFor = live.scheduled_for.toISOString();
      s = { ...s, reasons: [...s.reasons, 'already_scheduled'] };
    }
  }
  const inputs = { at: s.at, why: s.why, assessment: s.assessment, contact_id: s.contactId, channel: s.channel, policy: s.policy };
  const purpose = s.play ? PLAY_PURPOSE[s.play] : null;
  await deps.db.query(
    `INSERT INTO planner_decisions (id, account_id, contact_id, campaign_id, trigger, play, channel, purpose, decision, scheduled_for, reasons, inputs, decided_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    [decisionId, s.accountId, s.contactId, s.campaignId, s.trigger, s.play, s.channel, purpose, status, scheduledFor, JSON.stringify(s.reasons), JSON.stringify(inputs), now],
  );
  let outreachId: string | null = null;
  if (!s.dryRun && s.play && status !== 'no_play') {
    outreachId = await insertOutreach(deps.db, deps.clock, { accountId: s.accountId, contactId: s.contactId, play: s.play, channel: s.channel!, status, scheduledFor, reasons: s.reasons, decisionId, campaignId: s.campaignId });
  }
  const plannedDayCounts = s.dryRun && scheduledFor ? bump(s.plannedDayCounts, scheduledFor) : s.plannedDayCounts;
  return { decisionId, outreachId, status, scheduledFor, plannedDayCounts, reasons: s.reasons };
}

const bump = (counts: Record<string, number>, at: string) => ({ ...counts, [at.slice(0, 10)]: (counts[at.slice(0, 10)] ?? 0) + 1 });

export interface NewOutreach {
  accountId: string;
  contactId: string | null;
  play: Play;
  channel: PolicyChannel;
  status: 'scheduled' | 'blocked';
  scheduledFor: string | null;
  reasons: string[];
  decisionId: string;
  campaignId: string | null;
}

/**
 * One outreach row. A play already scheduled for the account is not scheduled twice: the live one's
 * id comes back instead (planning twice never calls twice).
 */
export async function insertOutreach(db: Queryable, clock: Clock, o: NewOutreach): Promise<string> {
  const now = clock.now();
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO outreach (id, account_id, contact_id, play, channel, purpose, status, scheduled_for, reasons, decision_id, campaign_id, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)
     ON CONFLICT (account_id, play) WHERE status = 'scheduled' DO NOTHING RETURNING id`,
    [newId('otr'), o.accountId, o.contactId, o.play, o.channel, PLAY_PURPOSE[o.play], o.status, o.scheduledFor, JSON.stringify(o.reasons), o.decisionId, o.campaignId, now],
  );
  if (rows[0]) return rows[0].id;
  const live = await db.query<{ id: string }>(`SELECT id FROM outreach WHERE account_id = $1 AND play = $2 AND status = 'scheduled'`, [o.accountId, o.play]);
  return live.rows[0]!.id;
}
