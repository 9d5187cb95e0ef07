import { seededRandom, shuffle } from './random';

export interface Fold {
  train: Uint32Array;
  test: Uint32Array;
}

/**
 * Stratified k-fold: each class is shuffled with the seed and dealt round-robin to the folds, so each
 * fold holds about the same share of positives. `rows` are the row numbers to split (default: all).
 */
export function stratifiedFolds(y: ArrayLike<number>, k: number, seed: number, rows?: ArrayLike<number>): Fold[] {
  const all = rows ? Array.from(rows) : Array.from({ length: y.length }, (_, i) => i);
  const random = seededRandom(seed);
  const byClass = [all.filter((i) => y[i] === 0), all.filter((i) => y[i] === 1)];
  const foldOf = new Map<number, number>();
  let next = 0;
  for (const members of byClass) {
    shuffle(members, random);
    for (const i of members) foldOf.set(i, next++ % k);
  }
  const folds: Fold[] = [];
  for (let f = 0; f < k; f++) {
    const test = all.filter((i) => foldOf.get(i) === f).sort((a, b) => a - b);
    const train = all.filter((i) => foldOf.get(i) !== f).sort((a, b) => a - b);
    folds.push({ train: Uint32Array.from(train), test: Uint32Array.from(test) });
  }
  return folds;
}
