import { ChurnCategory } from '../../agent/contracts/churn-reason';
import type { AppContext } from '../../server/context';
import type { Principal } from '../../server/keys';
import { decodeCursor, encodeCursor } from '../../server/pagination';
import { z } from 'zod';
import { filterQuery, type ReasonFilter } from '../filters';
import { revealFor } from '../redact';
import { reasonItems, reasonRollup, type RollupRow } from '../rollups';
import { barChart } from './chart';
import { accountsCount, day, html, money, pct, time, type Html } from './html';

// For product leads: the reasons rollup as a chart and a table, each figure linking to the reasons
// behind it (/reasons/rows), with the customers' words (redacted for the product role).

const label = (s: string) => s.replace(/_/g, ' ');

function filterForm(f: ReasonFilter): Html {
  const text = (name: keyof ReasonFilter, title: string) => html`<label>${title}<input name="${name}" value="${(f[name] as string | undefined) ?? ''}" size="10"></label>`;
  return html`<form method="get" action="/reasons" class="filters" id="filters">
    <label>Since<input name="since" value="${f.since}" size="10"></label>
    <label>Category<select name="category"><option value="">all</option>${ChurnCategory.options.map((c) => html`<option value="${c}"${f.category === c ? html` selected` : ''}>${label(c)}</option>`)}</select></label>
    <label>Churn<select name="voluntary"><option value="">both</option><option value="true"${f.voluntary === true ? html` selected` : ''}>voluntary</option><option value="false"${f.voluntary === false ? html` selected` : ''}>involuntary</option></select></label>
    <label>Channel<select name="channel"><option value="">all</option>${['voice', 'sms', 'text', 'none'].map((c) => html`<option value="${c}"${f.channel === c ? html` selected` : ''}>${c}</option>`)}</select></label>
    ${text('plan', 'Plan')}${text('segment', 'Segment')}${text('owner', 'Owner id')}${text('lang', 'Language')}
    <button type="submit">Apply</button></form>`;
}

/** The filters as they came, for links (booleans back to words). */
const linkFilters = (f: ReasonFilter) => ({ ...f, voluntary: f.voluntary === undefined ? undefined : String(f.voluntary) });

export async function reasonsPage(ctx: AppContext, p: Principal, f: ReasonFilter): Promise<Html> {
  const r = await reasonRollup(ctx.db, ctx.clock, f);
  const reveal = revealFor(p.role);
  const lf = linkFilters(f);
  const rowsHref = (row: Pick<RollupRow, 'category' | 'detail'>) => `/reasons/rows${filterQuery(lf, { category: row.category, detail: row.detail ?? undefined })}`;
  const categories = r.rows.filter((x) => x.level === 'category' && x.accounts > 0);
  const hint = html`No churn reasons in this period${f.category || f.plan || f.segment || f.owner || f.channel || f.lang || f.voluntary !== undefined ? ' with these filters' : ''} yet. Reasons are captured from conversations (the agent's wrap-up), or sent as <code>churn_reason.captured</code> events; try a longer period.`;
  return html`${filterForm(f)}
  <p class="muted">${day(r.period.from)} to ${day(r.period.until)}, against ${day(r.period.previous_from)} to ${day(r.period.from)}.</p>
  <div class="figures" id="totals">
    <div class="figure">Accounts giving a reason <b><a href="${`/reasons/rows${filterQuery(lf)}`}">${r.total.accounts}</a></b></div>
    <div class="figure">MRR lost <b>${money(r.total.mrr_lost_minor)}</b></div>
    <div class="figure">MRR at risk <b>${money(r.total.mrr_at_risk_minor)}</b></div>
    <div class="figure">Previous period <b>${r.total.previous_accounts}</b><span class="muted">accounts</span></div>
  </div>
  <section>${barChart(
    'MRR lost and at risk by reason',
    categories.map((c) => ({ label: label(c.category), value: c.mrr_lost_minor + c.mrr_at_risk_minor, display: `${money(c.mrr_lost_minor + c.mrr_at_risk_minor)} · ${c.accounts} acc.`, href: rowsHref(c) })),
    hint,
  )}</section>
  ${
    r.rows.length
      ? html`<section><h2>By category and detail</h2><div class="table-wrap"><table id="rollup"><thead><tr><th>Reason</th><th class="num">Accounts</th><th class="num">MRR lost</th><th class="num">MRR at risk</th><th class="num">Share</th><th class="num">Trend</th><th>In their words</th></tr></thead><tbody>
      ${r.rows.map(
        (row) => html`<tr class="${row.level}" data-category="${row.category}" data-detail="${row.detail ?? ''}"><td>${row.level === 'category' ? html`<b>${label(row.category)}</b>` : html`&nbsp;&nbsp;${row.detail || '(no detail)'}`}</td>
        <td class="num"><a href="${rowsHref(row)}">${row.accounts}</a></td><td class="num">${money(row.mrr_lost_minor)}</td><td class="num">${money(row.mrr_at_risk_minor)}</td><td class="num">${pct(row.share)}</td>
        <td class="num">${row.trend === 'new' ? 'new' : `${row.trend_accounts > 0 ? '+' : ''}${row.trend_accounts}`} <span class="muted">(was ${row.previous_accounts})</span></td>
        <td>${row.level === 'detail' ? row.verbatims.slice(0, 1).map((v) => html`<blockquote>${reveal(v.verbatim)}</blockquote>${v.conversation_id ? html`<a href="/conversations/${v.conversation_id}">conversation</a>` : ''}`) : ''}</td></tr>`,
      )}</tbody></table></div></section>`
      : ''
  }
  <section><h2>Competitors named</h2>${
    r.competitors.length
      ? html`<ol id="competitors">${r.competitors.map((c) => html`<li><a href="/reasons/rows${filterQuery(lf, { competitor: c.name })}">${c.name}</a>: ${accountsCount(c.accounts)}, ${money(c.mrr_minor)}</li>`)}</ol>`
      : html`<p class="muted">No competitor named in this period.</p>`
  }
  <h2>Missing features, by the MRR of the accounts asking</h2>${
    r.features.length
      ? html`<ol id="features">${r.features.map((c) => html`<li><a href="/reasons/rows${filterQuery(lf, { feature: c.name })}">${c.name}</a>: ${money(c.mrr_minor)}, ${accountsCount(c.accounts)}</li>`)}</ol>`
      : html`<p class="muted">No missing feature asked for in this period.</p>`
  }</section>`;
}

/** The reasons behind a figure, with the customers' words and their conversations. */
export async function reasonRowsPage(ctx: AppContext, p: Principal, q: ReasonFilter & { cursor?: string }): Promise<Html> {
  const { cursor, ...f } = q;
  const limit = 100;
  const rows = await reasonItems(ctx.db, ctx.clock, f, { limit: limit + 1, after: decodeCursor(cursor, z.tuple([z.string(), z.string()])) });
  const reveal = revealFor(p.role);
  const data = rows.slice(0, limit);
  const last = data[data.length - 1];
  const what = [f.category && label(f.category), f.detail, f.competitor && `competitor ${f.competitor}`, f.feature && `feature ${f.feature}`].filter(Boolean).join(' · ') || 'all reasons';
  return html`<p><a href="/reasons${filterQuery(linkFilters({ ...f, category: undefined, detail: undefined, competitor: undefined, feature: undefined }))}">← Back to the rollup</a> · ${what}, since ${f.since}.</p>
  ${
    data.length
      ? html`<ol class="verbatims" id="verbatims">${data.map(
          (r) => html`<li data-reason="${r.reason_id}"><blockquote>${reveal(r.verbatim, r.lang)}</blockquote>
          <span class="muted">${time(r.captured_at)} · ${p.role === 'product' ? r.account_name : html`<a href="/accounts/${r.account_id}">${r.account_name}</a>`} (${money(r.mrr_minor)}, ${r.account_status}) · ${label(r.category)}${r.detail ? ` / ${r.detail}` : ''}${r.channel ? ` · ${r.channel}` : ''}</span>
          ${r.conversation_id ? html` · <a href="/conversations/${r.conversation_id}">conversation</a>` : ''}</li>`,
        )}</ol>
        ${rows.length > limit && last ? html`<p><a href="/reasons/rows${filterQuery(linkFilters(f), { cursor: encodeCursor([last.captured_at.toISOString(), last.reason_id]) })}">More</a></p>` : ''}`
      : html`<p class="empty">No reason matches. <a href="/reasons">See all reasons</a>.</p>`
  }`;
}
