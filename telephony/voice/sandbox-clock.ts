import type { Clock } from '../../db/clock';
import type { Database } from '../../db/database';
import type { DueWork } from '../../db/due-work';

// Sandbox time (CONTRACTS.md section 9). `npm start` without Twilio credentials runs the demo on a
// simulated clock that runs `speed` times faster than the wall clock and, when nothing is due, jumps
// to the next moment something is: the earliest scheduled outreach (which the planner put at a time
// the policy allows — calling hours, caps), pending call or text. So a newcomer sees calls complete
// within minutes at any wall-clock hour, while every policy rule holds in simulated time.

export interface SandboxClock extends Clock {
  readonly kind: 'simulated';
  /** moves time forward to `at` (never back); true when it moved */
  jumpTo(at: Date): boolean;
  /** "Tue 10:12 Europe/Paris" */
  label(): string;
}

export function sandboxClock(o: { start?: Date; speed?: number; tz?: string; wall?: () => number } = {}): SandboxClock {
  const wall = o.wall ?? Date.now;
  const origin = wall();
  const base = (o.start ?? new Date(origin)).getTime();
  const speed = o.speed ?? 60;
  const tz = o.tz ?? 'Europe/Paris';
  let offset = 0;
  const now = () => new Date(base + (wall() - origin) * speed + offset);
  const fmt = new Intl.DateTimeFormat('en-GB', { timeZone: tz, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return {
    kind: 'simulated',
    now,
    jumpTo(at) {
      const ahead = at.getTime() - now().getTime();
      if (ahead <= 0) return false;
      offset += ahead;
      return true;
    },
    label: () => `${fmt.format(now()).replace(',', '')} ${tz}`,
  };
}

export function isSandboxClock(c: Clock): c is SandboxClock {
  return c.kind === 'simulated' && typeof (c as Partial<SandboxClock>).jumpTo === 'function';
}

/** The earliest due time of work waiting for the clock: scheduled outreach, pending calls and texts. */
export async function nextDue(db: Database): Promise<Date | null> {
  const { rows } = await db.query<{ at: Date | null }>(
    `SELECT least((SELECT min(scheduled_for) FROM outreach WHERE status = 'scheduled'),
                  (SELECT min(due_at) FROM call_legs WHERE status = 'pending'),
                  (SELECT min(due_at) FROM messages WHERE status = 'pending')) AS at`,
  );
  return rows[0]?.at ?? null;
}

/**
 * Due work, last in the list: when nothing waits now, the sandbox clock jumps to the next due
 * moment (a tick follows at once and works it), and says so in the log. Work a webhook started
 * after answering (a hung-up call's wrap-up) finishes first, in the time it began. A no-op on any
 * other clock.
 */
export function sandboxClockWork(clock: Clock, settled: () => Promise<void> = async () => {}): DueWork {
  return {
    name: 'sandbox-clock',
    followUp: true,
    async run(db, _now, log) {
      if (!isSandboxClock(clock)) return 0;
      await settled();
      const next = await nextDue(db);
      const jumped = next ? clock.jumpTo(next) : false;
      log.info({ sandboxTime: clock.now().toISOString() }, `sandbox time: ${clock.label()}${jumped ? ' (jumped to the next callable moment)' : ''}`);
      return jumped ? 1 : 0;
    },
  };
}
