import pino from 'pino';
import { recordConversations } from '../../agent/conversations/record';
import { fixedClock } from '../../db/clock';
import { runDueWork } from '../../db/due-work';
import { withTransaction } from '../../db/transaction';
import { replayDemoPayments } from '../../dunning/sandbox';
import { STRIPE_PATH_DAYS } from '../../ingest/demo/first-start';
import { DEFAULT_PARAMETERS } from '../../ingest/demo/parameters';
import { rescoreSweep } from '../../ingest/rescore';
import { seedDemo, type HandedOverInvoice } from '../../ingest/demo/seed';
import { scoreAlerts } from '../../scoring/alerts/batches';
import { predictionRefresh } from '../../scoring/model/predictions';
import { testRuntime, type TestRuntime } from '../support/runtime';

// The insights tests' company: a smaller demo company seeded as on a first start (its recent failed
// payments through the local Stripe server, so dunning cases exist), scored, alerted, escalated and
// predicted by the due work, plus one conversation whose verbatim has quotes, commas, a line break and personal details.

export const NOW = '2026-11-25T12:00:00Z';
export const TRICKY_VERBATIM = 'We moved to "Acme, Inc." last week,\nfrankly; call +33 6 12 34 56 78 or jo@example.com';
export const TRICKY_PHONE = '+33 6 12 34 56 78';
const silent = pino({ level: 'silent' });

export async function insightsCompany(): Promise<{ rt: TestRuntime; clock: ReturnType<typeof fixedClock>; trickyAccount: string; trickyConversation: string }> {
  const clock = fixedClock(NOW);
  const rt = await testRuntime({ clock });
  let handed: HandedOverInvoice[] = [];
  await seedDemo(rt.db, clock, {
    seed: 7,
    params: { ...DEFAULT_PARAMETERS, accounts: 120, history_days: 180 },
    handOver: { since: new Date(clock.now().getTime() - STRIPE_PATH_DAYS * 86_400_000), take: (i) => void (handed = i) },
  });
  await replayDemoPayments({ db: rt.db, clock, log: silent, config: rt.ctx.config }, handed);
  await runDueWork([rescoreSweep(rt.ctx.rescorers), scoreAlerts(), predictionRefresh(clock, () => rt.ctx.config.TENURE_LIKELY_CHURN)], rt.db, clock, silent);
  const { rows } = await rt.db.query<{ id: string }>(`SELECT id FROM accounts WHERE status = 'active' ORDER BY mrr_minor DESC NULLS LAST, id LIMIT 1`);
  const trickyAccount = rows[0]!.id;
  const trickyConversation = 'conv_insights_tricky';
  const at = new Date(clock.now().getTime() - 3 * 86_400_000);
  await withTransaction(rt.db, (tx) =>
    recordConversations(tx, clock, [
      {
        id: trickyConversation,
        account_id: trickyAccount,
        channel: 'voice',
        play: 'health_check',
        direction: 'outbound',
        handled_by: 'agent',
        lang: 'en',
        status: 'completed',
        started_at: at,
        ended_at: new Date(at.getTime() + 120_000),
        source: 'api',
        turns: [
          { id: 'turn_insights_0', role: 'agent', text: 'Hello, how is it going with the product?', at },
          { id: 'turn_insights_1', role: 'customer', text: TRICKY_VERBATIM, at: new Date(at.getTime() + 5000) },
        ],
        reasons: [
          {
            reason: {
              category: 'competitor',
              detail: 'cheaper alternative',
              verbatim: TRICKY_VERBATIM,
              competitor: 'Acme',
              voluntary: true,
              sentiment: 'negative',
              confidence: 0.9,
              conversation_id: trickyConversation,
              turn_id: 'turn_insights_1',
              span: [0, TRICKY_VERBATIM.length],
              source: 'conversation',
            },
            captured_at: new Date(at.getTime() + 5000),
          },
        ],
      },
    ]),
  );
  return { rt, clock, trickyAccount, trickyConversation };
}

/** The figures of the reasons rollup, computed here from the stored rows without the insights code. */
export async function expectedByCategory(rt: TestRuntime, from: Date, until: Date): Promise<Map<string, { accounts: Set<string>; mrr: number }>> {
  const { rows } = await rt.db.query<{ category: string; account_id: string; mrr_minor: string | null }>(
    `SELECT r.category, r.account_id, a.mrr_minor FROM churn_reasons r JOIN accounts a ON a.id = r.account_id WHERE r.captured_at >= $1 AND r.captured_at <= $2`,
    [from, until],
  );
  const out = new Map<string, { accounts: Set<string>; mrr: number }>();
  for (const r of rows) {
    const e = out.get(r.category) ?? { accounts: new Set<string>(), mrr: 0 };
    if (!e.accounts.has(r.account_id)) {
      e.accounts.add(r.account_id);
      e.mrr += Number(r.mrr_minor ?? 0);
    }
    out.set(r.category, e);
  }
  return out;
}
