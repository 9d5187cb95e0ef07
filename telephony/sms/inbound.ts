import { carrierKeyword, matchRevocation } from '../../agent/policy/opt-out';
import { liftOptOut, suppress } from '../../agent/policy/suppress';
import { newId } from '../../db/ids';
import { withTransaction, type Tx } from '../../db/transaction';
import { INBOUND_JOB, type SmsDeps } from './deps';
import type { InboundSms } from './params';
import { segmentsOf } from './segments';
import { smsText } from './texts';

// An inbound text, as the webhook receives it: stored once by its MessageSid, and its turn queued,
// in one transaction committed before Twilio gets its answer. An opt-out (a carrier keyword or a
// free-text revocation) is written to `suppressions` in that same transaction — before any reply —
// and answered with one confirmation, as TwiML; HELP gets the help text; START/UNSTOP/YES from
// someone who opted out opts them back in. The conversation itself is worked by the job (turn.ts).

export interface Received {
  duplicate: boolean;
  kind: 'turn' | 'opt_out' | 'opt_in' | 'help';
  /** the TwiML answer: a <Message> for a confirmation or help, empty otherwise */
  twiml: string;
}

const EMPTY = '<?xml version="1.0" encoding="UTF-8"?><Response/>';
const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const message = (text: string) => `<?xml version="1.0" encoding="UTF-8"?><Response><Message>${xml(text)}</Message></Response>`;

export async function receiveInbound(deps: Pick<SmsDeps, 'db' | 'clock' | 'config' | 'queue'>, p: InboundSms): Promise<Received> {
  const now = deps.clock.now();
  // the words decide the kind (every language is tried); only an opt-in word needs the database
  const keyword = carrierKeyword(p.Body);
  let kind: Received['kind'] = 'turn';
  if (keyword?.kind === 'opt_out' || (!keyword && matchRevocation(p.Body))) kind = 'opt_out';
  else if (keyword?.kind === 'help') kind = 'help';
  return withTransaction(deps.db, async (tx) => {
    // "YES" is an answer like any other unless the sender opted out
    if (keyword?.kind === 'opt_in' && (await optedOut(tx, p.From))) kind = 'opt_in';
    // one statement: the sender's contact (the account's main contact first) and the text, once
    const inserted = await tx.query<{ id: string; contact_id: string | null; language: string | null }>(
      `WITH c AS (SELECT id, language FROM contacts WHERE phone = $5 ORDER BY (role = 'main') DESC, id LIMIT 1)
       INSERT INTO messages (id, sid, direction, kind, contact_id, from_number, to_number, body, status, segments, updated_at, created_at)
       VALUES ($1, $2, 'inbound', $3, (SELECT id FROM c), $5, $6, $7, $8, $9, $4, $4) ON CONFLICT (sid) DO NOTHING
       RETURNING id, contact_id, (SELECT language FROM c) AS language`,
      [newId('msg'), p.MessageSid, kind, now, p.From, p.To, p.Body, kind === 'help' || kind === 'opt_in' ? 'handled' : 'received', segmentsOf(p.Body).segments],
    );
    const row = inserted.rows[0];
    const contact = row?.contact_id ? { id: row.contact_id, language: row.language } : null;
    const target = contact ? { contactId: contact.id } : { phone: p.From };
    const id = row?.id;
    // a re-delivery: stored and answered the first time
    if (!id) return { duplicate: true, kind, twiml: EMPTY };

    const lang = contact?.language;
    if (kind === 'opt_out') {
      const all = deps.config.TENURE_OPT_OUT_SCOPE === 'all';
      await suppress(tx, deps.clock, { ...target, ...(all ? {} : { channel: 'sms' as const }), reason: 'opt_out_keyword', at: now.toISOString() });
      await queueTurn(tx, deps, id);
      return { duplicate: false, kind, twiml: message(smsText(all ? 'opted_out' : 'opted_out_sms', lang)) };
    }
    if (kind === 'help') return { duplicate: false, kind, twiml: message(smsText('help', lang)) };
    if (kind === 'opt_in') {
      await liftOptOut(tx, target);
      return { duplicate: false, kind, twiml: message(smsText('opted_in', lang)) };
    }
    await queueTurn(tx, deps, id);
    return { duplicate: false, kind, twiml: EMPTY };
  });
}

async function queueTurn(tx: Tx, deps: Pick<SmsDeps, 'queue'>, messageId: string): Promise<void> {
  // without a queue in this process, the SMS sweep picks the row up
  await deps.queue()?.send(INBOUND_JOB, { messageId }, {}, tx);
}

async function optedOut(tx: Tx, phone: string): Promise<boolean> {
  const { rows } = await tx.query(
    `SELECT 1 FROM suppressions s WHERE s.reason = 'opt_out_keyword' AND (s.channel IS NULL OR s.channel = 'sms')
       AND (s.phone = $1 OR s.contact_id IN (SELECT id FROM contacts WHERE phone = $1)) LIMIT 1`,
    [phone],
  );
  return rows.length > 0;
}
