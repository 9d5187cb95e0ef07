import { z } from 'zod';
import type { Queryable } from '../db/transaction';
import { dominantFamilySql, suggestionsJson } from '../scoring/alerts/suggest';

// Reading the save list (used by the API, the CSV, the CLI and the overview page). Its one definition
// and ranking live in insights/refresh.ts: the active accounts in an at-risk zone or likely to churn,
// ranked by MRR × churn probability (the predictor's; the score-based prior is what the predictor
// stores until a model is promoted). Each row read here carries the score's reason codes and the
// prediction's, the suggested action (the live escalation's, else the one for the score's dominant
// signal family), the owner and the open escalation's pending deadlines.

const Reason = z.object({ code: z.string(), text: z.string() });
const Deadline = z.object({ step: z.string(), due_at: z.coerce.date(), owner_id: z.string().nullable() });

export const SaveListItem = z.object({
  rank: z.number().int(),
  account_id: z.string(),
  account_name: z.string(),
  plan: z.string().nullable(),
  mrr_minor: z.number().int(),
  currency: z.string().nullable(),
  score: z.number().int(),
  zone: z.string(),
  at_risk: z.boolean(),
  /** null until the account's first prediction is stored */
  probability: z.number().nullable(),
  prior: z.boolean().nullable(),
  likely_churn: z.boolean(),
  /** MRR × churn probability, in minor units */
  value_at_risk_minor: z.number().int(),
  reason_codes: z.array(Reason),
  suggested_action: z.object({ action: z.string(), text: z.string(), within_hours: z.number() }).nullable(),
  owner_id: z.string().nullable(),
  owner_name: z.string().nullable(),
  escalation_id: z.string().nullable(),
  escalation_state: z.string().nullable(),
  deadlines: z.array(Deadline),
});
export type SaveListItem = z.infer<typeof SaveListItem>;

export const SAVE_LIST_CSV_COLUMNS = ['rank', 'account_id', 'account_name', 'plan', 'mrr_minor', 'currency', 'score', 'zone', 'probability', 'likely_churn', 'value_at_risk_minor', 'reasons', 'suggested_action', 'owner_name', 'next_deadline'] as const;

export function saveListCsvRows(items: SaveListItem[]) {
  return items.map((i) => ({
    ...i,
    reasons: i.reason_codes.map((r) => r.text).join('; '),
    suggested_action: i.suggested_action?.text ?? '',
    next_deadline: i.deadlines[0] ? `${i.deadlines[0].step} ${i.deadlines[0].due_at.toISOString()}` : '',
  }));
}

// The page of the ranked list (insights/refresh.ts keeps the ranking), with each row's details.
const SQL = `
SELECT l.rank, l.account_id, a.name AS account_name, a.plan, coalesce(a.mrr_minor, 0)::bigint AS mrr_minor, a.currency, l.score, l.zone, l.at_risk,
       l.probability, l.prior, coalesce(l.probability >= $1, false) AS likely_churn, l.value_minor AS value_at_risk_minor,
       coalesce((SELECT json_agg(json_build_object('code', x->>'code', 'text', x->>'text'))
                 FROM (SELECT x FROM jsonb_array_elements(s.reason_codes) x ORDER BY (x->>'points')::numeric DESC LIMIT 3) t), '[]'::json) AS score_reasons,
       coalesce((SELECT json_agg(json_build_object('code', x->>'code', 'text', x->>'text'))
                 FROM (SELECT x FROM jsonb_array_elements(coalesce(p.reason_codes, '[]'::jsonb)) x
                       WHERE (x->>'effect')::numeric > 0 ORDER BY (x->>'effect')::numeric DESC LIMIT 2) t), '[]'::json) AS prediction_reasons,
       coalesce(e.suggested_action, ($6::jsonb) -> ${dominantFamilySql('s')}) AS suggested_action,
       a.owner_id, m.name AS owner_name, e.id AS escalation_id, e.state AS escalation_state,
       coalesce((SELECT json_agg(json_build_object('step', st.step, 'due_at', st.due_at, 'owner_id', st.owner_id) ORDER BY st.due_at)
                 FROM escalation_steps st WHERE st.escalation_id = e.id AND st.state = 'pending'), '[]'::json) AS deadlines
FROM (SELECT * FROM insight_save_list
      WHERE rank > $7 AND ($2::text IS NULL OR owner_id = $2) AND ($3::text IS NULL OR zone = $3) AND ($4::text IS NULL OR account_id = $4)
      ORDER BY rank LIMIT $5) l
JOIN accounts a ON a.id = l.account_id
-- OFFSET 0: looked up per row of the page (the views' whole DISTINCT ON is never built for 50 rows)
LEFT JOIN LATERAL (SELECT reason_codes FROM v_current_scores WHERE account_id = l.account_id OFFSET 0) s ON true
LEFT JOIN LATERAL (SELECT reason_codes FROM v_current_predictions WHERE account_id = l.account_id OFFSET 0) p ON true
LEFT JOIN team_members m ON m.id = a.owner_id
LEFT JOIN escalations e ON e.account_id = l.account_id AND e.state <> 'resolved'
ORDER BY l.rank`;

export interface SaveListQuery {
  threshold: number;
  owner?: string;
  zone?: string;
  accountId?: string;
  limit: number;
  /** the rank of the last row of the previous page */
  after?: number;
}

/** The save list's one statement (the benchmark EXPLAINs it). */
export const saveListStatement = (q: SaveListQuery) => ({ text: SQL, values: [q.threshold, q.owner ?? null, q.zone ?? null, q.accountId ?? null, q.limit, suggestionsJson(), q.after ?? 0] });

export async function saveList(db: Queryable, q: SaveListQuery): Promise<SaveListItem[]> {
  const st = saveListStatement(q);
  const { rows } = await db.query(st.text, st.values);
  return rows.map((r) =>
    SaveListItem.parse({
      ...r,
      mrr_minor: Number(r.mrr_minor),
      value_at_risk_minor: Number(r.value_at_risk_minor),
      reason_codes: [...r.score_reasons, ...r.prediction_reasons],
      suggested_action: r.suggested_action ? { action: r.suggested_action.action, text: r.suggested_action.text, within_hours: r.suggested_action.within_hours } : null,
    }),
  );
}
