import type { AddressInfo } from 'node:net';
import { fixedClock } from '../../db/clock';
import type { Database } from '../../db/database';
import { smsDeps } from '../../telephony/jobs';
import type { SmsDeps } from '../../telephony/sms/deps';
import { workSms } from '../../telephony/sms/work';
import { loadPersonas, type Persona } from '../../telephony/simulator/personas';
import { startSimulator, type Simulator } from '../../telephony/simulator/server';
import { SANDBOX_ACCOUNT_SID, SANDBOX_AUTH_TOKEN, twilioClient } from '../../telephony/twilio';
import { testRuntime, type TestRuntime } from '../support/runtime';

// Tenure listening on a real port, with its public URL set to https://tenure.example.test (what the
// simulator signs for), the simulator reached by the real twilio SDK, and the personas as contacts.
// The queue's workers are off: `drain` works the rows (the SMS sweep with no grace) until the
// simulator and Tenure have nothing left to say to each other.

export const PUBLIC = 'https://tenure.example.test';

export interface World {
  rt: TestRuntime;
  sim: Simulator;
  deps: SmsDeps;
  clock: ReturnType<typeof fixedClock>;
  personas: Persona[];
  drain(): Promise<void>;
  close(): Promise<void>;
}

export async function smsWorld(env: Record<string, string> = {}): Promise<World> {
  const clock = fixedClock('2026-11-20T10:00:00Z');
  const rt = await testRuntime({ clock, env: { PUBLIC_BASE_URL: PUBLIC, ...env } });
  await rt.app!.listen({ port: 0, host: '127.0.0.1' });
  const appUrl = `http://127.0.0.1:${(rt.app!.server.address() as AddressInfo).port}`;
  const sim = await startSimulator({ authToken: SANDBOX_AUTH_TOKEN, publicBaseUrl: PUBLIC, deliverTo: () => appUrl });
  const personas = loadPersonas();
  for (const p of personas) sim.addPersona(p);
  await seed(rt.db, personas);
  const deps: SmsDeps = { ...smsDeps(rt.ctx, silent), queue: () => null, twilio: async () => twilioClient(SANDBOX_ACCOUNT_SID, SANDBOX_AUTH_TOKEN, sim.url) };
  return {
    rt, sim, deps, clock, personas,
    async drain() {
      for (let i = 0; i < 60; i++) {
        await sim.idle();
        const n = await workSms(deps, clock.now(), 0);
        await sim.idle();
        if (n > 0) continue;
        const pending = await rt.db.query(`SELECT 1 FROM messages WHERE status IN ('pending', 'received') LIMIT 1`);
        if (!pending.rows.length) return;
        clock.advance(15 * 60_000); // a retry due later
      }
      throw new Error('the conversation did not settle');
    },
    async close() {
      await sim.close();
      await rt.close();
    },
  };
}

const silent = { info() {}, warn() {}, error() {} };

async function seed(db: Database, personas: Persona[]): Promise<void> {
  await db.query(`INSERT INTO team_members (id, name, email, kind, created_at) VALUES ('tm_owner', 'Olive Owner', 'olive@example.com', 'account_owner', now())`);
  for (const p of personas) {
    const acc = `acc_${p.name}`;
    await db.query(`INSERT INTO accounts (id, external_id, name, owner_id, plan, mrr_minor, currency, created_at, updated_at) VALUES ($1, $1, $2, 'tm_owner', 'pro', 50000, 'EUR', now(), now())`, [acc, `Account ${p.name}`]);
    await db.query(`INSERT INTO contacts (id, external_id, account_id, name, phone, language, role, created_at, updated_at) VALUES ($1, $1, $2, 'Sam Jones', $3, $4, 'main', now(), now())`, [`con_${p.name}`, acc, p.phone, p.lang]);
  }
}
