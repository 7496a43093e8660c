import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './db-types.ts';

export type Db = Kysely<Database>;

// DATE stays a 'YYYY-MM-DD' string: a birth date is a calendar day, not an instant, and
// converting it through a JavaScript Date shifts it across time zones.
pg.types.setTypeParser(1082, (v) => v);
// bigint counts fit in a double for every figure this product reports.
pg.types.setTypeParser(20, (v) => Number(v));

export function createPool(url: string, opts: { max: number; role?: string; settings?: Record<string, string>; onError?: (err: Error) => void }): pg.Pool {
  // The application acts as its restricted role from the first statement on each connection.
  const settings = { ...(opts.role ? { role: opts.role } : {}), ...opts.settings };
  const options = Object.entries(settings).map(([k, v]) => `-c ${k}=${v}`).join(' ');
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max,
    idleTimeoutMillis: 30_000,
    options: options || undefined,
  });
  // An idle connection dropped by the server (restart, failover) must not bring the process down;
  // the pool replaces it on the next query.
  pool.on('error', (err) => opts.onError?.(err));
  return pool;
}

export function createDb(pool: pg.Pool): Db {
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
