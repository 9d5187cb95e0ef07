import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Redactor } from '../../../agent/models/redact';
import { cleanEnv, run } from '../../support/spawn';
import { tempDir } from '../../support/temp';
import { schemaName, sentData, startChatServer, type ChatServer } from '../../fakes/chat-server';

// `tenure nlu eval --provider openai` through the real binary and the real SDK: against the local
// server answering from the gold labels, and against an endpoint that is not there (the offline
// figures, every case a fallback, well within two minutes thanks to the cool-down).

interface Line {
  text: string;
  lang?: string;
  expect: { category?: string | null; risk?: boolean; sentiment?: string; competitor?: string | null };
}

/** Every k-th case of the training set (never the held-out one), n of them. */
function slice(n: number): { file: string; cases: Line[] } {
  const all = fs.readFileSync('test/fixtures/nlu/train.jsonl', 'utf8').split('\n').filter((l) => l.trim());
  const step = Math.floor(all.length / n);
  const lines = Array.from({ length: n }, (_, i) => all[i * step]!);
  const file = path.join(tempDir('tenure-models-'), 'cases.jsonl');
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return { file, cases: lines.map((l) => JSON.parse(l) as Line) };
}

/** A model that answers what the gold labels say, for the words it was sent (redacted). */
function goldScript(cases: Line[]) {
  const gold = new Map(cases.map((c) => [new Redactor().redact(c.text, c.lang), c.expect]));
  return (req: Parameters<ChatServer['script']>[0]) => {
    const data = sentData(req) as { turn?: string; turns?: { text: string }[] };
    const text = data.turn ?? data.turns!.at(-1)!.text;
    const e = gold.get(text) ?? {};
    if (schemaName(req) === 'turn_analysis') {
      const label = e.sentiment ?? 'neutral';
      return {
        json: {
          sentiment: { score: label === 'positive' ? 0.6 : label === 'negative' ? -0.6 : 0, label },
          risks: e.risk ? [{ family: 'hesitation', quote: text, confidence: 0.8 }] : [],
          competitors: e.competitor ? [{ name: e.competitor }] : [],
          features: [],
          formality: 'neutral',
          cancellation_intent: false,
        },
      };
    }
    const stated = e.category !== undefined && e.category !== null && e.category !== 'none';
    return { json: { stated, category: stated ? e.category : 'other', quote: stated ? text : '', detail: 'gold', competitor: null, feature: null, voluntary: true, sentiment: e.sentiment ?? 'neutral', confidence: 0.9 } };
  };
}

let server: ChatServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

describe('tenure nlu eval --provider openai', () => {
  it('scores the remote provider against the local server scripted from the gold labels', async () => {
    const { file, cases } = slice(60);
    server = await startChatServer(goldScript(cases));
    const remote = await run(['nlu', 'eval', '--file', file, '--provider', 'openai', '--json'], cleanEnv({ OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'sk-test' }));
    expect(remote.stderr).toBe('');
    expect(remote.code).toBe(0);
    const r = JSON.parse(remote.stdout);
    expect(Object.keys(r)).toEqual(['n', 'accuracy', 'f1', 'fallbacks']);
    expect(r.n).toBe(60);
    expect(r.fallbacks).toBe(0);
    expect(server.requests).toHaveLength(120);
    const offline = JSON.parse((await run(['nlu', 'eval', '--file', file, '--json'], cleanEnv())).stdout);
    // the model's answers are used: the gold labels are reproduced, except where a confident
    // offline answer disputes the category (then the offline category stands, flagged)
    expect(r.accuracy.sentiment).toBe(1);
    expect(r.accuracy.risk).toBeGreaterThanOrEqual(0.95);
    expect(r.accuracy.competitor ?? 1).toBe(1);
    expect(r.accuracy.category).toBeGreaterThanOrEqual(offline.accuracy.category);
    process.stderr.write(`gold-scripted remote: ${JSON.stringify(r)}; offline: ${JSON.stringify(offline)}\n`);

    // and the figures are the model's: one that calls every turn positive scores what that is worth
    const contrary = goldScript(cases);
    server.script = (req) => {
      const reply = contrary(req) as { json: { sentiment: unknown } };
      if (schemaName(req) === 'turn_analysis') reply.json.sentiment = { score: 0.6, label: 'positive' };
      return reply;
    };
    const wrong = JSON.parse((await run(['nlu', 'eval', '--file', file, '--provider', 'openai', '--json'], cleanEnv({ OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'sk-test' }))).stdout);
    const labelled = cases.filter((c) => c.expect.sentiment);
    expect(wrong.accuracy.sentiment).toBeCloseTo(labelled.filter((c) => c.expect.sentiment === 'positive').length / labelled.length, 3);
  }, 120_000);

  it('with the endpoint unreachable, exits 0 on 100 cases with the offline figures and the fallbacks counted', async () => {
    const { file } = slice(100);
    // a port that was just free: nothing listens there
    const probe = await startChatServer();
    const url = probe.url;
    await probe.close();
    const started = Date.now();
    const remote = await run(['nlu', 'eval', '--file', file, '--provider', 'openai', '--json'], cleanEnv({ OPENAI_BASE_URL: url, OPENAI_API_KEY: 'sk-test' }));
    const seconds = (Date.now() - started) / 1000;
    expect(remote.code).toBe(0);
    expect(seconds).toBeLessThan(120);
    const offline = await run(['nlu', 'eval', '--file', file, '--json'], cleanEnv());
    const r = JSON.parse(remote.stdout);
    const o = JSON.parse(offline.stdout);
    expect(r).toEqual({ ...o, fallbacks: 100 });
    process.stderr.write(`unreachable endpoint: 100 cases in ${seconds.toFixed(1)} s, ${JSON.stringify(r)}\n`);
  }, 180_000);

  it('prints the fallbacks under the tables', async () => {
    const { file } = slice(5);
    const probe = await startChatServer();
    await probe.close();
    const r = await run(['nlu', 'eval', '--file', file, '--provider', 'openai'], cleanEnv({ OPENAI_BASE_URL: probe.url }));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^5 cases \(.*\), provider openai/);
    expect(r.stdout).toMatch(/^Fallbacks: 5 of 5 cases answered by the offline provider/m);
  }, 60_000);
});
