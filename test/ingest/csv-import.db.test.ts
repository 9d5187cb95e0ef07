import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../db/clock';
import { importCsv, type ImportReject } from '../../ingest/import/csv-import';
import { testRuntime, type TestRuntime } from '../support/runtime';
import { tempDir } from '../support/temp';

const clock = fixedClock('2026-11-20T09:00:00Z');
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
let rt: TestRuntime;

beforeAll(async () => {
  rt = await testRuntime({ clock });
});
afterAll(() => rt?.close());

async function run(kind: 'accounts' | 'contacts' | 'consents' | 'events', file: string) {
  const rejects: ImportReject[] = [];
  const summary = await importCsv(rt.db, clock, kind, fs.createReadStream(file), { fileName: path.basename(file), onReject: (r) => rejects.push(r) });
  return { summary, rejects };
}

describe('importing the example files', () => {
  it('imports each kind, and a second run finds everything already present', async () => {
    for (const kind of ['accounts', 'contacts', 'consents', 'events'] as const) {
      const first = await run(kind, fixture(`${kind}.csv`));
      expect(first.rejects, kind).toEqual([]);
      expect(first.summary.imported, kind).toBeGreaterThan(0);
      const second = await run(kind, fixture(`${kind}.csv`));
      expect(second.summary, kind).toMatchObject({ imported: 0, already_present: first.summary.imported, rejected: 0 });
    }
    const acme = (await rt.db.query(`SELECT id FROM accounts WHERE external_id = 'ACME-001'`)).rows[0]!.id;
    const detail = (await rt.api('GET', `/v1/accounts/${acme}`)).body;
    expect(detail.contacts).toHaveLength(2);
    expect(detail.latest_events.map((e: { kind: string }) => e.kind)).toEqual(['nps.answered', 'ticket.opened', 'usage.daily']);
  });

  it('reports the line a row starts on, with Windows line endings, a BOM and multi-line quoted cells', async () => {
    const file = path.join(tempDir(), 'windows.csv');
    const rows = [
      '\ufeffkind,account_external_id,occurred_at,dedupe_key,payload',
      'nps.answered,ACME-001,2026-05-01T10:00:00Z,w-1,"{""score"":3,',
      '""comment"":""spread over lines""',
      '}"',
      'nps.answered,ACME-001,not a time,w-2,"{""score"":4}"',
      'nps.answered,ACME-001,2026-05-02T10:00:00Z,w-3,"{""score"":',
      '11}"',
      'nps.answered,NOBODY,2026-05-03T10:00:00Z,w-4,"{""score"":1}"',
    ];
    fs.writeFileSync(file, rows.join('\r\n') + '\r\n');
    const { summary, rejects } = await run('events', file);
    expect(summary, JSON.stringify(rejects)).toMatchObject({ imported: 1, rejected: 3 });
    expect(rejects.map((r) => [r.line, r.field])).toEqual([
      [5, 'occurred_at'],
      [6, 'payload.score'],
      [8, 'account_external_id'],
    ]);
    const comment = (await rt.db.query(`SELECT payload->>'comment' AS c FROM events WHERE dedupe_key = 'w-1'`)).rows[0]!.c;
    expect(comment).toBe('spread over lines');
  });

  it('says so when the file is empty', async () => {
    const file = path.join(tempDir(), 'empty.csv');
    fs.writeFileSync(file, '');
    await expect(run('contacts', file)).rejects.toThrow(/The file is empty/);
  });

  it('refuses a file with an unknown column before importing anything', async () => {
    const file = path.join(tempDir(), 'typo.csv');
    fs.writeFileSync(file, 'external_id,name,mrr_eur\nX-1,X,12\n');
    await expect(run('accounts', file)).rejects.toThrow(/Unknown column mrr_eur/);
    expect((await rt.db.query(`SELECT count(*)::int AS n FROM accounts WHERE external_id = 'X-1'`)).rows[0]!.n).toBe(0);
  });
});

describe('an events file of 10,000 rows with 37 bad ones', () => {
  it('imports the 9,963 good rows, reports the 37 by line, and a re-run changes nothing and reports the same lines', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'events.csv');
    const lines = ['kind,account_external_id,occurred_at,dedupe_key,payload'];
    const bad = new Map<number, string>(); // line number → expected field
    const payload = (n: number) => `"{""active_users"":${n % 40},""sessions"":${n % 97},""key_actions"":${n},""features_used"":[]}"`;
    for (let i = 0; i < 10_000; i++) {
      const line = i + 2;
      const at = new Date(Date.UTC(2026, 5, 1) + i * 3_600_000).toISOString();
      // 37 bad rows spread through the file, five kinds of fault in turn
      const faults: [string, string][] = [
        ['account_external_id', `usage.daily,NO-SUCH-ACCOUNT,${at},u-${i},${payload(i)}`],
        ['occurred_at', `usage.daily,ACME-001,31/12/2026,u-${i},${payload(i)}`],
        ['kind', `usage.hourly,ACME-001,${at},u-${i},${payload(i)}`],
        ['payload', `usage.daily,ACME-001,${at},u-${i},"{""active_users"": 3,"`],
        ['dedupe_key', `usage.daily,ACME-001,${at},u-${i - 1},${payload(i)}`], // the previous row's key, other content
      ];
      let row = `usage.daily,ACME-001,${at},u-${i},${payload(i)}`;
      if (i % 270 === 7 && bad.size < 37) {
        const [field, faulty] = faults[bad.size % 5]!;
        bad.set(line, field);
        row = faulty;
      }
      lines.push(row);
    }
    fs.writeFileSync(file, lines.join('\n') + '\n');
    expect(bad.size).toBe(37);
    const before = (await rt.db.query('SELECT count(*)::int AS n FROM events')).rows[0]!.n;

    const first = await run('events', file);
    expect(first.summary).toMatchObject({ imported: 9963, already_present: 0, rejected: 37 });
    expect(new Map(first.rejects.map((r) => [r.line, r.field]))).toEqual(bad);
    expect((await rt.db.query('SELECT count(*)::int AS n FROM events')).rows[0]!.n).toBe(before + 9963);

    const second = await run('events', file);
    expect(second.summary).toMatchObject({ imported: 0, already_present: 9963, rejected: 37 });
    expect(second.rejects).toEqual(first.rejects);
    expect((await rt.db.query('SELECT count(*)::int AS n FROM events')).rows[0]!.n).toBe(before + 9963);
  }, 120_000);
});
