import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { TestProject } from 'vitest/node';
import { connect } from '../../db/database';
import { serveEmbedded } from '../../db/embedded';
import { prepareTemplate } from './prepare';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    postgresTemplate: string;
  }
}

// Migrates one PGlite database and saves its data folder as a tarball; every test file then starts
// its own copy (well under a second, against several seconds for a fresh initdb and migration).
export default async function setup(project: TestProject) {
  const embedded = await serveEmbedded(await PGlite.create());
  const db = connect(embedded.url, 'pglite', 1, async () => {});
  await prepareTemplate(db);
  await db.pool.end();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenure-template-'));
  const file = path.join(dir, 'template.tar');
  const tarball = await embedded.pglite.dumpDataDir('none');
  fs.writeFileSync(file, Buffer.from(await tarball.arrayBuffer()));
  await embedded.close();
  project.provide('pgliteTemplate', file);
  return async () => fs.rmSync(dir, { recursive: true, force: true });
}
