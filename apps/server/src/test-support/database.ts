import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import pg from 'pg';
import { loadConfig } from '../platform/config.ts';
import { migrate } from '../platform/migrate.ts';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../platform/embedded-postgres.ts';

/**
 * One PostgreSQL server per test run (embedded, or TEST_DATABASE_URL's), one migrated template
 * database, and a fresh database per test file copied from it in milliseconds.
 */
let server: Promise<{ adminUrl: string; embedded: EmbeddedDatabase | null }> | null = null;
let template: Promise<void> | null = null;
let counter = 0;
const cleanups: (() => Promise<void>)[] = [];

/**
 * Clean-up runs once, at the very end of the run (see test-entry.ts), not in per-file hooks: the
 * runner may call root-level hooks while a later file is still loading, which would close an app
 * its tests are about to use.
 */
export function onRunEnd(fn: () => Promise<void>): void {
  cleanups.push(fn);
}
const TEMPLATE = 'telemed_test_template';

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function startServer() {
  const external = process.env.TEST_DATABASE_URL;
  if (external) return { adminUrl: external, embedded: null };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'telemed-test-pg-'));
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const embedded = await startEmbeddedPostgres({ dataDir: dir, port, maxConnections: 800 });
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return { adminUrl: withDatabase(embedded.url, 'postgres'), embedded };
}

async function ensureTemplate(adminUrl: string) {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${TEMPLATE}`);
  } finally {
    await admin.end();
  }
  const pool = new pg.Pool({ connectionString: withDatabase(adminUrl, TEMPLATE), max: 1 });
  await migrate(pool, { appRole: loadConfig({}).DB_APP_ROLE });
  await pool.end();
}

/** A new, migrated, empty database for one test file; dropped when the file's tests end. */
export async function createTestDatabase(): Promise<string> {
  server ??= startServer();
  const { adminUrl } = await server;
  template ??= ensureTemplate(adminUrl);
  await template;
  const name = `telemed_test_${process.pid}_${++counter}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE}`);
  } finally {
    await admin.end();
  }
  // Databases on an external server are dropped; the embedded one goes away whole.
  if (process.env.TEST_DATABASE_URL) onRunEnd(async () => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
    await c.end();
  });
  return withDatabase(adminUrl, name);
}

/** Called once by the test entry when every test has run: apps first, then their databases, then the server. */
export async function endTestRun(): Promise<void> {
  for (const fn of cleanups.reverse()) await fn();
  const s = await server;
  await s?.embedded?.stop();
}
