import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type pg from 'pg';

export const MIGRATIONS_DIR = path.resolve(import.meta.dirname, '../../../../db/migrations');
const LOCK_KEY = 7_351_001; // pg_advisory lock id for migrations: one node migrates, the others wait.

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((file) => {
      const sql = fs.readFileSync(path.join(dir, file), 'utf8');
      return {
        version: Number(file.slice(0, 4)),
        name: file.slice(5, -4),
        sql,
        checksum: createHash('sha256').update(sql).digest('hex'),
      };
    });
}

/**
 * Applies pending migrations, each in its own transaction, and renews the application role's
 * grants. An applied migration whose file has changed stops start-up: migrations are forward-only.
 */
export async function migrate(pool: pg.Pool, opts: { appRole: string; dir?: string }): Promise<number[]> {
  const client = await pool.connect();
  const applied: number[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migration (
      version int PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now())`);
    const { rows } = await client.query<{ version: number; checksum: string }>(
      'SELECT version, checksum FROM schema_migration',
    );
    const done = new Map(rows.map((r) => [r.version, r.checksum]));
    for (const m of readMigrations(opts.dir)) {
      const known = done.get(m.version);
      if (known !== undefined) {
        if (known !== m.checksum) throw new Error(`Migration ${m.version}_${m.name} was changed after it was applied`);
        continue;
      }
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query('INSERT INTO schema_migration (version, name, checksum) VALUES ($1, $2, $3)', [
          m.version,
          m.name,
          m.checksum,
        ]);
        await client.query('COMMIT');
        applied.push(m.version);
      } catch (err) {
        await client.query('ROLLBACK');
        throw new Error(`Migration ${m.version}_${m.name} failed: ${(err as Error).message}`, { cause: err });
      }
    }
    await grantAppRole(client, opts.appRole);
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => {});
    client.release();
  }
  return applied;
}

async function grantAppRole(client: pg.PoolClient, role: string): Promise<void> {
  const r = `"${role}"`;
  await client.query('BEGIN');
  try {
    await client.query(`DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${role}') THEN CREATE ROLE ${r} NOLOGIN; END IF;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`);
    // A non-superuser owner must be a member of the role to act as it.
    await client.query(`DO $$ BEGIN
      IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN EXECUTE 'GRANT ${r} TO ' || quote_ident(current_user); END IF;
    EXCEPTION WHEN others THEN NULL; END $$`);
    await client.query(`GRANT USAGE ON SCHEMA public TO ${r}`);
    await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${r}`);
    await client.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${r}`);
    await client.query(`REVOKE UPDATE, DELETE, TRUNCATE ON audit_event FROM ${r}`);
    // Signed conclusions and addenda are final (triggers also refuse it, for the owner too).
    await client.query(`DO $$ BEGIN
      IF to_regclass('consultation_conclusion') IS NOT NULL THEN
        REVOKE UPDATE, DELETE, TRUNCATE ON consultation_conclusion, consultation_addendum FROM ${r};
      END IF; END $$`);
    await client.query(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON schema_migration FROM ${r}`);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  }
}

export async function pendingMigrations(pool: pg.Pool, dir?: string): Promise<number> {
  const { rows } = await pool.query<{ version: number }>(
    `SELECT version FROM schema_migration`,
  ).catch(() => ({ rows: [] as { version: number }[] }));
  const done = new Set(rows.map((r) => r.version));
  return readMigrations(dir).filter((m) => !done.has(m.version)).length;
}
