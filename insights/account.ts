import type { Queryable } from '../db/transaction';

// What the account page adds to the owners' own readers: the account's churn reasons and dunning
// cases from the published views, as timeline entries.

export interface TimelineEntry {
  at: Date;
  kind: string;
  text: string;
  href: string | null;
}

export async function reasonAndCaseEntries(db: Queryable, accountId: string): Promise<TimelineEntry[]> {
  const reasons = await db.query<{ captured_at: Date; category: string; detail: string; verbatim: string; conversation_id: string | null }>(
    `SELECT captured_at, category, detail, verbatim, conversation_id FROM v_churn_reasons WHERE account_id = $1 ORDER BY captured_at DESC LIMIT 50`,
    [accountId],
  );
  const cases = await db.query<{ case_id: string; opened_at: Date; closed_at: Date | null; state: string; reason_class: string; amount_due: string; currency: string }>(
    `SELECT case_id, opened_at, closed_at, state, reason_class, amount_due, currency FROM v_dunning_cases WHERE account_id = $1 ORDER BY opened_at DESC LIMIT 50`,
    [accountId],
  );
  return [
    ...reasons.rows.map((r) => ({
      at: r.captured_at,
      kind: 'churn reason',
      text: `${r.category.replace(/_/g, ' ')}${r.detail ? ` (${r.detail})` : ''}: “${r.verbatim}”`,
      href: r.conversation_id ? `/conversations/${r.conversation_id}` : null,
    })),
    ...cases.rows.flatMap((c) => [
      { at: c.opened_at, kind: 'failed payment', text: `${(Number(c.amount_due) / 100).toFixed(2)} ${c.currency}, ${c.reason_class.replace(/_/g, ' ')}`, href: `/payments#case-${c.case_id}` },
      ...(c.closed_at ? [{ at: c.closed_at, kind: 'payment case closed', text: c.state, href: null }] : []),
    ]),
  ];
}
