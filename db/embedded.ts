import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { TenureError } from '../server/errors';

export interface EmbeddedServer {
  /** postgres:// URL of the local socket in front of PGlite */
  url: string;
  pglite: PGlite;
  close(): Promise<void>;
}

/**
 * Serves a PGlite instance on 127.0.0.1 so that everything talks to it through `pg`, exactly as to
 * a real server. PGlite has one backend, and messages from two connections can interleave on it
 * (electric-sql/pglite#1046), so the socket accepts one connection and the pool in front holds one.
 */
export async function serveEmbedded(db: PGlite): Promise<EmbeddedServer> {
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 1 });
  await server.start();
  const conn = server.getServerConn(); // "127.0.0.1:PORT"
  return {
    url: `postgres://postgres@${conn}/postgres`,
    pglite: db,
    async close() {
      await server.stop();
      await db.close();
    },
  };
}

/**
 * Opens (and on first start creates) the embedded database in `<dataDir>/pgdata`. A first start
 * initialises into a temporary folder and renames it, so an interrupted first start leaves nothing
 * half-made behind. The caller must hold the data-folder lock.
 */
export async function openEmbedded(dataDir: string): Promise<EmbeddedServer> {
  const pgdata = path.join(dataDir, 'pgdata');
  for (const entry of fs.readdirSync(dataDir)) {
    if (entry.startsWith('pgdata.init-')) fs.rmSync(path.join(dataDir, entry), { recursive: true, force: true });
  }
  if (!fs.existsSync(pgdata)) {
    const tmp = path.join(dataDir, `pgdata.init-${process.pid}`);
    const fresh = await PGlite.create(tmp);
    await fresh.close();
    fs.renameSync(tmp, pgdata);
  }
  let db: PGlite;
  try {
    db = await PGlite.create(pgdata);
    await db.query('select 1');
  } catch (e) {
    throw new TenureError(
      'data_folder_unreadable',
      `The embedded database in ${pgdata} cannot be opened (${(e as Error).message}). ` +
        `To start afresh, stop Tenure and move it aside: mv ${pgdata} ${pgdata}.broken — ` +
        `or set DATABASE_URL to use a PostgreSQL server instead.`,
    );
  }
  return serveEmbedded(db);
}
