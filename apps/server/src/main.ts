import { inspect } from 'node:util';
import { buildApp } from './app.ts';
import { openBlobStore } from './platform/blob-stores.ts';
import { ConfigError, loadConfig } from './platform/config.ts';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './platform/embedded-postgres.ts';
import { releaseStartUpMemory } from './platform/memory.ts';
import { seedDemoHistory } from './modules/demo/history.ts';
import { seedDemoNetwork } from './modules/demo/seed.ts';

async function main(): Promise<void> {
  let config;
  let blobs;
  try {
    config = loadConfig();
    // Checked before a database is started: a wrong bucket or key stops start-up at once.
    blobs = await openBlobStore(config);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78);
    }
    throw err;
  }
  const started = performance.now();
  let embedded: EmbeddedDatabase | null = null;
  let databaseUrl = config.DATABASE_URL;
  if (!databaseUrl) {
    embedded = await startEmbeddedPostgres({ dataDir: config.DATA_DIR, port: config.EMBEDDED_PG_PORT, log: (m) => process.stderr.write(`${m}\n`) });
    databaseUrl = embedded.url;
  }
  const { app, deps, close } = await buildApp({ config, databaseUrl, blobs });
  if (config.TELEMED_MODE === 'demo') {
    const seeded = await seedDemoNetwork(deps);
    if (seeded) {
      const history = await seedDemoHistory(deps);
      app.log.info({ historicalConsultations: history.imported }, 'demo network loaded: see README for the demo accounts');
    }
  }
  releaseStartUpMemory();
  await app.listen({ port: config.PORT, host: config.HOST });
  app.log.info({ ms: Math.round(performance.now() - started), mode: config.TELEMED_MODE, embedded: Boolean(embedded) }, 'ready');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    // Whatever happens to the app's close, the embedded database is stopped: never left running without us.
    const stopDatabase = () => (embedded ? Promise.race([embedded.stop(), new Promise((r) => setTimeout(r, 5_000))]) : Promise.resolve());
    const force = setTimeout(() => {
      app.log.error('shutdown took more than 15 s: stopping the database and exiting');
      void stopDatabase().finally(() => process.exit(1));
    }, 15_000);
    force.unref();
    let code = 0;
    try {
      await close();
    } catch (err) {
      code = 1;
      app.log.error({ err }, 'the app did not close cleanly');
    }
    await stopDatabase().catch(() => {});
    process.exit(code);
  };
  // The embedded-postgres package stops its server on SIGINT/SIGTERM itself (through async-exit-hook) and
  // then exits the process, racing the close above: jobs and listeners lost their connections mid-shutdown.
  // Here the database stops after the app has closed, so its handlers go; nothing else sets these signals.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) for (const listener of process.listeners(signal)) process.off(signal, listener);
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err) => {
  process.stderr.write(`Start-up failed: ${err instanceof Error ? err.message : inspect(err)}\n`);
  process.exit(1);
});
