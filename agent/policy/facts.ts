import type { Queryable } from '../../db/transaction';
import { TenureError } from '../../server/errors';
import type { PolicyChannel, Purpose } from './contract';
import type { Attempt, Facts } from './decide';
import { whereabouts, whereaboutsOfPhone } from './zones';

// What the policy needs to know about a contact (or a bare number), read in a few small queries on
// the caller's connection, so the send job can run them inside the transaction that writes
// outreach_log.

/** the longest period a cap or a cool-down looks back (and, for scheduled outreach, ahead) */
const LOOK_DAYS = 90;
/** the daily budget is counted this far ahead (the next allowed time is never looked for further) */
const BUDGET_DAYS = 400;

interface ContactRow {
  id: string;
  account_id: string;
  phone: string | null;
  country: string | null;
  time_zone: string | null;
  account_country: string | null;
  account_time_zone: string | null;
  attributes: Record<string, unknown> | null;
}

export interface FactsQuery {
  contactId?: string;
  phone?: string;
  channel: PolicyChannel;
  purpose: Purpose;
  at: Date;
  /** the outreach being sent: it must not count against itself */
  excludeOutreachId?: string | null;
}

async function findContact(db: Queryable, q: FactsQuery): Promise<ContactRow | null> {
  const { rows } = await db.query<ContactRow>(
    `SELECT c.id, c.account_id, c.phone, c.country, c.time_zone, a.country AS account_country, a.time_zone AS account_time_zone, a.attributes
     FROM contacts c JOIN accounts a ON a.id = c.account_id
     WHERE ${q.contactId ? 'c.id = $1' : 'c.phone = $1'} ORDER BY c.id LIMIT 1`,
    [q.contactId ?? q.phone],
  );
  if (!rows[0] && q.contactId) throw new TenureError('not_found', `No contact ${q.contactId}`);
  return rows[0] ?? null;
}

export async function loadFacts(db: Queryable, q: FactsQuery): Promise<Facts> {
  const contact = await findContact(db, q);
  const phone = contact?.phone ?? q.phone ?? null;
  const where = contact
    ? whereabouts({ timeZone: contact.time_zone, phone, country: contact.country, accountTimeZone: contact.account_time_zone, accountCountry: contact.account_country })
    : whereaboutsOfPhone(q.phone!);
  const exclude = q.excludeOutreachId ?? '';

  const consent = contact
    ? (await db.query<{ status: 'granted' | 'revoked'; express_written: boolean }>(
        'SELECT status, express_written FROM v_current_consents WHERE contact_id = $1 AND channel = $2 AND purpose = $3',
        [contact.id, q.channel, q.purpose],
      )).rows[0] ?? null
    : null;

  const suppressed = (await db.query(
    `SELECT 1 FROM suppressions WHERE (contact_id = $1 OR phone = $2) AND (channel IS NULL OR channel = $3) LIMIT 1`,
    [contact?.id ?? null, phone, q.channel],
  )).rows.length > 0;

  const openConversation = contact
    ? (await db.query(`SELECT 1 FROM conversations WHERE account_id = $1 AND status = 'open' LIMIT 1`, [contact.account_id])).rows.length > 0
    : false;

  // outreach made or scheduled to the account (a bare number: to the number), within the longest period
  const { rows: past } = await db.query<{ at: Date; purpose: Purpose; play: string | null; channel: PolicyChannel; same: boolean; refused: boolean }>(
    `SELECT l.at, l.purpose, l.play, l.channel, (l.contact_id IS NOT DISTINCT FROM $2 AND ($2::text IS NOT NULL OR l.phone = $3)) AS same,
            l.result = 'refused' AS refused
     FROM outreach_log l
     WHERE ${contact ? 'l.account_id = $1' : 'l.phone = $3'} AND l.at > $4::timestamptz - interval '${LOOK_DAYS} days'
     UNION ALL
     SELECT o.scheduled_for, o.purpose, o.play, o.channel, o.contact_id IS NOT DISTINCT FROM $2, false
     FROM outreach o
     WHERE o.account_id = $1 AND o.status = 'scheduled' AND o.id <> $5
       AND o.scheduled_for > $4::timestamptz - interval '${LOOK_DAYS} days' AND o.scheduled_for < $4::timestamptz + interval '${LOOK_DAYS} days'`,
    [contact?.account_id ?? null, contact?.id ?? null, phone, q.at, exclude],
  );
  const attempts: Attempt[] = past.map((r) => ({ at: r.at, purpose: r.purpose, play: r.play, channel: r.channel, sameContact: r.same }));
  const refusals = past.filter((r) => r.refused && r.same).map((r) => r.at);

  const { rows: days } = await db.query<{ day: string; n: number }>(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, sum(n)::int AS n FROM (
       SELECT date_trunc('day', at AT TIME ZONE 'UTC') AS day, count(*) AS n FROM outreach_log
       WHERE at >= date_trunc('day', $1::timestamptz AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' GROUP BY 1
       UNION ALL
       SELECT date_trunc('day', scheduled_for AT TIME ZONE 'UTC'), count(*) FROM outreach
       WHERE status = 'scheduled' AND id <> $2
         AND scheduled_for >= date_trunc('day', $1::timestamptz AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
         AND scheduled_for < $1::timestamptz + interval '${BUDGET_DAYS} days' GROUP BY 1
     ) t GROUP BY 1`,
    [q.at, exclude],
  );

  return {
    known: !!contact,
    country: where.country,
    zones: where.zones,
    // business hours apply unless the account says its customer is a consumer (attributes.b2b = false)
    b2b: contact?.attributes?.b2b !== false,
    consent: consent ? { status: consent.status, expressWritten: consent.express_written } : null,
    suppressed,
    openConversation,
    attempts,
    refusals,
    dayCounts: Object.fromEntries(days.map((d) => [d.day, d.n])),
  };
}
