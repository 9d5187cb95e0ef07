import { type Command, Option } from 'commander';
import { z } from 'zod';
// the router and the messages only: the package index also loads the Stripe SDK
import { customerMessage, MessageLang } from '../dunning/messages';
import { DeclineInput, route, StripeCode } from '../dunning/router';
import { TenureError } from '../server/errors';
import { loadConfig } from '../server/config';
import { withInstance } from './instance';
import { out, printJson, printTable } from './output';

const RouteOptions = z.object({
  declineCode: StripeCode,
  code: StripeCode.optional(),
  adviceCode: StripeCode.optional(),
  networkAdviceCode: DeclineInput.shape.network_advice_code.unwrap().unwrap().optional(),
  lang: MessageLang.default('en'),
  json: z.boolean().optional(),
});

export function dunningCommands(program: Command): void {
  const dunning = program.command('dunning').description('Failed payments: the decline-code router');
  dunning
    .command('route')
    .description('What Tenure does with a failed payment: hard or soft, retry, what the customer must do, what they are told (no database needed)')
    .requiredOption('--decline-code <code>', 'Stripe decline_code (e.g. insufficient_funds)')
    .option('--code <code>', 'Stripe top-level error code (default card_declined)')
    .option('--advice-code <code>', 'Stripe advice_code: do_not_try_again, confirm_card_data, try_again_later')
    .option('--network-advice-code <nn>', 'network (Mastercard) advice code, e.g. 03, 21, 24')
    .addOption(new Option('--lang <lang>', 'language of the customer message').choices(MessageLang.options).default('en'))
    .option('--json', 'machine-readable output')
    .action((raw: unknown) => {
      const parsed = RouteOptions.safeParse(raw);
      if (!parsed.success) {
        const details = parsed.error.issues.map((i) => ({ field: `--${String(i.path[0]).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, message: i.message }));
        throw new TenureError('invalid_request', `Invalid options: ${details.map((d) => `${d.field} ${d.message}`).join('; ')}`, details);
      }
      const o = parsed.data;
      const d = route({ decline_code: o.declineCode, code: o.code ?? 'card_declined', advice_code: o.adviceCode, network_advice_code: o.networkAdviceCode });
      const decision = {
        hard: d.hard,
        retry: d.retry,
        customer_action: d.customer_action,
        reveal_reason: d.reveal_reason,
        cancellation_intent: d.cancellation_intent,
        customer_message: customerMessage(d.message_key, o.lang),
        reason_class: d.reason_class,
        message_key: d.message_key,
        retry_after_hours: d.retry_after_hours,
        max_retries: d.max_retries,
        matched: d.matched,
        overrides: d.overrides,
        unknown_code: d.unknown_code,
      };
      if (o.json) return printJson(decision);
      for (const [k, v] of Object.entries(decision)) out(`${k.padEnd(20)} ${Array.isArray(v) ? v.join(', ') || '-' : v === null ? '-' : String(v)}`);
    });

  dunning
    .command('cases')
    .description('The dunning cases (GET /v1/dunning/cases), newest first, with the finance view of the same period')
    .option('--state <state>', 'open, closed, all, or one state (recovered, waiting_for_customer, …)', 'all')
    .option('--reason-class <class>', 'only this decline reason class (card_expired, insufficient_funds, …)')
    .option('--account <id>', 'only this account')
    .option('--from <date>', 'opened on or after this date')
    .option('--to <date>', 'opened before this date')
    .option('--limit <n>', 'at most this many cases', '100')
    .option('--json', 'machine-readable output')
    .action(async (o: { state: string; reasonClass?: string; account?: string; from?: string; to?: string; limit: string; json?: boolean }) => {
      const q = new URLSearchParams({ state: o.state, limit: o.limit, summary: 'true' });
      if (o.reasonClass) q.set('reason_class', o.reasonClass);
      if (o.account) q.set('account_id', o.account);
      if (o.from) q.set('opened_from', o.from);
      if (o.to) q.set('opened_to', o.to);
      const res = (await withInstance(loadConfig(), (call) => call('GET', `/v1/dunning/cases?${q}`))) as { data: Record<string, unknown>[]; summary: { by_reason: Record<string, unknown>[]; mrr_at_risk: Record<string, unknown>[] } };
      if (o.json) return printJson(res);
      printTable(res.data, ['case_id', 'account_id', 'state', 'reason_class', 'customer_action', 'amount_due', 'currency', 'attempt_count', 'next_retry_at', 'opened_at']);
      out('\nBy decline reason:');
      printTable(res.summary.by_reason, ['key', 'currency', 'cases', 'closed', 'recovered', 'recovery_rate', 'recovered_amount', 'avg_days_to_recover']);
      out('\nMRR at risk in open cases:');
      printTable(res.summary.mrr_at_risk, ['currency', 'amount', 'accounts']);
    });
}
