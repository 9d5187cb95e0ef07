import { isMissing, toNumber } from './columns';
import { TableError, type Table } from './table';

export interface Labels {
  /** 1 for the positive class (churned), 0 otherwise, one per row */
  y: Uint8Array;
  positive: string;
  negative: string;
}

const POSITIVE = new Set(['yes', 'y', 'true', 't', '1', 'churn', 'churned', 'exited', 'left', 'lost', 'cancelled', 'canceled', 'positive']);
const NEGATIVE = new Set(['no', 'n', 'false', 'f', '0', 'stayed', 'retained', 'active', 'kept', 'negative']);

const NEGATION = new Set(['no', 'not', 'non', 'never', 'didn', 'hasn', 'hasnt', 'didnt']);
const LEFT_WORDS = new Set(['churn', 'churned', 'churner', 'churning', 'attrited', 'attrition', 'exited', 'left', 'lost', 'cancelled', 'canceled', 'cancellation', 'terminated', 'closed', 'departed']);
const STAYED_WORDS = new Set(['stayed', 'retained', 'active', 'existing', 'current', 'renewed', 'kept', 'loyal', 'remained', 'staying']);

/** Which way a label of several words leans ("Attrited Customer", "No Churn", "non-churner"): a negation wins. */
function leaning(value: string): 'left' | 'stayed' | null {
  const words = value.toLowerCase().split(/[^\p{L}\d]+/u).filter(Boolean);
  if (words.some((w) => NEGATION.has(w))) return 'stayed';
  if (words.some((w) => LEFT_WORDS.has(w))) return 'left';
  if (words.some((w) => STAYED_WORDS.has(w))) return 'stayed';
  return null;
}

/** Which of the two values is the positive class: yes/1/true/churned…; else the one whose words say so
 *  ("Attrited Customer" over "Existing Customer"); else the larger number; else the rarer value. */
function positiveOf(a: string, b: string, counts: Map<string, number>): string {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  if (POSITIVE.has(la) && NEGATIVE.has(lb)) return a;
  if (POSITIVE.has(lb) && NEGATIVE.has(la)) return b;
  const [wa, wb] = [leaning(a), leaning(b)];
  if (wa === 'left' && wb === 'stayed') return a;
  if (wb === 'left' && wa === 'stayed') return b;
  const na = toNumber(a);
  const nb = toNumber(b);
  if (!Number.isNaN(na) && !Number.isNaN(nb)) return na > nb ? a : b;
  const ca = counts.get(a)!;
  const cb = counts.get(b)!;
  return ca < cb || (ca === cb && a > b) ? a : b;
}

/** The label column read as 0/1. A blank label, a single value or more than two values is a TableError. */
export function readLabels(table: Table, label: string): Labels {
  const c = table.columns.indexOf(label);
  if (c < 0) throw new TableError(`${table.file} has no column "${label}" to use as the label; its columns are: ${table.columns.join(', ')}`, 1);
  const counts = new Map<string, number>();
  const firstLine = new Map<string, number>();
  table.rows.forEach((row, i) => {
    const line = table.lines[i]!;
    const cell = row[c]!;
    if (isMissing(cell)) throw new TableError(`${table.file}, line ${line}: the label "${label}" is blank; every row needs one`, line);
    const v = cell.trim();
    if (!counts.has(v) && counts.size === 2) {
      const [a, b] = [...counts.keys()];
      throw new TableError(
        `${table.file}, line ${line}: the label "${label}" has more than two values: "${a}" and "${b}" above, then "${v}" here; the label must be one of two values (such as Yes/No or 1/0)`,
        line,
      );
    }
    counts.set(v, (counts.get(v) ?? 0) + 1);
    if (!firstLine.has(v)) firstLine.set(v, line);
  });
  if (counts.size < 2) {
    const [only] = [...counts.keys()];
    throw new TableError(`${table.file}: the label "${label}" is "${only}" on every row; a model needs both outcomes to learn from`);
  }
  const [a, b] = [...counts.keys()] as [string, string];
  const positive = positiveOf(a, b, counts);
  const negative = positive === a ? b : a;
  const y = new Uint8Array(table.rows.length);
  table.rows.forEach((row, i) => (y[i] = row[c]!.trim() === positive ? 1 : 0));
  return { y, positive, negative };
}
