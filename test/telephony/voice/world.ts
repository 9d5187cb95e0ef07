import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { fixedClock } from '../../../db/clock';
import type { Database } from '../../../db/database';
import { voiceDeps } from '../../../telephony/jobs';
import type { VoiceDeps } from '../../../telephony/voice/deps';
import { placeDueCalls, startCall } from '../../../telephony/voice/place';
import { loadVoicePersonas, type VoicePersona } from '../../../telephony/simulator/voice/personas';
import type { Simulator } from '../../../telephony/simulator/server';
import type { SimCall } from '../../../telephony/simulator/voice/calls';
import { sandboxSimulator, setSandboxWebhookTarget } from '../../../telephony/twilio';
import { testRuntime, type TestRuntime } from '../../support/runtime';

// Tenure listening on a real port (HTTP and the relay WebSocket), its public URL
// https://tenure.example.test (what the simulator signs for), the simulator reached by the real
// twilio SDK and answering with the voice personas, who are contacts of their own accounts. The
// clock is fixed at a callable moment (a Tuesday, 15:00 UTC); the queue's workers are off.

export const PUBLIC = 'https://tenure.example.test';

export interface VoiceWorld {
  rt: TestRuntime;
  sim: Simulator;
  deps: VoiceDeps;
  clock: ReturnType<typeof fixedClock>;
  personas: VoicePersona[];
  /** places a call to the persona now and waits until the network finished playing it */
  call(name: string): Promise<{ legId: string; conversationId: string; call: SimCall }>;
  /** waits until the network finished playing every call, and the work their webhooks started after answering */
  settled(): Promise<void>;
  close(): Promise<void>;
  /** what the app logged at warn level or above, in order (pino's numeric levels: 40 warn, 50 error) */
  logged: { level: number; msg: string }[];
}

const silent = { info() {}, warn() {}, error() {} };

export async function voiceWorld(env: Record<string, string> = {}): Promise<VoiceWorld> {
  const clock = fixedClock('2026-11-17T15:00:00Z');
  const logged: { level: number; msg: string }[] = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => void logged.push(JSON.parse(line) as { level: number; msg: string }) });
  const rt = await testRuntime({ clock, env: { PUBLIC_BASE_URL: PUBLIC, ...env }, logger });
  await rt.app!.listen({ port: 0, host: '127.0.0.1' });
  const appUrl = `http://127.0.0.1:${(rt.app!.server.address() as AddressInfo).port}`;
  // the process's sandbox simulator, which every Twilio client of this process reaches (the webhooks
  // call the API too: a voicemail's message), with the voice personas; its webhooks come here
  const sim = await sandboxSimulator(rt.ctx.config);
  setSandboxWebhookTarget(appUrl);
  const personas = loadVoicePersonas();
  await seed(rt.db, personas);
  const deps: VoiceDeps = voiceDeps(rt.ctx, silent);
  const settled = async () => {
    await sim.callsDone();
    await rt.ctx.afterReply.settled();
  };
  return {
    rt, sim, deps, clock, personas, logged,
    async call(name) {
      const p = personas.find((x) => x.name === name)!;
      const before = sim.calls.length;
      const { legId, conversationId } = await startCall(deps, { contactId: `con_${p.name}`, play: p.play });
      await placeDueCalls(deps, clock.now());
      await settled();
      // the socket's close is handled after the network moved on, and a call the agent ended is
      // wrapped up by the conversation's own run, which the completed callback does not wait for
      const deadline = Date.now() + 10_000;
      do await new Promise((r) => setTimeout(r, 50));
      while (Date.now() < deadline && (await rt.db.query(`SELECT 1 FROM conversations WHERE id = $1 AND status = 'open'`, [conversationId])).rows.length);
      return { legId, conversationId, call: sim.calls[before]! };
    },
    settled,
    async close() {
      // the simulator is the process's: it stops with it
      await rt.close();
    },
  };
}

async function seed(db: Database, personas: VoicePersona[]): Promise<void> {
  await db.query(`INSERT INTO team_members (id, name, email, kind, created_at) VALUES ('tm_owner', 'Olive Owner', 'olive@example.com', 'account_owner', now())`);
  for (const p of personas) {
    const acc = `acc_${p.name}`;
    const country = p.phone.startsWith('+33') ? 'FR' : 'US';
    await db.query(`INSERT INTO accounts (id, external_id, name, owner_id, plan, mrr_minor, currency, created_at, updated_at) VALUES ($1, $1, $2, 'tm_owner', 'pro', 50000, 'EUR', now(), now())`, [acc, `Account ${p.name}`]);
    await db.query(`INSERT INTO contacts (id, external_id, account_id, name, phone, language, role, created_at, updated_at) VALUES ($1, $1, $2, 'Sam Jones', $3, $4, 'main', now(), now())`, [`con_${p.name}`, acc, p.phone, p.lang]);
    void country;
  }
}
