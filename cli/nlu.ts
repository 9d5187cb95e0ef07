import { type Command, Option } from 'commander';
import { Provider } from '../agent/contracts';
import { TRAINING_FILES } from '../agent/understanding/cases';

// `tenure nlu`: the commands and their options. What they do is in cli/nlu-run.ts, loaded when one
// of them runs.

/** The training sets, in training order: the first writer's, the second's (native phrasing and idioms), the third's (calls, tickets, SMS and emails), the fourth's (half Russian: colloquial owners, bureaucratic letters, loanwords, voice transcripts; Quebec and Belgian French; SMS). */
const DEFAULT_IBM = '../shared/data/ibm-telco-v11/Telco_customer_churn_status.csv';

export function nluCommands(program: Command): void {
  const nlu = program.command('nlu').description('Conversation understanding: evaluate and train the offline provider');

  nlu
    .command('eval')
    .description('Score a provider on labeled cases (JSONL: {"text", "lang", "expect": {category, risk, sentiment, competitor}})')
    .requiredOption('--file <file>', 'the cases, one JSON object a line')
    .addOption(new Option('--provider <name>', 'which provider').choices(Provider.options).default('offline'))
    .addHelpText('after', '\n--provider openai uses OPENAI_API_KEY, OPENAI_BASE_URL and OPENAI_EXTRACTION_MODEL (or OPENAI_MODEL); when the endpoint fails, the offline provider answers and the case counts as a fallback.')
    .option('--lang <lang>', 'only the cases in this language (en, fr or ru)')
    .option('--failures <n>', 'how many failures to list', '30')
    .option('--json', 'machine-readable: {"n", "accuracy": {category, risk, sentiment, competitor}, "f1": {risk}}, and "fallbacks" for --provider openai')
    .action(async (o: { file: string; provider: string; lang?: string; failures: string; json?: boolean }) => (await import('./nlu-run')).runEval(o));

  nlu
    .command('train')
    .description("Train the offline provider's classifiers into agent/understanding/model.json")
    .option('--file <files...>', 'the labeled training cases (several files: trained on all, in the order given)', TRAINING_FILES)
    .option('--check', 'do not write: exit 1 if training again would change the committed model')
    .option('--cv <k>', 'also report k-fold cross-validated figures on the training cases')
    .option('--cross', 'also report cross-writer figures: each file held back in turn and scored by a model trained on all the others, per language, then pooled')
    .option('--json', 'machine-readable output')
    .action(async (o: { file: string[]; check?: boolean; cv?: string; cross?: boolean; json?: boolean }) => (await import('./nlu-run')).runTrain(o));

  nlu
    .command('ibm')
    .description("Map the offline provider's reason categories to IBM Telco's Churn Category on its churners' Churn Reason strings")
    .option('--file <file>', 'Telco_customer_churn_status.csv', DEFAULT_IBM)
    .option('--json', 'machine-readable output')
    .action(async (o: { file: string; json?: boolean }) => (await import('./nlu-run')).runIbm(o));
}

