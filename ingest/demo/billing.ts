import { reasonClassOf } from '../../dunning/decline-codes';
import { activeUntil } from './activity';
import { addDays, dateOnly, monthlyDates, nextAnniversary, type Calendar } from './calendar';
import { inSpell, type Fate } from './fates';
import type { DemoParameters } from './parameters';
import type { Random } from './random';
import type { DemoAccount, DemoEvent } from './types';

// Invoices and payments (monthly or annual, by card or transfer), recovered card failures, the
// failures that end an involuntary churner, downgrades, renewals and cancellations. Sets the
// account's current MRR, renewal date and churn date as the history leaves them.

export function billingEvents(params: DemoParameters, cal: Calendar, rng: Random, account: DemoAccount, fate: Fate, contactId: string, out: DemoEvent[]): void {
  const end = activeUntil(fate, cal);
  const churn = fate.churn;
  const churned = churn !== null && churn.day < cal.days;
  const subscription_id = `sub_${account.external_id}`;
  const currency = 'EUR';
  const emit = (kind: DemoEvent['kind'], at: Date, payload: Record<string, unknown>) => {
    if (at < cal.asOf && at >= cal.start) out.push({ kind, account_id: account.id, contact_id: contactId, occurred_at: at, payload });
  };

  // a downgrade: churners shed seats as they drift (by their profile), a few stayers too
  let downgradeDay = Infinity;
  let seatsAfter = account.seats;
  const plan = account.plan;
  const price = params.plans.find((p) => p.key === plan)!.seat_price;
  if (churn && churn.voluntary && rng.chance(churn.profile.downgrade * churn.strength)) downgradeDay = Math.round(churn.onset + (churn.day - churn.onset) * rng.uniform(0.3, 0.8));
  else if (!churned && rng.chance(0.05)) downgradeDay = rng.int(0, cal.days - 1);
  if (downgradeDay >= 0 && downgradeDay < end && account.seats > 2) {
    seatsAfter = Math.max(1, Math.round(account.seats * rng.uniform(0.5, 0.8)));
    emit('subscription.downgraded', cal.at(downgradeDay, 14, account.time_zone), {
      subscription_id,
      from_plan: plan,
      to_plan: plan,
      mrr_before: account.mrr * 100,
      mrr_after: seatsAfter * price * 100,
      currency,
    });
  } else downgradeDay = Infinity;
  const mrrOn = (day: number) => (day >= downgradeDay ? seatsAfter * price : account.mrr_start);

  const hard = churn && !churn.voluntary ? rng.weighted(params.payments.hard_codes) : null;
  // a stayer whose card expires, recovered once the customer updates it
  const recoveredCase = !churned && account.pays_by === 'card' && rng.chance(0.04);
  let recoveredDone = false;
  let failingStarted = false;

  const invoice = (day: number, amountEur: number, kind: 'monthly' | 'annual') => {
    const issued = cal.at(day, 6, 'Europe/Paris');
    const invoice_id = `in_${account.external_id}_${dateOnly(issued).replace(/-/g, '')}`;
    const amount = Math.round(amountEur * 100);
    emit('invoice.issued', issued, { invoice_id, amount_due: amount, currency, due_at: addDays(issued, kind === 'annual' ? 30 : 0).toISOString() });
    const fail = (at: Date, code: string, attempt: number) =>
      emit('payment.failed', at, { invoice_id, amount_due: amount, currency, decline_code: code, reason_class: reasonClassOf(code), attempt });
    const paid = (at: Date) => emit('invoice.paid', at, { invoice_id, amount_paid: amount, currency });

    if (account.pays_by === 'transfer') return paid(addDays(issued, rng.uniform(3, 40)));
    if (hard && churn && day >= churn.onset) {
      // the involuntary churner's last invoices: retried until the subscription is cancelled
      let at = addDays(issued, 0.1);
      for (let attempt = 1; at < cal.dayStart(churn.day) && attempt <= (failingStarted ? 1 : 6); attempt++) {
        fail(at, hard === 'insufficient_funds' && attempt > 1 && rng.chance(0.3) ? 'generic_decline' : hard, attempt);
        at = addDays(at, rng.uniform(2, 5));
      }
      failingStarted = true;
      return;
    }
    if (recoveredCase && !recoveredDone && day > cal.days / 3) {
      recoveredDone = true;
      fail(addDays(issued, 0.1), 'expired_card', 1);
      fail(addDays(issued, 3.1), 'expired_card', 2);
      const fixed = addDays(issued, rng.uniform(4, 9));
      paid(fixed);
      emit('dunning.case_closed', addDays(fixed, 0.01), { case_id: `dc_${invoice_id}`, outcome: 'recovered', reason_class: 'card_expired' });
      return;
    }
    const softChance = params.payments.soft_failure * (inSpell(fate, day) ? 2 : 1) * (hard ? 4 : 1);
    if (rng.chance(softChance)) {
      const code = rng.weighted(params.payments.soft_codes);
      fail(addDays(issued, 0.1), code, 1);
      if (rng.chance(0.3)) fail(addDays(issued, 3.1), code, 2);
      return paid(addDays(issued, rng.uniform(4, 8)));
    }
    paid(addDays(issued, 0.1));
  };

  const stop = cal.dayStart(end);
  if (account.billing === 'monthly') {
    for (const d of monthlyDates(account.started_at, cal.start, stop)) {
      const day = cal.dayOf(d);
      invoice(day, mrrOn(day), 'monthly');
    }
  } else {
    for (let a = nextAnniversary(account.started_at, cal.start); a < stop; a = nextAnniversary(account.started_at, addDays(a, 1))) {
      const day = cal.dayOf(a);
      emit('subscription.renewed', cal.at(day, 5, 'Europe/Paris'), { subscription_id, plan, mrr: Math.round(mrrOn(day) * 100), currency });
      invoice(day, mrrOn(day) * 12, 'annual');
    }
  }

  account.seats = downgradeDay < end ? seatsAfter : account.seats;
  account.mrr = account.seats * price;
  if (churned && churn) {
    const at = cal.at(churn.day, 10, account.time_zone);
    account.churned_at = at;
    account.renewal_date = null;
    if (churn.voluntary && rng.chance(churn.profile.export)) {
      emit('data_export.requested', addDays(at, -rng.uniform(3, 25)), { scope: 'all contacts, deals and notes' });
    }
    emit('subscription.cancelled', at, { subscription_id, voluntary: churn.voluntary, effective_at: at.toISOString() });
    if (hard) emit('dunning.case_closed', addDays(at, 0.01), { case_id: `dc_${account.external_id}`, outcome: 'lost', reason_class: reasonClassOf(hard) });
  } else {
    const next = account.billing === 'annual' ? nextAnniversary(account.started_at, cal.asOf) : monthlyDates(account.started_at, cal.asOf, addDays(cal.asOf, 32))[0]!;
    account.renewal_date = dateOnly(next);
  }
}
