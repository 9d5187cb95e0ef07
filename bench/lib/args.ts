// Command-line numbers shared by the benchmarks (`--runs 3`, `--rows 100000`). Lives in a subfolder
// so that bench/run.ts, which runs every top-level bench/*.ts, does not run it as a benchmark.
export function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const n = Number(process.argv[i + 1]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} needs a whole number ≥ 1`);
  return n;
}
