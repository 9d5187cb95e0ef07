import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKey } from '../../server/keys';
import { ADMIN_KEY, testRuntime, type TestRuntime } from '../support/runtime';
import { expectedByCategory, insightsCompany, TRICKY_PHONE } from './fixture';

// The dashboard in a real browser (Debian's Chromium through playwright-core): log in with a key,
// open each page on the demo company, check its figures against counts computed here from the stored
// rows, click through from a rollup bar to its verbatims and from a save-list row to the account,
// and keep screenshots. Roles: product reads redacted transcripts, finance reads payments, a wrong
// key gets the login page.

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const shots = fs.mkdtempSync(path.join(os.tmpdir(), 'tenure-insights-shots-'));

let rt: TestRuntime;
let base: string;
let browser: Browser;
let trickyConversation: string;
const keys: Record<string, string> = {};

beforeAll(async () => {
  ({ rt, trickyConversation } = await insightsCompany());
  for (const role of ['csm', 'product', 'finance'] as const) keys[role] = (await createKey(rt.db, rt.ctx.clock, { name: `${role} lead`, role })).key;
  base = await rt.app!.listen({ port: 0, host: '127.0.0.1' });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  process.stderr.write(`insights screenshots: ${shots}\n`);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await rt?.close();
});

async function loggedIn(key: string, width = 1280): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${base}/login`);
  await page.fill('#key', key);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.click('button[type=submit]')]);
  return { context, page };
}

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
const int = (s: string | null) => Number((s ?? '').replace(/[^\d-]/g, ''));

describe('login', () => {
  it('a wrong key gets the login page again, and no session', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/reasons`);
    expect(new URL(page.url()).pathname).toBe('/reasons');
    expect(await page.locator('#key').count()).toBe(1);
    await page.fill('#key', 'tnr_aaaaaaaaaaaa_' + 'b'.repeat(43));
    const [res] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/login') && r.request().method() === 'POST'), page.click('button[type=submit]')]);
    expect(res.status()).toBe(401);
    expect(await page.locator('[role=alert]').textContent()).toContain('unknown or revoked');
    expect((await context.cookies()).some((c) => c.name === 'tenure_session')).toBe(false);
    await shot(page, 'login-wrong-key');
    await context.close();
  });

  it('a good key sets an HttpOnly, SameSite=Strict session cookie; a form without its CSRF token is refused', async () => {
    const { context, page } = await loggedIn(keys.csm!);
    const cookie = (await context.cookies()).find((c) => c.name === 'tenure_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    const refused = await page.request.post(`${base}/logout`, { form: { _csrf: 'forged' } });
    expect(refused.status()).toBe(403); // and the session still stands:
    await page.goto(`${base}/`);
    expect(await page.locator('#zones').count()).toBe(1);
    const override = await page.request.post(`${base}/accounts/x/override`, { form: { reason_code: 'other', note: 'n' }, maxRedirects: 0 });
    expect(override.status()).toBe(403);
    await context.close();
  });
});

describe('as a CSM', () => {
  it('the overview counts accounts by zone as the scores say, and a save-list row opens its account', async () => {
    const { context, page } = await loggedIn(keys.csm!);
    expect(new URL(page.url()).pathname).toBe('/');
    const { rows } = await rt.db.query<{ zone: string; n: number }>(
      `SELECT s.zone, count(*)::int AS n FROM current_scores s JOIN accounts a ON a.id = s.account_id WHERE a.status = 'active' GROUP BY s.zone`,
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const z of rows) {
      const cell = page.locator(`#zones tr[data-zone="${z.zone}"] td.num a`);
      expect(int(await cell.textContent())).toBe(z.n);
      // the zone is named in words, not only in colour
      expect(await page.locator(`#zones tr[data-zone="${z.zone}"] .zone`).textContent()).toContain(z.zone.replace(/_/g, ' '));
    }
    const list = (await rt.api('GET', '/v1/insights/save-list?limit=500')).body.data as { account_id: string; account_name: string }[];
    const shown = page.locator('#save-list tbody tr');
    expect(await shown.count()).toBe(Math.min(20, list.length));
    expect(await shown.first().getAttribute('data-account')).toBe(list[0]!.account_id);
    await shot(page, 'overview');
    await Promise.all([page.waitForURL(/\/accounts\//), shown.first().locator('a').first().click()]);
    expect(new URL(page.url()).pathname).toBe(`/accounts/${list[0]!.account_id}`);
    expect(await page.locator('h2').first().textContent()).toBe(list[0]!.account_name);
    expect(await page.locator('#probability').textContent()).toMatch(/%/);
    expect(await page.locator('#timeline li').count()).toBeGreaterThan(0);
    await shot(page, 'account');
    // a zone count opens the accounts behind it
    await page.goto(`${base}/`);
    const z = rows[0]!;
    await Promise.all([page.waitForURL(/\/accounts\?zone=/), page.locator(`#zones tr[data-zone="${z.zone}"] td.num a`).click()]);
    expect(await page.locator('#accounts tbody tr').count()).toBe(Math.min(100, z.n));
    await context.close();
  });

  it('the reasons page shows the stored figures, and a bar opens the verbatims behind it', async () => {
    const { context, page } = await loggedIn(keys.csm!);
    await page.goto(`${base}/reasons?since=90d`);
    const api = (await rt.api('GET', '/v1/insights/reasons?since=90d')).body;
    const expected = await expectedByCategory(rt, new Date(api.period.from), new Date(api.period.until));
    const accounts = new Set([...expected.values()].flatMap((e) => [...e.accounts]));
    expect(int(await page.locator('#totals .figure').first().locator('b').textContent())).toBe(accounts.size);
    for (const [category, e] of expected) {
      expect(int(await page.locator(`#rollup tr.category[data-category="${category}"] td.num a`).textContent())).toBe(e.accounts.size);
    }
    // bar lengths follow the figures: the largest is full length, a smaller one shorter
    const widths = await page.locator('.bars rect.bar').evaluateAll((els) => els.map((e) => Number(e.getAttribute('width'))));
    expect(widths[0]).toBe(100);
    if (expected.size > 1) expect(widths[widths.length - 1]).toBeLessThan(100);
    await shot(page, 'reasons');
    const top = [...expected.entries()].sort((a, b) => b[1].mrr - a[1].mrr)[0]!;
    await Promise.all([page.waitForURL(/\/reasons\/rows/), page.locator('.bars a').first().click()]);
    expect(new URL(page.url()).searchParams.get('category')).toBe(top[0]);
    const { rows } = await rt.db.query<{ n: number }>('SELECT count(*)::int AS n FROM churn_reasons WHERE category = $1 AND captured_at >= $2 AND captured_at <= $3', [top[0], api.period.from, api.period.until]);
    expect(await page.locator('#verbatims > li').count()).toBe(Math.min(100, rows[0]!.n));
    await shot(page, 'reason-rows');
    await context.close();
  });
  it("a CSM overrides a live escalation from the account page; the override is logged with who and why", async () => {
    const { rows } = await rt.db.query<{ id: string; account_id: string }>(`SELECT id, account_id FROM escalations WHERE state = 'open' ORDER BY id LIMIT 1`);
    expect(rows.length).toBe(1);
    const { context, page } = await loggedIn(keys.csm!);
    await page.goto(`${base}/accounts/${rows[0]!.account_id}`);
    await page.selectOption('select[name=reason_code]', 'renewal_confirmed');
    await page.fill('input[name=note]', 'Signed the renewal on the phone today');
    await Promise.all([page.waitForURL(`${base}/accounts/${rows[0]!.account_id}`), page.click('#escalation button[type=submit]')]);
    expect(await page.locator('#escalation h2').textContent()).toContain('overridden');
    const o = (await rt.db.query('SELECT reason_code, note, actor FROM risk_overrides WHERE escalation_id = $1', [rows[0]!.id])).rows[0];
    expect(o).toMatchObject({ reason_code: 'renewal_confirmed', note: 'Signed the renewal on the phone today' });
    expect(o!.actor).toMatch(/^key:/);
    expect((await rt.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE route = '/accounts/:id/override' AND target = $1`, [rows[0]!.id])).rows[0]!.n).toBe(1);
    await shot(page, 'account-overridden');
    await context.close();
  });
});

describe('roles', () => {
  it('product reads the reasons and the transcripts with phone numbers redacted, not the overview', async () => {
    const { context, page } = await loggedIn(keys.product!);
    expect(new URL(page.url()).pathname).toBe('/reasons');
    await page.goto(`${base}/conversations/${trickyConversation}`);
    const transcript = (await page.locator('#transcript').textContent())!;
    expect(transcript).toContain('[PHONE_1]');
    expect(transcript).not.toContain(TRICKY_PHONE);
    expect(transcript).not.toContain('jo@example.com');
    await shot(page, 'conversation-product');
    const res = await page.goto(`${base}/`);
    expect(res!.status()).toBe(403);
    await context.close();
  });

  it('a CSM reads the same transcript whole; the conversations list shows live and past ones', async () => {
    const { context, page } = await loggedIn(keys.csm!);
    await page.goto(`${base}/conversations/${trickyConversation}`);
    expect(await page.locator('#transcript').textContent()).toContain(TRICKY_PHONE);
    await page.goto(`${base}/conversations`);
    const { rows } = await rt.db.query<{ n: number }>('SELECT count(*)::int AS n FROM conversations');
    expect(await page.locator('#conversations tbody tr').count()).toBe(Math.min(50, rows[0]!.n));
    await shot(page, 'conversations');
    await context.close();
  });

  it('finance reads payments: the cases by reason as the dunning cases say', async () => {
    const { context, page } = await loggedIn(keys.finance!);
    expect(new URL(page.url()).pathname).toBe('/payments');
    const r = (await rt.api('GET', '/v1/insights/recovery?since=90d')).body;
    const { rows } = await rt.db.query<{ n: number; open: number }>(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE closed_at IS NULL)::int AS open FROM dunning_cases WHERE opened_at >= $1 AND opened_at <= $2`,
      [r.period.from, r.period.until],
    );
    expect(int(await page.locator('#totals .figure b').first().textContent())).toBe(rows[0]!.n);
    const { rows: open } = await rt.db.query<{ n: number }>('SELECT count(*)::int AS n FROM dunning_cases WHERE closed_at IS NULL');
    expect(await page.locator('#open-cases tbody tr').count()).toBe(open[0]!.n);
    await shot(page, 'payments');
    // a reason's case count opens the cases behind it
    const first = r.by_reason[0];
    await Promise.all([page.waitForURL(/reason_class=/), page.locator(`#by-reason tr[data-reason="${first.reason_class}"] td.num a`).click()]);
    expect(await page.locator('#cases-table tbody tr').count()).toBe(first.cases);
    expect((await page.goto(`${base}/reasons`))!.status()).toBe(403);
    await context.close();
  });
});

describe('at 390 px', () => {
  it('no page scrolls sideways', async () => {
    const { context, page } = await loggedIn(keys.csm!, 390);
    const account = (await rt.api('GET', '/v1/insights/save-list?limit=1')).body.data[0].account_id;
    for (const p of ['/', `/accounts/${account}`, '/reasons', '/reasons/rows?category=competitor', '/payments', '/conversations', `/conversations/${trickyConversation}`]) {
      await page.goto(`${base}${p}`);
      const [scroll, client] = (await page.evaluate('[document.documentElement.scrollWidth, document.documentElement.clientWidth]')) as [number, number];
      expect(scroll, p).toBeLessThanOrEqual(client);
    }
    await page.goto(`${base}/`);
    await shot(page, 'overview-390');
    await context.close();
  });

  it('a database with no reasons shows a hint instead of an empty chart', async () => {
    const empty = await testRuntime();
    try {
      const url = await empty.app!.listen({ port: 0, host: '127.0.0.1' });
      const context = await browser.newContext({ viewport: { width: 390, height: 800 } });
      const page = await context.newPage();
      await page.goto(`${url}/login`);
      await page.fill('#key', ADMIN_KEY);
      await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.click('button[type=submit]')]);
      await page.goto(`${url}/reasons`);
      expect(await page.locator('.bars').count()).toBe(0);
      expect(await page.locator('.empty').first().textContent()).toContain('No churn reasons in this period');
      await shot(page, 'reasons-empty');
      await context.close();
    } finally {
      await empty.close();
    }
  });
});
