// `npm run audit:verify`: walks the audit trail's hash chain and reports any record that was
// changed, removed or relinked. Exit code 0 when intact, 2 when not.
import { loadConfig } from '../../platform/config.ts';
import { createPool } from '../../platform/db.ts';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../platform/embedded-postgres.ts';
import { verifyAuditChain } from '../../platform/audit.ts';

const config = loadConfig();
let embedded: EmbeddedDatabase | null = null;
let url = config.DATABASE_URL;
if (!url) {
  embedded = await startEmbeddedPostgres({ dataDir: config.DATA_DIR, port: config.EMBEDDED_PG_PORT });
  url = embedded.url;
}
const pool = createPool(url, { max: 1 });
try {
  const report = await verifyAuditChain(pool);
  if (report.ok) {
    process.stdout.write(`audit chain intact: ${report.checked} records\n`);
  } else {
    process.stdout.write(`audit chain BROKEN: ${report.problems.length} problem(s) in ${report.checked} records\n`);
    for (const p of report.problems) process.stdout.write(`  seq ${p.seq}: ${p.problem}\n`);
    process.exitCode = 2;
  }
} finally {
  await pool.end();
  await embedded?.stop();
}
