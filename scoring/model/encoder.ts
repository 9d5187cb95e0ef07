import { isMissing, readNumber, type ColumnPlan, type NumberFormat } from './columns';
import { matrix, type Matrix } from './matrix';

/** One customer as a record: column name → cell (text as in a CSV file, or a number). */
export type CustomerRecord = Record<string, string | number | null | undefined>;

/** One model input: a numeric column, its "is blank" flag, or one level of a categorical column. */
export interface Feature {
  name: string;
  column: string;
  kind: 'number' | 'blank' | 'level';
  level?: string;
}

interface NumericPart {
  column: string;
  /** absent: plain decimals (encoders stored before formats existed read the same) */
  format?: NumberFormat;
  median: number;
  blankFlag: boolean;
}
interface CategoricalPart {
  column: string;
  levels: string[];
}

/** What the encoder learned from the training rows; plain data (it can be stored as JSON). */
export interface Encoder {
  features: Feature[];
  numeric: NumericPart[];
  categorical: CategoricalPart[];
}

export const BLANK_LEVEL = '(blank)';
/** A level seen on fewer training rows than this has no input of its own (it reads as "none of the levels"). */
const MIN_LEVEL_ROWS = 5;
/** At most this many levels per categorical column, the most frequent. */
const MAX_LEVELS = 30;

function levelOf(cell: string | number | null | undefined): string {
  if (cell === null || cell === undefined) return BLANK_LEVEL;
  const text = String(cell);
  return isMissing(text) ? BLANK_LEVEL : text.trim();
}

/**
 * Learns the inputs from training rows only: a numeric column's median (for blanks) and whether it
 * needs an "is blank" flag; a categorical column's levels (one input each, blanks a level of their own).
 */
export function fitEncoder(plan: ColumnPlan[], records: CustomerRecord[]): Encoder {
  const features: Feature[] = [];
  const numeric: NumericPart[] = [];
  const categorical: CategoricalPart[] = [];
  for (const col of plan) {
    if (col.role === 'numeric') {
      const all = new Float64Array(records.length);
      let filled = 0;
      for (const r of records) {
        const x = readNumber(r[col.name], col.format);
        if (!Number.isNaN(x)) all[filled++] = x;
      }
      const values = all.subarray(0, filled).sort();
      const mid = values.length >> 1;
      const median = values.length === 0 ? 0 : values.length % 2 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
      const blankFlag = values.length < records.length;
      numeric.push({ column: col.name, ...(col.format ? { format: col.format } : {}), median, blankFlag });
      features.push({ name: col.name, column: col.name, kind: 'number' });
      if (blankFlag) features.push({ name: `${col.name} is blank`, column: col.name, kind: 'blank' });
    } else if (col.role === 'categorical') {
      const counts = new Map<string, number>();
      for (const r of records) {
        const v = levelOf(r[col.name]);
        counts.set(v, (counts.get(v) ?? 0) + 1);
      }
      const levels = [...counts.entries()]
        .filter(([, n]) => n >= Math.min(MIN_LEVEL_ROWS, records.length))
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
        .slice(0, MAX_LEVELS)
        .map(([v]) => v)
        .sort();
      categorical.push({ column: col.name, levels });
      for (const level of levels) features.push({ name: `${col.name}=${level}`, column: col.name, kind: 'level', level });
    }
  }
  // the features in the order the encoder writes them: numeric columns first, then categorical
  const ordered = [...features.filter((f) => f.kind !== 'level'), ...features.filter((f) => f.kind === 'level')];
  return { features: ordered, numeric, categorical };
}

/** The model inputs of each record; never NaN (blanks become the training median plus the blank flag). */
export function encode(encoder: Encoder, records: CustomerRecord[]): Matrix {
  const d = encoder.features.length;
  const X = matrix(records.length, d);
  const levelIndex = encoder.categorical.map((c) => new Map(c.levels.map((l, i) => [l, i])));
  records.forEach((r, i) => {
    let j = i * d;
    for (const part of encoder.numeric) {
      const x = readNumber(r[part.column], part.format);
      const blank = Number.isNaN(x);
      X.data[j++] = blank ? part.median : x;
      if (part.blankFlag) X.data[j++] = blank ? 1 : 0;
    }
    encoder.categorical.forEach((part, c) => {
      const k = levelIndex[c]!.get(levelOf(r[part.column]));
      if (k !== undefined) X.data[j + k] = 1;
      j += part.levels.length;
    });
  });
  return X;
}
