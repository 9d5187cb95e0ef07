import type { Clock } from '../../db/clock';
import type { Principal } from '../../server/keys';
import { allows, rolesFor } from '../../server/roles';

// Server-rendered HTML: a tagged template that escapes every value it is given (a value already
// made by `html` is kept as it is), and the page frame with the navigation the role may use.

export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export function esc(v: unknown): string {
  return String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

type Value = Html | string | number | boolean | null | undefined | Value[];

function render(v: Value): string {
  if (Array.isArray(v)) return v.map(render).join('');
  if (v instanceof Html) return v.text;
  if (v === null || v === undefined || v === false) return '';
  return esc(v);
}

export function html(strings: TemplateStringsArray, ...values: Value[]): Html {
  let out = strings[0]!;
  values.forEach((v, i) => (out += render(v) + strings[i + 1]!));
  return new Html(out);
}

/** Minor units as money, e.g. 123456 → €1,234.56 (a missing currency: the number alone). */
export function money(minor: number, currency: string | null = 'EUR'): string {
  const major = minor / 100;
  if (!currency) return major.toLocaleString('en', { maximumFractionDigits: 2 });
  return major.toLocaleString('en', { style: 'currency', currency, maximumFractionDigits: 0 });
}

/** "1 account", "3 accounts" */
export const accountsCount = (n: number) => `${n} account${n === 1 ? '' : 's'}`;
export const pct = (x: number | null) => (x === null ? '–' : `${(x * 100).toFixed(1)}%`);
export const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : '–');
export const time = (d: Date | null) => (d ? d.toISOString().slice(0, 16).replace('T', ' ') + ' UTC' : '–');

/** A zone as text and colour: the text carries the meaning, the colour only repeats it. */
export function zoneBadge(zone: string | null | undefined): Html {
  if (!zone) return html`<span class="zone">no score</span>`;
  return html`<span class="zone zone-${zone}">${zone.replace(/_/g, ' ')}</span>`;
}

const NAV: { path: string; label: string }[] = [
  { path: '/', label: 'Overview' },
  { path: '/reasons', label: 'Reasons' },
  { path: '/payments', label: 'Payments' },
  { path: '/conversations', label: 'Conversations' },
];

export const mayOpen = (p: Principal, path: string) => allows(p.role, rolesFor('GET', path) ?? []);

/** Where a role lands after logging in: its first page. */
export const homeOf = (p: Principal) => NAV.find((n) => mayOpen(p, n.path))?.path ?? '/reasons';

export function layout(o: { title: string; principal?: Principal; csrf?: string; clock: Clock; active?: string; body: Html }): string {
  const p = o.principal;
  const nav = p
    ? html`<nav aria-label="Pages">${NAV.filter((n) => mayOpen(p, n.path)).map((n) => html`<a href="${n.path}"${n.path === o.active ? html` aria-current="page"` : ''}>${n.label}</a>`)}</nav>
      <form method="post" action="/logout" class="logout"><input type="hidden" name="_csrf" value="${o.csrf}"><span class="who">${p.actor} · ${p.role}</span> <button>Log out</button></form>`
    : '';
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${o.title} · Tenure</title><link rel="stylesheet" href="/assets/insights.css"></head>
<body><header><a class="brand" href="${p ? homeOf(p) : '/login'}">Tenure</a>${nav}</header>
<main><h1>${o.title}</h1>${o.body}</main>
<footer>Clock: ${o.clock.kind}, ${time(o.clock.now())}</footer></body></html>`.text;
}
