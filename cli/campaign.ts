import { type Command, Option } from 'commander';
import { loadConfig } from '../server/config';
import { withInstance } from './instance';
import { out, printJson, printTable } from './output';

interface CampaignView {
  id: string;
  play: string;
  channel: string;
  status: string;
  counts: { scheduled: number; blocked: number; no_play: number };
  decisions: { account_id: string; account_name: string; decision: string; scheduled_for: string | null; reasons: string[]; why: string }[];
}

function show(c: CampaignView): void {
  out(`Campaign ${c.id}: ${c.play} by ${c.channel}, ${c.status}. ${c.counts.scheduled} to contact, ${c.counts.blocked} blocked, ${c.counts.no_play} without the play.`);
  printTable(c.decisions.map((d) => ({ ...d, reasons: d.reasons.join(',') })), ['account_id', 'account_name', 'decision', 'scheduled_for', 'reasons', 'why']);
  if (c.status === 'draft') out(`\nNothing is scheduled yet. Approve with: tenure campaign approve --campaign ${c.id}`);
}

export function campaignCommands(program: Command): void {
  const campaign = program.command('campaign').description('Campaigns: plan one play over a segment (dry run), then approve it');
  campaign
    .command('plan')
    .description('Dry run: who would be contacted, when and why, and who is blocked by which rule; nothing is sent until approved')
    .addOption(new Option('--play <play>', 'the play').choices(['health_check', 'nps', 'win_back', 'payment_recovery']).makeOptionMandatory())
    .option('--zone <zone>', 'accounts in this score zone (e.g. orange)')
    .addOption(new Option('--status <status>', 'accounts in this state').choices(['active', 'churned']))
    .option('--plan <plan>', 'accounts on this plan')
    .addOption(new Option('--channel <channel>', "how (default: the play's)").choices(['voice', 'sms']))
    .option('--json', 'machine-readable output')
    .action(async (o: { play: string; zone?: string; status?: string; plan?: string; channel?: string; json?: boolean }) => {
      const segment = { ...(o.zone ? { zone: o.zone } : {}), ...(o.status ? { status: o.status } : {}), ...(o.plan ? { plan: o.plan } : {}) };
      const c = (await withInstance(loadConfig(), (call) => call('POST', '/v1/campaigns', { play: o.play, segment, ...(o.channel ? { channel: o.channel } : {}) }))) as CampaignView;
      if (o.json) return printJson(c);
      show(c);
    });
  campaign
    .command('show')
    .description("A campaign and each account's decision")
    .requiredOption('--campaign <id>', 'the campaign id')
    .option('--json', 'machine-readable output')
    .action(async (o: { campaign: string; json?: boolean }) => {
      const c = (await withInstance(loadConfig(), (call) => call('GET', `/v1/campaigns/${encodeURIComponent(o.campaign)}`))) as CampaignView;
      if (o.json) return printJson(c);
      show(c);
    });
  campaign
    .command('approve')
    .description('Approve a campaign: schedules exactly the accounts its dry run allowed')
    .requiredOption('--campaign <id>', 'the campaign id')
    .option('--json', 'machine-readable output')
    .action(async (o: { campaign: string; json?: boolean }) => {
      const c = (await withInstance(loadConfig(), (call) => call('POST', `/v1/campaigns/${encodeURIComponent(o.campaign)}/approve`))) as CampaignView;
      if (o.json) return printJson(c);
      show(c);
    });
}
