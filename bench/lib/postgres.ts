import pg from 'pg';

// The PostgreSQL server the benchmarks use (a superuser; each bench creates its own database and
// drops it), and one statement run on its `postgres` database (CREATE / DROP DATABASE).
export const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';

export async function admin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: `${PG_URL}/postgres` });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}
