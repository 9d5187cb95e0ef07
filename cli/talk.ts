import readline from 'node:readline';
import type { Command } from 'commander';
import { Play } from '../agent/contracts/common';
import { loadConfig } from '../server/config';
import { withInstance } from './instance';
import { out } from './output';

// `tenure talk`: a conversation in the terminal where you are the customer. When standard input is
// not a terminal, each line is one customer turn, so a dialogue can be scripted; the conversation
// wraps up at the end of input (or when the agent ends it).

export function talkCommand(program: Command): void {
  program
    .command('talk')
    .description('Talk to the agent as one of the account\'s contacts (one customer turn per line when stdin is not a terminal)')
    .requiredOption('--account <id>', "the account (Tenure's id)")
    .option('--contact <id>', "the contact (default: the account's main contact)")
    .option('--play <play>', `${Play.options.join(', ')}`, 'health_check')
    .option('--lang <lang>', "the language to open in (default: the contact's)")
    .action(async (o: { account: string; contact?: string; play: string; lang?: string }) => {
      const play = Play.parse(o.play);
      await withInstance(loadConfig(), async (call) => {
        const conv = (await call('POST', '/v1/conversations', { account_id: o.account, play, ...(o.contact ? { contact_id: o.contact } : {}), ...(o.lang ? { lang: o.lang } : {}) })) as { id: string; opening_line: string };
        const tty = process.stdin.isTTY;
        out(`agent: ${conv.opening_line}`);
        const rl = readline.createInterface({ input: process.stdin, terminal: false });
        if (tty) process.stdout.write('you: ');
        let ended = false;
        let n = 0;
        for await (const line of rl) {
          const text = line.trim();
          if (!text) {
            if (tty) process.stdout.write('you: ');
            continue;
          }
          if (!tty) out(`you: ${text}`);
          const r = (await call('POST', `/v1/conversations/${conv.id}/turns`, { text, event_id: `talk:${conv.id}:${n++}` })) as { said: string; ended: { reason: string } | null };
          out(`agent: ${r.said}`);
          if (r.ended) {
            ended = true;
            break;
          }
          if (tty) process.stdout.write('you: ');
        }
        rl.close();
        if (!ended) await call('POST', `/v1/conversations/${conv.id}/close`, { reason: 'hangup' });
        out(`(conversation ${conv.id}; see: tenure conversations show ${conv.id})`);
      });
    });
}
