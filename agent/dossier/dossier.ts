import { z } from 'zod';
import type { Clock } from '../../db/clock';
import { namedOn } from '../../db/prepared';
import type { Queryable } from '../../db/transaction';
import { TenureError } from '../../server/errors';
import { ChurnCategory } from '../contracts/churn-reason';

// What Tenure knows about an account and the contact it talks to, read before the first word so
// the agent opens on the running thread and never asks for what it already knows. Every field is
// read through SQL the owners publish (events, v_churn_reasons, v_current_scores, v_dunning_cases).

export const Dossier = z.object({
  account: z.object({
    id: z.string(),
    name: z.string(),
    plan: z.string().nullable(),
    mrr_minor: z.number().nullable(),
    currency: z.string().nullable(),
    renewal_date: z.string().nullable(),
    owner_id: z.string().nullable(),
    status: z.string(),
  }),
  contact: z.object({ id: z.string(), name: z.string(), phone: z.string().nullable() }),
  lang: z.string(),
  time_zone: z.string().nullable(),
  /** the newest churn reason heard from this account, any source */
  last_complaint: z
    .object({ category: ChurnCategory, detail: z.string(), verbatim: z.string(), competitor: z.string().nullable(), feature: z.string().nullable(), at: z.date() })
    .nullable(),
  open_tickets: z.object({ count: z.number(), latest_category: z.string().nullable() }),
  promises: z.array(z.object({ id: z.string(), by: z.enum(['customer', 'vendor']), text: z.string(), kept: z.boolean(), due_at: z.string().nullable() })),
  last_conversation: z.object({ id: z.string(), at: z.date(), summary: z.string().nullable(), reason: z.string().nullable() }).nullable(),
  /** open dunning cases: never the decline code, only what may be said */
  payment_problems: z.array(z.object({ case_id: z.string(), reason_class: z.string(), customer_action: z.string(), reveal_reason: z.boolean(), amount_due: z.number(), currency: z.string() })),
  score: z
    .object({ score: z.number(), zone: z.string(), at_risk: z.boolean(), components: z.record(z.string(), z.unknown()), reasons: z.array(z.string()), trend: z.number().nullable() })
    .nullable(),
  /** the churn model's probability, when one has been computed (scoring's v_current_predictions) */
  churn_probability: z.number().nullable(),
});
export type Dossier = z.infer<typeof Dossier>;

export async function loadDossier(db: Queryable, clock: Clock, contactId: string): Promise<Dossier> {
  // One statement: a dossier is read before every opening line, where each round trip is time the
  // customer's turns queue behind; each part is a subquery on the contact's account.
  const { rows } = await db.query(
    namedOn(db, 'tenure_dossier', `WITH h AS (
       SELECT a.id, a.name, a.plan, a.mrr_minor, a.currency, a.renewal_date::text AS renewal_date, a.owner_id, a.status,
              c.id AS contact_id, c.name AS contact_name, c.phone, c.language, coalesce(c.time_zone, a.time_zone) AS time_zone
       FROM contacts c JOIN accounts a ON a.id = c.account_id WHERE c.id = $1)
     SELECT h.*,
       (SELECT row_to_json(r) FROM (
          SELECT category, detail, verbatim, competitor, feature, captured_at AS at FROM v_churn_reasons
          WHERE account_id = h.id AND captured_at <= $2 ORDER BY captured_at DESC, id DESC LIMIT 1) r) AS complaint,
       -- a ticket is open until a resolution for the same ticket id came after its latest (re)opening
       (SELECT json_build_object('count', count(*)::int, 'latest_category', (array_agg(category ORDER BY opened DESC))[1]) FROM (
          SELECT max(occurred_at) FILTER (WHERE kind IN ('ticket.opened', 'ticket.reopened')) AS opened,
                 max(occurred_at) FILTER (WHERE kind = 'ticket.resolved') AS resolved,
                 (array_agg(payload->>'category' ORDER BY occurred_at DESC) FILTER (WHERE kind = 'ticket.opened'))[1] AS category
          FROM events WHERE account_id = h.id AND kind IN ('ticket.opened', 'ticket.reopened', 'ticket.resolved') AND occurred_at <= $2
          GROUP BY payload->>'ticket_id') t
        WHERE opened IS NOT NULL AND (resolved IS NULL OR resolved < opened)) AS tickets,
       (SELECT coalesce(json_agg(p), '[]'::json) FROM (
          SELECT m.payload->>'promise_id' AS id, m.payload->>'by' AS by, m.payload->>'text' AS text, m.payload->>'due_at' AS due_at,
                 EXISTS (SELECT 1 FROM events k WHERE k.account_id = m.account_id AND k.kind = 'promise.kept' AND k.payload->>'promise_id' = m.payload->>'promise_id') AS kept
          FROM events m WHERE m.account_id = h.id AND m.kind = 'promise.made' AND m.occurred_at <= $2
          ORDER BY m.occurred_at DESC LIMIT 5) p) AS promises,
       (SELECT row_to_json(l) FROM (
          SELECT c.id, c.started_at AS at, c.summary,
                 (SELECT r.category FROM churn_reasons r WHERE r.conversation_id = c.id ORDER BY r.captured_at DESC LIMIT 1) AS reason
          FROM conversations c WHERE c.account_id = h.id AND c.status <> 'open' AND c.started_at <= $2 ORDER BY c.started_at DESC LIMIT 1) l) AS last_conversation,
       (SELECT coalesce(json_agg(d), '[]'::json) FROM (
          SELECT case_id, reason_class, customer_action, reveal_reason, amount_due, currency FROM v_dunning_cases
          WHERE account_id = h.id AND outcome IS NULL ORDER BY opened_at DESC) d) AS payments,
       (SELECT row_to_json(s) FROM (
          SELECT v.score, v.zone, v.at_risk, v.components, v.reason_codes,
                 -- the trend: against the oldest score of the last 30 days
                 v.score - (SELECT o.score FROM scores o WHERE o.account_id = h.id AND o.as_of > $2::timestamptz - interval '30 days'
                            ORDER BY o.as_of, o.id LIMIT 1) AS trend
          FROM v_current_scores v WHERE v.account_id = h.id) s) AS score,
       (SELECT probability FROM v_current_predictions WHERE account_id = h.id) AS churn_probability
     FROM h`),
    [contactId, clock.now()],
  );
  const h = rows[0];
  if (!h) throw new TenureError('not_found', `Contact ${contactId} does not exist`);
  const complaint = h.complaint as { at: string } | null;
  const last = h.last_conversation as { at: string } | null;
  const score = h.score as { reason_codes: { text: string }[] } | null;
  return Dossier.parse({
    account: { id: h.id, name: h.name, plan: h.plan, mrr_minor: h.mrr_minor, currency: h.currency, renewal_date: h.renewal_date, owner_id: h.owner_id, status: h.status },
    contact: { id: h.contact_id, name: h.contact_name, phone: h.phone },
    lang: h.language,
    time_zone: h.time_zone,
    last_complaint: complaint ? { ...complaint, at: new Date(complaint.at) } : null,
    open_tickets: h.tickets,
    promises: h.promises,
    last_conversation: last ? { ...last, at: new Date(last.at) } : null,
    payment_problems: h.payments,
    score: score ? { ...score, reasons: score.reason_codes.map((r) => r.text) } : null,
    churn_probability: h.churn_probability ?? null,
  });
}
