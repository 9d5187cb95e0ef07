import { connect } from '../../../db/database';
import { agent, turn } from './world';

// One step of a conversation in a process of its own, for the restart test: `open` or a customer
// turn, against the PostgreSQL database at argv[2]. It prints what the agent said as one JSON line,
// then waits to be killed (SIGKILL: no clean shutdown, no flush of anything in memory).

const [url, step, conversationId, eventId, text] = process.argv.slice(2) as [string, string, string, string, string];
const db = connect(url, 'postgres', 2, async () => {});
const port = await agent(db);
const said =
  step === 'open'
    ? (await port.open({ conversationId, channel: 'voice', contactId: 'con_a', play: 'nps', lang: 'en' })).openingLine
    : (await turn(port, conversationId, eventId, text)).said;
process.stdout.write(JSON.stringify({ pid: process.pid, said }) + '\n');
setInterval(() => {}, 60_000);
