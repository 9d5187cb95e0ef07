import { z } from 'zod';
import type { Clock } from '../../db/clock';
import type { Database } from '../../db/database';
import { withTransaction, type Queryable } from '../../db/transaction';
import { Id } from '../../ingest/scalars';
import { TenureError } from '../../server/errors';
import { newId } from '../../db/ids';
import { Play } from '../contracts/common';
import { evaluate } from '../policy/evaluate';
import type { PolicySettings } from '../policy/rules';
import { buildPlanner, plan } from './graph';
import { PLAY_PURPOSE } from './plays';
import { insertOutreach } from './store';

// A campaign: one play over a segment of accounts. Planning it is a dry run (each account's
// decision is stored, nothing is scheduled); approving it schedules exactly the accounts the dry run
// allowed. A play listed in TENURE_CAMPAIGN_AUTO_APPROVE is approved as soon as it is planned.

const MAX_ACCOUNTS = 5000;

export const Segment = z.strictObject({
  zone: z.string().min(1).optional().describe('score zone, e.g. orange'),
  status: z.enum(['active', 'churned']).optional(),
  plan: z.string().min(1).optional(),
  account_ids: z.array(Id).min(1).max(MAX_ACCOUNTS).optional(),
});
export type Segment = z.infer<typeof Segment>;

export const CampaignInput = z.strictObject({
  play: Play,
  channel: z.enum(['voice', 'sms']).optional().describe("default: the play's (voice; sms for payment_recovery)"),
  segment: Segment.default({}),
});
export type CampaignInput = z.infer<typeof CampaignInput>;

export const CampaignDecision = z.object({
  decision_id: z.string(),
  account_id: z.string(),
  account_name: z.string(),
  contact_id: z.string().nullable(),
  decision: z.enum(['scheduled', 'blocked', 'no_play']),
  scheduled_for: z.date().nullable(),
  reasons: z.array(z.string()),
  why: z.string(),
  outreach_id: z.string().nullable(),
});

export const Campaign = z.object({
  id: z.string(),
  play: Play,
  channel: z.enum(['voice', 'sms']),
  segment: Segment,
  status: z.enum(['draft', 'approved']),
  planned_at: z.date(),
  created_by: z.string(),
  approved_by: z.string().nullable(),
  approved_at: z.date().nullable(),
  counts: z.object({ scheduled: z.number(), blocked: z.number(), no_play: z.number() }),
  decisions: z.array(CampaignDecision),
});
export type Campaign = z.infer<typeof Campaign>;

async function segmentAccounts(db: Queryable, s: Segment): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT a.id FROM accounts a LEFT JOIN v_current_scores sc ON sc.account_id = a.id
     WHERE ($1::text IS NULL OR sc.zone = $1) AND ($2::text IS NULL OR a.status = $2) AND ($3::text IS NULL OR a.plan = $3)
       AND ($4::text[] IS NULL OR a.id = ANY($4::text[]))
     ORDER BY a.id LIMIT ${MAX_ACCOUNTS + 1}`,
    [s.zone ?? null, s.status ?? null, s.plan ?? null, s.account_ids ?? null],
  );
  if (rows.length > MAX_ACCOUNTS) throw new TenureError('invalid_request', `The segment holds more than ${MAX_ACCOUNTS} accounts: narrow it (zone, status, plan)`);
  return rows.map((r) => r.id);
}

export async function planCampaign(db: Database, clock: Clock, settings: PolicySettings, input: CampaignInput, createdBy: string, autoApprove: string[] = []): Promise<Campaign> {
  const c = CampaignInput.parse(input);
  const id = await withTransaction(db, async (tx) => {
    const id = newId('cmp');
    const channel = c.channel ?? (c.play === 'payment_recovery' ? 'sms' : 'voice');
    const now = clock.now();
    await tx.query(
      `INSERT INTO campaigns (id, play, channel, segment, status, planned_at, created_by, created_at) VALUES ($1, $2, $3, $4, 'draft', $5, $6, $5)`,
      [id, c.play, channel, JSON.stringify(c.segment), now, createdBy],
    );
    const planner = buildPlanner({ db: tx, clock, settings });
    // the dry run's own plans count against the daily budget, as they will once approved
    let planned: Record<string, number> = {};
    for (const accountId of await segmentAccounts(tx, c.segment)) {
      const s = await plan(planner, { accountId, trigger: 'campaign', at: now.toISOString(), requestedPlay: c.play, requestedChannel: channel, campaignId: id, dryRun: true, plannedDayCounts: planned });
      planned = s.plannedDayCounts;
    }
    return id;
  });
  if (autoApprove.includes(c.play)) return approveCampaign(db, clock, settings, id, 'auto-approval');
  return getCampaign(db, id);
}

export async function getCampaign(db: Queryable, id: string): Promise<Campaign> {
  const { rows } = await db.query<Omit<Campaign, 'counts' | 'decisions'>>('SELECT id, play, channel, segment, status, planned_at, created_by, approved_by, approved_at FROM campaigns WHERE id = $1', [id]);
  if (!rows[0]) throw new TenureError('not_found', `No campaign ${id}`);
  const { rows: decisions } = await db.query<z.infer<typeof CampaignDecision>>(
    `SELECT d.id AS decision_id, d.account_id, a.name AS account_name, d.contact_id, d.decision, d.scheduled_for, d.reasons, d.inputs->>'why' AS why,
            (SELECT o.id FROM outreach o WHERE o.decision_id = d.id) AS outreach_id
     FROM planner_decisions d JOIN accounts a ON a.id = d.account_id WHERE d.campaign_id = $1 ORDER BY d.id`,
    [id],
  );
  const count = (k: string) => decisions.filter((d) => d.decision === k).length;
  return { ...rows[0], counts: { scheduled: count('scheduled'), blocked: count('blocked'), no_play: count('no_play') }, decisions };
}

/**
 * Schedules exactly the accounts the dry run allowed, at the time it planned. A planned time
 * already past is asked of the policy again (the send job asks it again anyway).
 */
export async function approveCampaign(db: Database, clock: Clock, settings: PolicySettings, id: string, by: string): Promise<Campaign> {
  await withTransaction(db, async (tx) => {
    const now = clock.now();
    const { rows } = await tx.query<{ status: string }>('SELECT status FROM campaigns WHERE id = $1 FOR UPDATE', [id]);
    if (!rows[0]) throw new TenureError('not_found', `No campaign ${id}`);
    if (rows[0].status !== 'draft') throw new TenureError('conflict', `Campaign ${id} is already approved`);
    await tx.query(`UPDATE campaigns SET status = 'approved', approved_by = $2, approved_at = $3 WHERE id = $1`, [id, by, now]);
    const { rows: allowed } = await tx.query<{ id: string; account_id: string; contact_id: string; play: Play; channel: 'voice' | 'sms'; scheduled_for: Date; reasons: string[] }>(
      `SELECT id, account_id, contact_id, play, channel, scheduled_for, reasons FROM planner_decisions WHERE campaign_id = $1 AND decision = 'scheduled' ORDER BY id`,
      [id],
    );
    for (const d of allowed) {
      let when: string | null = d.scheduled_for.toISOString();
      let reasons = d.reasons;
      if (d.scheduled_for < now) {
        const again = await evaluate(tx, { contactId: d.contact_id, channel: d.channel, purpose: PLAY_PURPOSE[d.play], at: now.toISOString() }, { play: d.play, settings });
        when = again.allowed ? now.toISOString() : again.next_allowed_at;
        reasons = again.reasons;
      }
      await insertOutreach(tx, clock, {
        accountId: d.account_id, contactId: d.contact_id, play: d.play, channel: d.channel, status: when ? 'scheduled' : 'blocked', scheduledFor: when, reasons, decisionId: d.id, campaignId: id,
      });
    }
  });
  return getCampaign(db, id);
}
