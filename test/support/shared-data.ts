import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// The public churn data sets (IBM Telco, the bank file) are not part of this repository (IBM's
// sample data is not ours to redistribute). They are looked for in TENURE_SHARED_DATA, beside the
// repository (../shared/data) and in this workplace's /work/shared/data; tests that need them are
// skipped, with a note on stderr, where none exists.
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CANDIDATES = [process.env.TENURE_SHARED_DATA, path.join(repo, '../shared/data'), '/work/shared/data'].filter((d): d is string => !!d);

export const sharedData: string | null = CANDIDATES.find((d) => fs.existsSync(path.join(d, 'WA_Fn-UseC_-Telco-Customer-Churn.csv'))) ?? null;

if (!sharedData) process.stderr.write(`The public churn data sets were not found (looked in ${CANDIDATES.join(', ')}): the tests on them are skipped.\n`);

export const sharedFile = (name: string) => path.join(sharedData ?? '/nonexistent', name);
