import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { connect } from '../../db/database';
import { prepareTemplate } from './prepare';

// Migrates a template database on the server of TEST_DATABASE_URL; each test file then gets
// `CREATE DATABASE … TEMPLATE` (a file copy on the server, a few hundred milliseconds).
export default async function setup(project: TestProject) {
  const url = process.env.TEST_DATABASE_URL!;
  const template = `tenure_template_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${template}`);
  await admin.query(`CREATE DATABASE ${template}`);
  const db = connect(withDatabase(url, template), 'postgres', 2, async () => {});
  await prepareTemplate(db);
  await db.close();
  project.provide('postgresTemplate', template);
  return async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${template}`);
    await admin.end();
  };
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
