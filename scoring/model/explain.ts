import { calibrate } from './calibration';
import { isMissing } from './columns';
import { encode, type CustomerRecord } from './encoder';
import { coreContributions, type TrainedModel } from './train';

export interface Reason {
  column: string;
  /** the customer's value, as written ("blank" when there is none) */
  value: string;
  /** the column's share of the log-odds against the average training customer (calibrated scale); > 0 raises the risk */
  effect: number;
  direction: 'raises' | 'lowers';
  /** e.g. `Contract is "Month-to-month": raises the risk (odds × 1.9)` */
  text: string;
}

export interface Explanation {
  probability: number;
  reasons: Reason[];
}

const shown = (cell: CustomerRecord[string]) => (typeof cell === 'number' ? String(cell) : isMissing(cell) ? 'blank' : cell!.trim());

/** Per-column shares of one customer's score: the inputs of a column (its levels, its blank flag) added up. */
export function columnEffects(model: TrainedModel, record: CustomerRecord): { probability: number; effects: Map<string, number> } {
  const x = encode(model.encoder, [record]).data;
  const { bias, contributions } = coreContributions(model.core, x);
  const effects = new Map<string, number>();
  let score = bias;
  model.encoder.features.forEach((f, j) => {
    score += contributions[j]!;
    effects.set(f.column, (effects.get(f.column) ?? 0) + model.calibration.a * contributions[j]!);
  });
  return { probability: calibrate(model.calibration, score), effects };
}

/**
 * The `top` columns that moved this customer's predicted risk most, in plain words with their
 * direction: weight × standardised value for the logistic model, per-input path contributions for the trees.
 */
export function explain(model: TrainedModel, record: CustomerRecord, top = 3): Explanation {
  const { probability, effects } = columnEffects(model, record);
  const kinds = new Map(model.plan.map((c) => [c.name, c.role]));
  const reasons = [...effects.entries()]
    .filter(([, e]) => Math.abs(e) > 1e-9)
    .sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]) || (a[0] < b[0] ? -1 : 1))
    .slice(0, top)
    .map(([column, effect]): Reason => {
      const value = shown(record[column]);
      const direction = effect > 0 ? 'raises' : 'lowers';
      const said = value === 'blank' ? 'is blank' : kinds.get(column) === 'categorical' ? `is "${value}"` : `is ${value}`;
      const factor = Math.exp(Math.abs(effect));
      const size = `odds ${effect > 0 ? '×' : '÷'} ${factor < 10 ? factor.toFixed(1) : Math.round(factor)}`;
      return { column, value, effect, direction, text: `${column} ${said}: ${direction} the risk (${size})` };
    });
  return { probability, reasons };
}
