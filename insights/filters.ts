import { z } from 'zod';
import { ChurnCategory } from '../agent/contracts/churn-reason';
import type { Clock } from '../db/clock';
import { TenureError } from '../server/errors';

// The filters every insights figure takes (API, CSV, CLI and pages alike), and the period they name.

const DAY_MS = 86_400_000;

/** `90d` (days back from now) or an ISO date or time. */
const When = z.string().trim().regex(/^(\d{1,4}d|\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?)$/, 'a number of days such as 90d, or an ISO date');
const Flag = z.enum(['true', 'false']).transform((v) => v === 'true');

export const ReasonFilter = z.object({
  since: When.default('90d').describe('start of the period: `90d` (days back from now) or an ISO date'),
  until: When.optional().describe('end of the period (inclusive): an ISO date; default now'),
  segment: z.string().max(100).optional().describe("the account's segment (its `segment` attribute, else its country)"),
  plan: z.string().max(100).optional(),
  owner: z.string().max(100).optional().describe("the account owner's team-member id"),
  channel: z.enum(['voice', 'sms', 'text', 'none']).optional().describe('where the reason was heard; `none`: not in a conversation (API, CSV, dunning)'),
  voluntary: Flag.optional().describe('`true`: voluntary churn reasons only; `false`: involuntary (payment failures)'),
  lang: z.string().max(10).optional().describe("the conversation's language"),
  category: ChurnCategory.optional(),
  detail: z.string().max(200).optional(),
  competitor: z.string().max(200).optional().describe('reasons naming this competitor'),
  feature: z.string().max(200).optional().describe('reasons asking for this feature'),
});
export type ReasonFilter = z.infer<typeof ReasonFilter>;

export interface Period {
  from: Date;
  until: Date;
  /** the period of the same length just before: the trend is measured against it */
  previousFrom: Date;
}

function resolve(w: string, now: Date): Date {
  const days = /^(\d+)d$/.exec(w);
  if (days) return new Date(now.getTime() - Number(days[1]) * DAY_MS);
  const d = new Date(w);
  if (Number.isNaN(d.getTime())) throw new TenureError('invalid_request', `${w} is not a date`, [{ field: 'querystring.since', message: 'not a date' }]);
  return d;
}

export function periodOf(f: Pick<ReasonFilter, 'since' | 'until'>, clock: Clock): Period {
  const now = clock.now();
  const until = f.until ? resolve(f.until, now) : now;
  const from = resolve(f.since, until);
  if (from >= until) throw new TenureError('invalid_request', 'since must be before until', [{ field: 'querystring.since', message: 'must be before until' }]);
  return { from, until, previousFrom: new Date(from.getTime() - (until.getTime() - from.getTime())) };
}

/** The filters as a query string (links from one page to the rows behind a number keep them). */
export function filterQuery(f: Partial<Record<keyof ReasonFilter, unknown>> & Record<string, unknown>, extra: Record<string, string | undefined> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...f, ...extra })) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
