import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Provider } from '../agent/contracts';
import { CaseFileError, parseCases, type LabeledCase } from '../agent/understanding/cases';
import { contractJson, evaluate, KEYS, type Evaluation, type Scores } from '../agent/understanding/eval';
import { ibmBench, IBM_MAPPING } from '../agent/understanding/ibm';
import { MODEL_FILE, useModel } from '../agent/understanding/model';
import { getProvider, ProviderUnavailable } from '../agent/understanding';
import { folds, serializeModel, trainModel } from '../agent/understanding/train';
import { TenureError } from '../server/errors';
import { out, printJson, printTable } from './output';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// What `tenure nlu` does, loaded only when one of its commands runs (the provider's lexicons and
// model are heavy for `tenure --help`). The commands and their options are in cli/nlu.ts.

// Short column names for the confusion table; the legend is printed under it.
const SHORT: Record<string, string> = {
  price: 'pri', budget: 'bud', competitor: 'comp', missing_feature: 'feat', product_quality: 'qual', support_experience: 'supp', value_not_realized: 'val',
  onboarding: 'onb', no_longer_needed: 'noneed', business_change: 'biz', forgot: 'forg', payment_failure: 'pay', relationship: 'rel', other: 'oth', none: 'none',
};

function readCases(file: string): LabeledCase[] {
  if (!fs.existsSync(file)) throw new TenureError('invalid_request', `No such file: ${file}`);
  try {
    return parseCases(fs.readFileSync(file, 'utf8'), file);
  } catch (e) {
    if (e instanceof CaseFileError) throw new TenureError('invalid_request', e.message);
    throw e;
  }
}

const pct = (x: number | null) => (x === null ? '-' : x.toFixed(3));

/** One row per language (and any other label): the five figures side by side. */
function printByLanguage(rows: [string, Scores][]): void {
  printTable(
    rows.map(([lang, s]) => ({
      lang,
      n: s.n,
      category: pct(s.accuracy.category),
      risk: pct(s.accuracy.risk),
      risk_f1: pct(s.f1.risk),
      sentiment: pct(s.accuracy.sentiment),
      competitor: pct(s.accuracy.competitor),
    })),
    ['lang', 'n', 'category', 'risk', 'risk_f1', 'sentiment', 'competitor'],
  );
}

function printEvaluation(e: Evaluation, provider: string, showFailures: number): void {
  const langs = Object.entries(e.byLang).map(([l, s]) => `${l} ${s.n}`).join(', ');
  out(`${e.n} cases (${langs}), provider ${provider}`);
  out('');
  printTable(
    KEYS.map((k) => ({
      key: k,
      cases: e.scored[k],
      accuracy: pct(e.accuracy[k]),
      precision: k === 'risk' ? pct(e.risk.precision) : '',
      recall: k === 'risk' ? pct(e.risk.recall) : '',
      f1: k === 'risk' ? pct(e.risk.f1) : '',
    })),
    ['key', 'cases', 'accuracy', 'precision', 'recall', 'f1'],
  );
  out('');
  out('By language');
  printByLanguage(Object.entries(e.byLang));
  const seen = Object.keys(e.confusion).filter((k) => Object.keys(e.confusion[k]!).length > 0 || Object.values(e.confusion).some((r) => r[k]));
  if (seen.length) {
    out('');
    out('Category confusion (rows: expected, columns: predicted)');
    printTable(
      seen.map((exp) => ({ expected: SHORT[exp] ?? exp, ...Object.fromEntries(seen.map((p) => [SHORT[p] ?? p, e.confusion[exp]![p] ?? '.'])) })),
      ['expected', ...seen.map((p) => SHORT[p] ?? p)],
    );
    out(`  ${seen.map((k) => `${SHORT[k] ?? k} = ${k}`).join(', ')}`);
  }
  out('');
  out(`Failures (${e.failures.length})`);
  for (const f of e.failures.slice(0, showFailures)) {
    const text = f.text.length > 100 ? `${f.text.slice(0, 99)}…` : f.text;
    out(`  line ${f.line} [${f.lang}] ${f.key}: expected ${f.expected}, got ${f.got}: ${JSON.stringify(text)}`);
  }
  if (e.failures.length > showFailures) out(`  … and ${e.failures.length - showFailures} more (--failures N to see more)`);
}

export async function runEval(o: { file: string; provider: string; lang?: string; failures: string; json?: boolean }): Promise<void> {
      const showFailures = Number(o.failures);
      if (!Number.isInteger(showFailures) || showFailures < 0) throw new TenureError('invalid_request', '--failures needs a whole number');
      let provider;
      try {
        const name = Provider.parse(o.provider);
        if (name === 'openai') await useRemote();
        provider = getProvider(name);
      } catch (e) {
        if (e instanceof ProviderUnavailable) throw new TenureError('not_supported', e.message);
        throw e;
      }
      let cases = readCases(o.file);
      if (o.lang) {
        if (!['en', 'fr', 'ru'].includes(o.lang)) throw new TenureError('invalid_request', `--lang: unknown lang ${JSON.stringify(o.lang)} (expected en, fr or ru)`);
        cases = cases.filter((c) => c.lang === o.lang);
        if (cases.length === 0) throw new TenureError('invalid_request', `${o.file} has no cases with lang ${o.lang}`);
      }
      const result = await evaluate(provider, cases);
      // a remote provider adds how many cases the offline provider answered after a failure
      if (o.json) return printJson(result.fallbacks === null ? contractJson(result) : { ...contractJson(result), fallbacks: result.fallbacks });
      printEvaluation(result, provider.name, showFailures);
      if (result.fallbacks !== null) out(`\nFallbacks: ${result.fallbacks} of ${result.n} cases answered by the offline provider (the endpoint failed)`);
    }

/** Registers the remote provider from the environment (OPENAI_*); its calls are logged on stderr. */
async function useRemote(): Promise<void> {
  const [{ useRemoteModels }, { loadConfig }, { default: pino }] = await Promise.all([import('../agent/models'), import('../server/config'), import('pino')]);
  const config = loadConfig();
  useRemoteModels(config, { log: pino({ level: config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL }, pino.destination(2)) });
}

export async function runTrain(o: { file: string[]; check?: boolean; cv?: string; cross?: boolean; json?: boolean }): Promise<void> {
      const files = o.file.map((file) => ({ file, text: '', cases: readCases(file) }));
      for (const f of files) f.text = fs.readFileSync(f.file, 'utf8');
      const cases = files.flatMap((f) => f.cases);
      const sources = files.map((f) => ({ file: path.relative(ROOT, path.resolve(f.file)), text: f.text, cases: f.cases.length }));
      const model = trainModel(cases, sources);
      const serialized = serializeModel(model);
      const modelPath = fileURLToPath(MODEL_FILE);
      const current = fs.existsSync(modelPath) ? fs.readFileSync(modelPath, 'utf8') : null;
      const same = current === serialized;
      const provider = getProvider('offline');
      let cv: Scores | null = null;
      if (o.cv) {
        const k = Number(o.cv);
        if (!Number.isInteger(k) || k < 2) throw new TenureError('invalid_request', '--cv needs a whole number of folds ≥ 2');
        const all: Evaluation[] = [];
        for (const f of folds(cases, k)) {
          useModel(trainModel(f.train, []));
          all.push(await evaluate(provider, f.test));
        }
        useModel(null);
        cv = pool(all);
      }
      // Leave one file out: each writer's file is scored by a model trained on all the others, the
      // stand-in for sentences nobody on the team has seen; then the held-back files pooled (counts added).
      const cross: { trained: string; scored: string; result: Evaluation }[] = [];
      let crossPooled: Record<string, Scores> | null = null;
      if (o.cross) {
        if (files.length < 2) throw new TenureError('invalid_request', '--cross needs at least two --file');
        for (const held of files) {
          const train = files.filter((f) => f !== held);
          useModel(trainModel(train.flatMap((f) => f.cases), []));
          cross.push({ trained: train.map((f) => f.file).join(' + '), scored: held.file, result: await evaluate(provider, held.cases) });
        }
        useModel(null);
        const langs = [...new Set(cross.flatMap((x) => Object.keys(x.result.byLang)))].sort();
        crossPooled = Object.fromEntries([
          ...langs.map((l) => [l, pool(cross.map((x) => x.result.byLang[l]).filter((s): s is Scores => s !== undefined))] as const),
          ['all', pool(cross.map((x) => x.result))] as const,
        ]);
      }
      if (!o.check) fs.writeFileSync(modelPath, serialized);
      if (o.check && !same) process.exitCode = 1;
      const summary = {
        cases: cases.length,
        files: sources.map((s) => ({ file: s.file, cases: s.cases })),
        model: path.relative(ROOT, modelPath),
        bytes: serialized.length,
        changed: !same,
        written: !o.check,
        ...(cv ? { cv: contractJson(cv) } : {}),
        ...(cross.length ? { cross: cross.map((x) => ({ trained: x.trained, scored: x.scored, ...contractJson(x.result), byLang: Object.fromEntries(Object.entries(x.result.byLang).map(([l, s]) => [l, contractJson(s)])) })) } : {}),
        ...(crossPooled ? { crossPooled: Object.fromEntries(Object.entries(crossPooled).map(([l, s]) => [l, contractJson(s)])) } : {}),
      };
      if (o.json) return printJson(summary);
      out(`${cases.length} cases (${files.map((f) => `${f.file} ${f.cases.length}`).join(', ')}) → ${summary.model} (${(serialized.length / 1024).toFixed(0)} KiB): ${o.check ? (same ? 'the committed model is what training gives' : 'training gives a DIFFERENT model than the committed one') : same ? 'unchanged' : 'written'}`);
      if (cv) out(`${o.cv}-fold cross-validation: category ${pct(cv.accuracy.category)}, risk ${pct(cv.accuracy.risk)} (F1 ${pct(cv.f1.risk)}), sentiment ${pct(cv.accuracy.sentiment)}, competitor ${pct(cv.accuracy.competitor)}`);
      for (const x of cross) {
        out('');
        out(`Held back ${x.scored}, trained on ${x.trained}`);
        printByLanguage([...Object.entries(x.result.byLang), ['all', x.result]]);
      }
      if (crossPooled) {
        out('');
        out('Every file held back in turn, pooled');
        printByLanguage(Object.entries(crossPooled));
      }
    }

export function runIbm(o: { file: string; json?: boolean }): void {
      if (!fs.existsSync(o.file)) throw new TenureError('invalid_request', `No such file: ${o.file}`);
      const r = ibmBench(fs.readFileSync(o.file, 'utf8'));
      if (o.json) return printJson(r);
      out(`${r.churners} churners, ${r.reasons} distinct reason strings: accuracy ${pct(r.accuracy)} against their Churn Category`);
      out('');
      printTable(
        Object.entries(r.byCategory).map(([category, s]) => ({ ibm_category: category, churners: s.n, right: s.right, accuracy: pct(s.n ? s.right / s.n : null) })),
        ['ibm_category', 'churners', 'right', 'accuracy'],
      );
      out('');
      out('Mapping (Tenure category → IBM Churn Category)');
      printTable(Object.entries(IBM_MAPPING).map(([tenure, ibm]) => ({ tenure, ibm })), ['tenure', 'ibm']);
    }

/** Cross-validation folds or held-back files pooled: counts added, ratios recomputed. */
function pool(all: Scores[]): Scores {
  const n = all.reduce((a, e) => a + e.n, 0);
  const sum = (f: (e: Scores) => number) => all.reduce((a, e) => a + f(e), 0);
  const acc = (k: (typeof KEYS)[number]) => {
    const scored = sum((e) => e.scored[k]);
    return scored ? sum((e) => (e.accuracy[k] ?? 0) * e.scored[k]) / scored : null;
  };
  const tp = sum((e) => e.risk.tp);
  const fp = sum((e) => e.risk.fp);
  const fn = sum((e) => e.risk.fn);
  const tn = sum((e) => e.risk.tn);
  const precision = tp + fp ? tp / (tp + fp) : null;
  const recall = tp + fn ? tp / (tp + fn) : null;
  const f1 = precision !== null && recall !== null && precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : null;
  const r4 = (x: number | null) => (x === null ? null : Math.round(x * 10000) / 10000);
  return {
    n,
    accuracy: { category: r4(acc('category')), risk: r4(acc('risk')), sentiment: r4(acc('sentiment')), competitor: r4(acc('competitor')) },
    f1: { risk: r4(f1) },
    scored: { category: sum((e) => e.scored.category), risk: sum((e) => e.scored.risk), sentiment: sum((e) => e.scored.sentiment), competitor: sum((e) => e.scored.competitor) },
    risk: { precision: r4(precision), recall: r4(recall), f1: r4(f1), tp, fp, fn, tn },
  };
}
