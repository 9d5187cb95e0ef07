import { listAccounts } from '../../ingest/queries';
import type { AppContext } from '../../server/context';
import { liveEscalations, movementSince, recentAlerts, zoneFigures } from '../overview';
import { saveList, type SaveListItem } from '../save-list';
import { accountsCount, html, money, pct, time, zoneBadge, type Html } from './html';

// The overview: accounts and MRR by zone, movement since last week, alerts, live escalations with
// their deadlines, and the save list. Every number links to the rows that make it.

export const SAVE_LIST_ON_OVERVIEW = 20;

export function saveListTable(items: SaveListItem[]): Html {
  if (!items.length) return html`<p class="empty">No account is at risk or likely to churn right now. Accounts appear here once they are scored in an at-risk zone or their churn probability reaches the likely-churn threshold.</p>`;
  return html`<div class="table-wrap"><table id="save-list"><thead><tr><th class="num">#</th><th>Account</th><th>Zone</th><th class="num">MRR</th><th class="num">Churn prob.</th><th class="num">MRR × prob.</th><th>Why</th><th>Suggested action</th><th>Owner</th><th>Next deadline</th></tr></thead><tbody>
  ${items.map(
    (i) => html`<tr data-account="${i.account_id}"><td class="num">${i.rank}</td><td><a href="/accounts/${i.account_id}">${i.account_name}</a></td><td>${zoneBadge(i.zone)} <span class="muted">${i.score}</span></td>
      <td class="num">${money(i.mrr_minor, i.currency)}</td><td class="num">${pct(i.probability)}${i.prior ? html` <span class="muted">(prior)</span>` : ''}</td><td class="num">${money(i.value_at_risk_minor, i.currency)}</td>
      <td>${i.reason_codes.slice(0, 2).map((r) => r.text).join('; ')}</td><td>${i.suggested_action?.text ?? '–'}</td><td>${i.owner_name ?? '–'}</td>
      <td>${i.deadlines[0] ? html`${i.deadlines[0].step.replace(/_/g, ' ')}: ${time(i.deadlines[0].due_at)}` : '–'}</td></tr>`,
  )}</tbody></table></div>`;
}

export async function overviewPage(ctx: AppContext): Promise<Html> {
  const now = ctx.clock.now();
  const zones = await zoneFigures(ctx.db);
  const moves = await movementSince(ctx.db, now);
  const alerts = await recentAlerts(ctx.db, now, 10);
  const escalations = await liveEscalations(ctx.db, 10);
  const saves = await saveList(ctx.db, { threshold: ctx.config.TENURE_LIKELY_CHURN, limit: SAVE_LIST_ON_OVERVIEW });
  const totalAccounts = zones.reduce((s, z) => s + z.accounts, 0);
  return html`
  <section><h2>Accounts by zone</h2>
  ${
    zones.length
      ? html`<div class="table-wrap"><table id="zones"><thead><tr><th>Zone</th><th class="num">Accounts</th><th class="num">MRR</th><th class="num">Share</th></tr></thead><tbody>
      ${zones.map((z) => html`<tr data-zone="${z.zone}"><td>${zoneBadge(z.zone)}${z.at_risk ? html` <span class="muted">at risk</span>` : ''}</td><td class="num"><a href="/accounts?zone=${encodeURIComponent(z.zone)}">${z.accounts}</a></td><td class="num">${money(z.mrr_minor)}</td><td class="num">${pct(totalAccounts ? z.accounts / totalAccounts : 0)}</td></tr>`)}
      </tbody></table></div>`
      : html`<p class="empty">No account is scored yet. Scores appear a minute after accounts and their events arrive (or run <code>tenure score run</code>).</p>`
  }
  <h2>Movement since last week</h2>
  ${moves.length ? html`<ul id="movement">${moves.map((m) => html`<li>${zoneBadge(m.from_zone)} → ${zoneBadge(m.to_zone)}: <a href="#alerts">${accountsCount(m.accounts)}</a></li>`)}</ul>` : html`<p class="muted">No account changed zone in the last 7 days.</p>`}
  </section>
  <section id="save"><h2>Save list</h2>
  <p class="muted">Accounts in an at-risk zone or likely to churn, by MRR × churn probability. As CSV: <code>GET /v1/insights/save-list?format=csv</code>.</p>
  ${saveListTable(saves)}</section>
  <section id="escalations"><h2>Open escalations (${escalations.total})</h2>
  ${
    escalations.rows.length
      ? html`<div class="table-wrap"><table><thead><tr><th>Account</th><th>State</th><th>Zone</th><th>Next step</th><th>Due</th></tr></thead><tbody>
      ${escalations.rows.map((e) => html`<tr><td><a href="/accounts/${e.account_id}">${e.account_name ?? e.account_id}</a></td><td>${e.state}</td><td>${zoneBadge(e.zone)}</td><td>${e.next_step?.replace(/_/g, ' ') ?? '–'}</td><td>${time(e.next_due_at)}</td></tr>`)}
      </tbody></table></div>`
      : html`<p class="muted">No open escalation.</p>`
  }</section>
  <section id="alerts"><h2>Alerts in the last 7 days (${alerts.total})</h2>
  ${
    alerts.rows.length
      ? html`<div class="table-wrap"><table><thead><tr><th>When</th><th>Account</th><th>Change</th><th>Suggested action</th></tr></thead><tbody>
      ${alerts.rows.map((a) => html`<tr><td>${time(a.as_of)}</td><td><a href="/accounts/${a.account_id}">${a.account_name ?? a.account_id}</a></td><td>${zoneBadge(a.previous_zone)} ${a.previous_score} → ${zoneBadge(a.zone)} ${a.score}</td><td>${a.action ?? '–'}</td></tr>`)}
      </tbody></table></div>`
      : html`<p class="muted">No alert in the last 7 days.</p>`
  }</section>`;
}

/** The accounts behind a zone figure. */
export async function accountsPage(ctx: AppContext, q: { zone?: string; cursor?: string }): Promise<Html> {
  const { data, next_cursor } = await listAccounts(ctx.db, { status: 'active', zone: q.zone, sort: '-mrr', limit: 100, cursor: q.cursor });
  return html`<p>${q.zone ? html`Active accounts in the zone ${zoneBadge(q.zone)}` : 'Active accounts'}, by MRR.</p>
  ${
    data.length
      ? html`<div class="table-wrap"><table id="accounts"><thead><tr><th>Account</th><th>Plan</th><th class="num">MRR</th><th>Country</th></tr></thead><tbody>
      ${data.map((a) => html`<tr><td><a href="/accounts/${a.id}">${a.name}</a></td><td>${a.plan ?? '–'}</td><td class="num">${money(a.mrr_minor ?? 0, a.currency)}</td><td>${a.country ?? '–'}</td></tr>`)}
      </tbody></table></div>
      ${next_cursor ? html`<p><a href="/accounts?${new URLSearchParams({ ...(q.zone ? { zone: q.zone } : {}), cursor: next_cursor }).toString()}">Next page</a></p>` : ''}`
      : html`<p class="empty">No active account here.</p>`
  }`;
}
