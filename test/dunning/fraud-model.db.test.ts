import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plannerSweep } from '../../agent/planner/due';
import { DEFAULT_SETTINGS } from '../../agent/policy/rules';
import { drainStripeEvents } from '../../dunning/intake';
import { DEFAULT_DUNNING_SETTINGS } from '../../dunning/retry/settings';
import { SANDBOX_WEBHOOK_SECRET, sandboxStripeServer, stripeFor } from '../../dunning/stripe';
import { StripeDriver } from '../../dunning/stripe-local/driver';
import type { CardBehaviour } from '../../dunning/stripe-local/store';
import { sendDueSmsOutreach } from '../../telephony/sms/outreach';
import { startChatServer, type ChatServer } from '../fakes/chat-server';
import { smsWorld, type World } from '../telephony/world';

// Fraud-class declines reach the customer as a plain bank decline, and never reach a model: the
// local Chat Completions server records every body Tenure's remote model client sent while the
// payment_recovery texts went back and forth, and none names the code or a fraud word.

let chat: ChatServer;
let w: World;
const log = pino({ level: 'silent' });

const FRAUD: Record<string, CardBehaviour> = {
  stolen_card: { decline_code: 'stolen_card' },
  lost_card: { decline_code: 'lost_card' },
  fraudulent: { decline_code: 'fraudulent' },
  merchant_blacklist: { decline_code: 'merchant_blacklist' },
  pickup_card: { decline_code: 'pickup_card' },
  highest_risk_level: { decline_code: 'generic_decline', outcome_reason: 'highest_risk_level' },
};
// the codes and their words, in the languages Tenure speaks
const FORBIDDEN = [
  /stolen|fraud|lost[ _]card|pick ?up[ _]card|blacklist|risk[ _]level|theft|thief/i,
  /\bvol(é|ée|ées|és)?\b|fraude|perdue|carte perdue|liste noire/i,
  /украд|краж|мошен|утерян|потерян|чёрн\S* спис/i,
];

beforeAll(async () => {
  chat = await startChatServer(() => ({ text: 'I can send you a secure link to update your payment details.' }));
  w = await smsWorld({ OPENAI_BASE_URL: chat.url, OPENAI_API_KEY: 'sk-test', OPENAI_MODEL: 'gpt-4o-mini' });
});
afterAll(async () => {
  await w?.close();
  await chat?.close();
});

describe('fraud-class declines and the model', () => {
  it('no request body the model server received names the code or a fraud word, in any language', async () => {
    w.clock.set(new Date());
    const { store } = await sandboxStripeServer();
    const unix = () => Math.floor(w.clock.now().getTime() / 1000);
    const driver = new StripeDriver(store, { secrets: [SANDBOX_WEBHOOK_SECRET], now: unix });
    const langs = ['en', 'fr', 'ru'] as const;
    const phones: string[] = [];
    for (const [i, behaviour] of Object.values(FRAUD).entries()) {
      const lang = langs[i % 3]!;
      const phone = `+1212555019${i}`;
      phones.push(phone);
      w.sim.addPersona({
        name: `fraud-${i}`, phone, lang, disposition: 'passive', play: 'payment_recovery',
        replies: [lang === 'fr' ? 'Pourquoi mon paiement a-t-il échoué ?' : lang === 'ru' ? 'Почему не прошёл платёж?' : 'Why did my payment fail?', 'ok'],
        expect: { status: 'open', end_reason: null, nps: null, nps_comment: null, reason: null, promise: false, opted_out: false, texts_received: 2 },
      });
      const a = store.at(unix(), () => driver.customer());
      await w.rt.db.query(`INSERT INTO accounts (id, external_id, name, owner_id, plan, mrr_minor, currency, country, stripe_customer_id, created_at, updated_at)
        VALUES ($1, $1, $2, 'tm_owner', 'pro', 4900, 'EUR', 'US', $3, now(), now())`, [`acc_fraud_${i}`, `Customer ${i}`, a.customer.id]);
      await w.rt.db.query(`INSERT INTO contacts (id, external_id, account_id, name, phone, language, role, created_at, updated_at) VALUES ($1, $1, $2, 'Dana Doe', $3, $4, 'main', now(), now())`, [`con_fraud_${i}`, `acc_fraud_${i}`, phone, lang]);
      driver.cardFails(a, behaviour);
      const { events } = store.at(unix(), () => driver.renewal(a));
      for (const d of driver.signed(events)) {
        await w.rt.app!.inject({ method: 'POST', url: '/webhooks/stripe', headers: { 'content-type': 'application/json', 'stripe-signature': d.header }, payload: d.payload });
      }
    }
    await drainStripeEvents({ db: w.rt.db, clock: w.clock, log, stripe: () => stripeFor(w.rt.ctx.config), settings: DEFAULT_DUNNING_SETTINGS });
    const cases = (await w.rt.db.query<any>(`SELECT reveal_reason, message_key FROM v_dunning_cases WHERE account_id LIKE 'acc_fraud_%'`)).rows;
    expect(cases).toHaveLength(Object.keys(FRAUD).length);
    for (const c of cases) expect(c).toEqual({ reveal_reason: false, message_key: 'dunning.generic_decline' });

    await plannerSweep(w.clock, () => DEFAULT_SETTINGS).run(w.rt.db, w.clock.now(), log);
    const due = (await w.rt.db.query<any>(`SELECT max(scheduled_for) AS at FROM outreach WHERE account_id LIKE 'acc_fraud_%' AND status = 'scheduled'`)).rows[0].at;
    w.clock.set(new Date(Math.max(due.getTime(), w.clock.now().getTime())));
    await sendDueSmsOutreach(w.deps, DEFAULT_SETTINGS);
    await w.drain();

    // the model was asked (the conversations went through it) …
    expect(chat.requests.length).toBeGreaterThanOrEqual(Object.keys(FRAUD).length);
    // … and never told, not even by the play's own instructions
    const bodies = chat.requests.map((r) => JSON.stringify(r));
    for (const body of bodies) for (const re of FORBIDDEN) expect(body).not.toMatch(re);
    for (const code of Object.keys(FRAUD)) expect(JSON.stringify(chat.requests)).not.toContain(code);
    // nor the customers
    const texts = w.sim.messages.filter((m: any) => phones.includes(m.to)).map((m: any) => m.body as string);
    expect(texts.length).toBeGreaterThanOrEqual(Object.keys(FRAUD).length);
    for (const t of texts) for (const re of FORBIDDEN) expect(t).not.toMatch(re);
  });
});
