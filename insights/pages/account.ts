import { listConversations } from '../../agent/conversations/read';
import { getAccount } from '../../ingest/accounts';
import { timeline } from '../../ingest/queries';
import { listAlerts } from '../../scoring/alerts/queries';
import { OverrideReason } from '../../scoring/escalations';
import { listEscalations } from '../../scoring/escalations/queries';
import { currentPrediction } from '../../scoring/model/predictions';
import { accountScore } from '../../scoring/queries';
import type { AppContext } from '../../server/context';
import type { Principal } from '../../server/keys';
import { allows, rolesFor } from '../../server/roles';
import { reasonAndCaseEntries, type TimelineEntry } from '../account';
import { sparkline } from './chart';
import { html, money, pct, time, zoneBadge, type Html } from './html';

// One account: the running history as one timeline (events, conversations, churn reasons, payment
// cases, alerts), the score history with its components, the churn probability with its reasons,
// and the CSM's override of a live escalation.

interface Component {
  score: number | null;
  weight: number;
  effective_weight?: number;
}

export async function accountPage(ctx: AppContext, p: Principal, id: string, csrf: string): Promise<Html> {
  const account = await getAccount(ctx.db, id);
  if (!account) return html`<p class="empty">No account ${id}. <a href="/">Back to the overview</a>.</p>`;
  const score = await accountScore(ctx.db, ctx.clock, id, 180);
  const prediction = await currentPrediction(ctx.db, id, ctx.config.TENURE_LIKELY_CHURN);
  const events = await timeline(ctx.db, id, 40);
  const conversations = await listConversations(ctx.db, { accountId: id, limit: 20, after: null });
  const alerts = await listAlerts(ctx.db, { accountId: id, before: null, limit: 20 });
  const escalation = (await listEscalations(ctx.db, { states: ['open', 'overridden'], accountId: id, before: null, limit: 1 }))[0];
  const entries: TimelineEntry[] = [
    ...events.data.map((e) => ({ at: e.occurred_at, kind: e.kind, text: summarize(e.payload), href: null })),
    ...conversations.map((c) => ({ at: c.started_at, kind: `${c.channel} conversation`, text: [c.play, c.status, c.outcome, c.reason?.category].filter(Boolean).join(' · '), href: `/conversations/${c.id}` })),
    ...alerts.map((a) => ({ at: a.as_of, kind: 'alert', text: `${a.previous_zone} ${a.previous_score} → ${a.zone} ${a.score}`, href: null })),
    ...(await reasonAndCaseEntries(ctx.db, id)),
  ].sort((a, b) => b.at.getTime() - a.at.getTime());
  const cur = score.current;
  const components = Object.entries((cur?.components ?? {}) as Record<string, Component>);
  const canOverride = allows(p.role, rolesFor('POST', '/v1/escalations/:id/override') ?? []);
  return html`
  <section><h2>${account.name}</h2>
  <div class="figures">
    <div class="figure">Health <b>${cur ? html`${cur.score} ${zoneBadge(cur.zone)}` : 'no score'}</b></div>
    <div class="figure">Churn probability <b id="probability">${prediction ? pct(prediction.probability) : '–'}</b>${prediction?.prior ? html`<span class="muted">score-based prior</span>` : ''}</div>
    <div class="figure">MRR <b>${money(account.mrr_minor ?? 0, account.currency)}</b><span class="muted">${account.plan ?? ''} · ${account.status}</span></div>
    <div class="figure">Renewal <b>${account.renewal_date ?? '–'}</b></div>
  </div></section>
  ${
    prediction
      ? html`<section><h2>Why this probability</h2><ul>${prediction.reason_codes.map((r) => html`<li>${r.text} <span class="muted">(${r.effect > 0 ? 'raises' : 'lowers'} the risk)</span></li>`)}</ul>
        <p class="muted">As of ${time(prediction.as_of)}; ${prediction.likely_churn ? 'likely to churn' : 'below the likely-churn threshold'}.</p></section>`
      : ''
  }
  <section><h2>Score</h2>
  ${cur ? html`<ul>${cur.reason_codes.map((r) => html`<li>${r.text} <span class="muted">(−${r.points})</span></li>`)}</ul>` : html`<p class="empty">Not scored yet.</p>`}
  ${
    components.length
      ? html`<div class="table-wrap"><table id="components"><thead><tr><th>Component</th><th class="num">Score</th><th class="num">Weight</th></tr></thead><tbody>
      ${components.map(([name, c]) => html`<tr><td>${name.replace(/_/g, ' ')}</td><td class="num">${c.score ?? 'no data'}</td><td class="num">${pct(c.effective_weight ?? c.weight)}</td></tr>`)}</tbody></table></div>`
      : ''
  }
  <h3>History</h3>${sparkline(score.history.map((h) => ({ at: h.as_of, score: h.score })))}
  <div class="table-wrap"><table><thead><tr><th>As of</th><th class="num">Score</th><th>Zone</th></tr></thead><tbody>
  ${score.history.slice(0, 15).map((h) => html`<tr><td>${time(h.as_of)}</td><td class="num">${h.score}</td><td>${zoneBadge(h.zone)}</td></tr>`)}</tbody></table></div></section>
  ${
    escalation
      ? html`<section id="escalation"><h2>Escalation (${escalation.state})</h2>
      <ul>${escalation.steps.map((s) => html`<li>${s.step.replace(/_/g, ' ')}: ${s.state}, due ${time(s.due_at)}</li>`)}</ul>
      ${escalation.override ? html`<p>Override by ${escalation.override.actor}: ${escalation.override.reason_code} — “${escalation.override.note}”, until ${time(escalation.override.expires_at)}.</p>` : ''}
      ${
        canOverride && escalation.state === 'open'
          ? html`<form method="post" action="/accounts/${account.id}/override" class="filters">
          <input type="hidden" name="_csrf" value="${csrf}"><input type="hidden" name="escalation_id" value="${escalation.id}">
          <label>Reason<select name="reason_code">${OverrideReason.options.map((o) => html`<option value="${o}">${o.replace(/_/g, ' ')}</option>`)}</select></label>
          <label>Note<input name="note" required maxlength="5000"></label>
          <label>Days<input name="days" type="number" min="1" max="365" value="30"></label>
          <button type="submit">Override the risk</button></form>`
          : ''
      }</section>`
      : ''
  }
  <section><h2>History</h2>
  ${
    entries.length
      ? html`<ol class="timeline" id="timeline">${entries.slice(0, 80).map((e) => html`<li><span class="muted">${time(e.at)}</span> <b>${e.kind}</b> ${e.href ? html`<a href="${e.href}">${e.text || 'open'}</a>` : e.text}</li>`)}</ol>`
      : html`<p class="empty">Nothing recorded for this account yet.</p>`
  }</section>`;
}

/** An event's payload in a few words (its first scalar fields). */
function summarize(payload: Record<string, unknown>): string {
  return Object.entries(payload)
    .filter(([, v]) => ['string', 'number', 'boolean'].includes(typeof v))
    .slice(0, 4)
    .map(([k, v]) => `${k.replace(/_/g, ' ')} ${String(v).slice(0, 80)}`)
    .join(', ');
}
