/** A dense matrix of numbers, row after row: the value of row i, column j is data[i * d + j]. */
export interface Matrix {
  n: number;
  d: number;
  data: Float64Array;
}

export function matrix(n: number, d: number, data = new Float64Array(n * d)): Matrix {
  return { n, d, data };
}

/** The rows `rows` of X, in that order. */
export function takeRows(X: Matrix, rows: ArrayLike<number>): Matrix {
  const out = new Float64Array(rows.length * X.d);
  for (let k = 0; k < rows.length; k++) out.set(X.data.subarray(rows[k]! * X.d, (rows[k]! + 1) * X.d), k * X.d);
  return { n: rows.length, d: X.d, data: out };
}

export function take<T extends Uint8Array | Float64Array>(values: T, rows: ArrayLike<number>): T {
  const out = new (values.constructor as new (n: number) => T)(rows.length);
  for (let k = 0; k < rows.length; k++) out[k] = values[rows[k]!]!;
  return out;
}
