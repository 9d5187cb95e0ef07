import { z } from 'zod';
import type { AppContext } from '../../server/context';
import { filterQuery } from '../filters';
import { recovery, recoveryCases, type RecoveryGroup } from '../recovery';
import { barChart } from './chart';
import type { Principal } from '../../server/keys';
import { day, html, mayOpen, money, pct, time, type Html } from './html';

// For finance: failed payments by decline reason class, recovery by reason and retry strategy, and
// the open cases with their next step. Counts link to the cases behind them.

export const PaymentsQuery = z.object({ since: z.string().max(40).default('90d'), reason_class: z.string().max(60).optional(), strategy: z.string().max(60).optional() });
export type PaymentsQuery = z.infer<typeof PaymentsQuery>;

const label = (s: string) => s.replace(/_/g, ' ');

export async function paymentsPage(ctx: AppContext, p: Principal, q: PaymentsQuery): Promise<Html> {
  const accountLink = (id: string, name: string | null) => (mayOpen(p, '/accounts/:id') ? html`<a href="/accounts/${id}">${name ?? id}</a>` : html`${name ?? id}`);
  const r = await recovery(ctx.db, ctx.clock, { since: q.since }, 500);
  // with a reason: the cases behind its figures (any state); without: the open cases and their next step
  const cases = q.reason_class ? await recoveryCases(ctx.db, ctx.clock, q) : r.open_cases;
  const casesHref = (reason: string, strategy?: string | null) => `/payments${filterQuery({ since: q.since, reason_class: reason, strategy: strategy ?? undefined })}#cases`;
  const groupRow = (g: RecoveryGroup) => html`<tr data-reason="${g.reason_class}"><td>${label(g.reason_class)}</td>${g.strategy !== null ? html`<td>${label(g.strategy)}</td>` : ''}
    <td class="num"><a href="${casesHref(g.reason_class, g.strategy)}">${g.cases}</a></td><td class="num">${g.failed_attempts}</td><td class="num">${money(g.amount_due_minor)}</td>
    <td class="num">${g.recovered_cases} · ${money(g.recovered_minor)}</td><td class="num">${g.lost_cases}</td><td class="num">${g.open_cases}</td><td class="num">${pct(g.recovery_rate)}</td></tr>`;
  const head = (strategy: boolean) => html`<thead><tr><th>Reason</th>${strategy ? html`<th>Strategy</th>` : ''}<th class="num">Cases</th><th class="num">Failed attempts</th><th class="num">Amount due</th><th class="num">Recovered</th><th class="num">Lost</th><th class="num">Open</th><th class="num">Recovery rate</th></tr></thead>`;
  return html`<form method="get" action="/payments" class="filters"><label>Since<input name="since" value="${q.since}" size="10"></label><button>Apply</button></form>
  <p class="muted">Cases opened ${day(r.period.from)} to ${day(r.period.until)}.</p>
  <div class="figures" id="totals">
    <div class="figure">Failed-payment cases <b>${r.total.cases}</b></div>
    <div class="figure">Amount due <b>${money(r.total.amount_due_minor)}</b></div>
    <div class="figure">Recovered <b>${money(r.total.recovered_minor)}</b><span class="muted">${r.total.recovered_cases} cases, ${pct(r.total.recovery_rate)} of closed</span></div>
    <div class="figure">Still open <b>${r.total.open_cases}</b></div>
  </div>
  <section>${barChart(
    'Failed payments by decline reason',
    r.by_reason.map((g) => ({ label: label(g.reason_class), value: g.cases, display: `${g.cases} cases · ${money(g.amount_due_minor)}`, href: casesHref(g.reason_class) })),
    'No failed payment in this period. Cases open when Stripe reports a failed invoice payment (in sandbox mode, from the local Stripe server).',
  )}</section>
  ${
    r.by_reason.length
      ? html`<section><h2>Recovery by reason</h2><div class="table-wrap"><table id="by-reason">${head(false)}<tbody>${r.by_reason.map(groupRow)}</tbody></table></div>
        <h2>By reason and retry strategy</h2><div class="table-wrap"><table id="by-strategy">${head(true)}<tbody>${r.by_reason_and_strategy.map(groupRow)}</tbody></table></div></section>`
      : ''
  }
  <section id="cases"><h2>${q.reason_class ? `Cases: ${label(q.reason_class)}${q.strategy ? `, ${label(q.strategy)}` : ''}` : 'Open cases'}</h2>
  ${q.reason_class ? html`<p><a href="/payments${filterQuery({ since: q.since })}">All open cases</a></p>` : ''}${
    cases.length
      ? html`<div class="table-wrap"><table id="${q.reason_class ? 'cases-table' : 'open-cases'}"><thead><tr><th>Account</th><th>Reason</th><th class="num">Amount</th><th class="num">Attempts</th><th>Opened</th><th>Next step</th></tr></thead><tbody>
        ${cases.map((c) => html`<tr id="case-${c.case_id}"><td>${accountLink(c.account_id, c.account_name)}</td><td>${label(c.reason_class)}</td><td class="num">${money(c.amount_due_minor, c.currency)}</td><td class="num">${c.attempt_count}</td><td>${day(c.opened_at)}</td><td>${c.next_step}${c.next_retry_at ? ` at ${time(c.next_retry_at)}` : ''}</td></tr>`)}
        </tbody></table></div>`
      : html`<p class="muted">No ${q.reason_class ? 'case for this reason' : 'open case'}.</p>`
  }</section>`;
}
