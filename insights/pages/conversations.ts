import { z } from 'zod';
import { getConversation, listConversations } from '../../agent/conversations/read';
import type { AppContext } from '../../server/context';
import { TenureError } from '../../server/errors';
import type { Principal } from '../../server/keys';
import { decodeCursor, encodeCursor } from '../../server/pagination';
import { revealFor } from '../redact';
import { html, time, type Html } from './html';

// Live and past calls and threads, with the play, the outcome and the reason; one conversation's
// transcript. The product role reads the customers' words with personal details redacted.

export async function conversationsPage(ctx: AppContext, q: { status?: 'open' | 'completed' | 'failed'; account?: string; cursor?: string }): Promise<Html> {
  const limit = 50;
  const rows = await listConversations(ctx.db, { status: q.status, accountId: q.account, limit: limit + 1, after: decodeCursor(q.cursor, z.tuple([z.string(), z.string()])) });
  const data = rows.slice(0, limit);
  const last = data[data.length - 1];
  const tab = (status: string | undefined, text: string) => html`<a href="/conversations${status ? `?status=${status}` : ''}"${q.status === status ? html` aria-current="page"` : ''}>${text}</a>`;
  return html`<p class="filters">${tab(undefined, 'All')} ${tab('open', 'Live')} ${tab('completed', 'Past')} ${tab('failed', 'Failed')}</p>
  ${
    data.length
      ? html`<div class="table-wrap"><table id="conversations"><thead><tr><th>Started</th><th>Channel</th><th>Play</th><th>Status</th><th>Outcome</th><th>Reason</th><th></th></tr></thead><tbody>
      ${data.map((c) => html`<tr><td>${time(c.started_at)}</td><td>${c.channel}</td><td>${c.play?.replace(/_/g, ' ') ?? 'person'}</td><td>${c.status === 'open' ? 'live' : c.status}</td><td>${c.outcome ?? '–'}</td><td>${c.reason?.category.replace(/_/g, ' ') ?? '–'}</td><td><a href="/conversations/${c.id}">open</a></td></tr>`)}
      </tbody></table></div>
      ${rows.length > limit && last ? html`<p><a href="/conversations?${new URLSearchParams({ ...(q.status ? { status: q.status } : {}), cursor: encodeCursor([last.started_at.toISOString(), last.id]) }).toString()}">Older</a></p>` : ''}`
      : html`<p class="empty">No conversation yet. The agent's calls and texts appear here as they happen (try <code>tenure talk</code>).</p>`
  }`;
}

export async function conversationPage(ctx: AppContext, p: Principal, id: string): Promise<Html> {
  let c;
  try {
    c = await getConversation(ctx.db, id);
  } catch (e) {
    if (e instanceof TenureError && e.code === 'not_found') return html`<p class="empty">No conversation ${id}. <a href="/conversations">All conversations</a>.</p>`;
    throw e;
  }
  const reveal = revealFor(p.role);
  return html`<p>${c.channel} · ${c.play?.replace(/_/g, ' ') ?? 'held by a person'} · ${c.status === 'open' ? 'live' : c.status} · started ${time(c.started_at)}${c.ended_at ? `, ended ${time(c.ended_at)}` : ''}
  ${p.role !== 'product' ? html` · <a href="/accounts/${c.account_id}">account</a>` : ''}</p>
  ${c.reason ? html`<section><h2>Reason</h2><p>${c.reason.category.replace(/_/g, ' ')}${c.reason.detail ? ` / ${c.reason.detail}` : ''}</p><blockquote>${reveal(c.reason.verbatim, c.lang)}</blockquote></section>` : ''}
  ${c.summary ? html`<section><h2>Summary</h2><p>${reveal(c.summary, c.lang)}</p></section>` : ''}
  <section><h2>Transcript</h2>${
    c.turns.length
      ? html`<div id="transcript">${c.turns.map((t) => html`<div class="turn turn-${t.role}"><span class="muted">${t.role} · ${time(t.at)}${t.interrupted ? ' · interrupted' : ''}</span><br>${reveal(t.text, t.lang ?? c.lang)}</div>`)}</div>`
      : html`<p class="muted">No turns.</p>`
  }</section>`;
}
