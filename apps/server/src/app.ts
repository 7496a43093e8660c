import type { FastifyBaseLogger } from 'fastify';
import { AuditLog } from './platform/audit.ts';
import { publicUrl, type Config } from './platform/config.ts';
import { createDb, createPool } from './platform/db.ts';
import type { Deps } from './platform/deps.ts';
import { createHttp } from './platform/http.ts';
import { migrate, pendingMigrations } from './platform/migrate.ts';
import { createLogNotifier, createSmtpNotifier, withRetries, type Notifier } from './platform/notifier.ts';
import { buildOpenApi } from './platform/openapi.ts';
import { createSecretBox, resolveEncryptionKey } from './platform/secret-box.ts';
import { Presence } from './platform/presence.ts';
import { RealtimeHub } from './platform/realtime.ts';
import { DbListener } from './platform/db-listener.ts';
import { SessionCache, watchSessionChanges } from './platform/session-cache.ts';
import type { BlobStore } from './platform/blob-store.ts';
import { openBlobStore } from './platform/blob-stores.ts';
import { registerAttachmentRoutes } from './modules/attachments/routes.ts';
import { registerAuditRoutes } from './modules/audit/routes.ts';
import { Escalations } from './modules/consultations/escalation.ts';
import { consultationFeed } from './modules/consultations/realtime-feed.ts';
import { registerConsultationRoutes } from './modules/consultations/routes.ts';
import { registerFacilityRoutes } from './modules/facilities/routes.ts';
import { registerUserAdminRoutes } from './modules/identity/admin-routes.ts';
import { registerIdentityRoutes } from './modules/identity/routes.ts';
import { authenticate, principalForSession } from './modules/identity/sessions.ts';
import { registerPatientRoutes } from './modules/patients/routes.ts';
import { registerRealtimeRoutes } from './modules/realtime/routes.ts';
import { registerReportRoutes } from './modules/reports/routes.ts';
import { registerVisitRoutes } from './modules/visits/routes.ts';
import { registerVisitFileRoutes } from './modules/visits/visit-file-routes.ts';
import { registerRecordingRoutes } from './modules/visits/recording-routes.ts';
import { SfuBridge } from './modules/visits/sfu.ts';
import { VisitHub } from './modules/visits/signal-hub.ts';
import { Reminders } from './modules/scheduling/reminders.ts';
import { JobQueue } from './platform/jobs.ts';
import { registerSchedulingRoutes } from './modules/scheduling/routes.ts';
import { careMessageFeed } from './modules/messages/realtime-feed.ts';
import { registerMessageRoutes } from './modules/messages/routes.ts';
import { registerQuestionnaireRoutes } from './modules/visits/questionnaire-routes.ts';

export const VERSION = '0.1.0';

export interface BuildOptions {
  config: Config;
  databaseUrl: string;
  notifier?: Notifier;
  now?: () => Date;
  logger?: boolean | object;
  /** The blob store, already checked (main.ts opens it before starting a database); opened from config otherwise. */
  blobs?: BlobStore;
}

/** Builds the whole application from configuration: no module keeps state of its own. */
export async function buildApp(opts: BuildOptions) {
  const { config } = opts;
  // A store that cannot be written stops start-up here, before anything else is started.
  const blobs = opts.blobs ?? await openBlobStore(config);
  // Migrations run as the database owner; everything after runs as the restricted application role.
  const ownerPool = createPool(opts.databaseUrl, { max: 2 });
  await migrate(ownerPool, { appRole: config.DB_APP_ROLE });
  await ownerPool.end();
  const pool = createPool(opts.databaseUrl, { max: config.DB_POOL_SIZE, role: config.DB_APP_ROLE });
  const db = createDb(pool);
  // The audit writer has a connection of its own, so a batch never queues behind the requests it serves.
  const auditPool = createPool(opts.databaseUrl, { max: 1, role: config.DB_APP_ROLE });
  const queuePool = createPool(opts.databaseUrl, { max: Math.max(2, Math.ceil(config.DB_POOL_SIZE / 2)), role: config.DB_APP_ROLE,
    settings: { plan_cache_mode: 'force_generic_plan' } });
  const audit = new AuditLog(auditPool);
  const depsRef: { current?: Deps } = {};
  const encryptionKey = resolveEncryptionKey(config.ENCRYPTION_KEY, config.DATA_DIR);
  const sessionCache = new SessionCache(config.SESSION_CACHE_SECONDS * 1000);
  const { app, routes } = await createHttp({
    config,
    audit,
    logger: opts.logger,
    authenticate: (request) => authenticate(depsRef.current!, request),
  });
  const log = app.log as FastifyBaseLogger;
  const secrets = createSecretBox(encryptionKey);
  // Durable jobs (escalations, reminders, notification retries) run as the database owner: the job queue keeps its own schema.
  const jobs = new JobQueue(opts.databaseUrl, log, { pollingIntervalSeconds: config.JOBS_POLL_SECONDS });
  const smtp = !opts.notifier && config.SMTP_URL
    ? createSmtpNotifier({ url: config.SMTP_URL, from: config.NOTIFY_FROM!, publicUrl: config.PUBLIC_URL! }) : null;
  const deps: Deps = {
    config,
    db,
    pool,
    queuePool,
    audit,
    notifier: withRetries(opts.notifier ?? smtp ?? createLogNotifier(log, config.TELEMED_MODE, publicUrl(config)), jobs, secrets, log),
    log,
    now: opts.now ?? (() => new Date()),
    sessionCache,
    secrets,
    blobs,
  };
  depsRef.current = deps;

  app.get('/api/health', { schema: { tags: ['system'], summary: 'Liveness' }, config: { access: 'public' } },
    async () => ({ status: 'ok', version: VERSION }));
  app.get('/api/ready', { schema: { tags: ['system'], summary: 'Readiness: database reachable, migrations applied' },
    config: { access: 'public' } }, async (_request, reply) => {
    try {
      await pool.query('SELECT 1');
      const pending = await pendingMigrations(pool);
      if (pending > 0) return reply.status(503).send({ status: 'migrating', pending });
      return { status: 'ready' };
    } catch {
      return reply.status(503).send({ status: 'database_unreachable' });
    }
  });
  let openApi: Record<string, unknown> | null = null;
  app.get('/api/openapi.json', { schema: { tags: ['system'], summary: 'This document' }, config: { access: 'public' } },
    async () => (openApi ??= buildOpenApi(routes, { version: VERSION })));

  registerIdentityRoutes(app, deps);
  registerUserAdminRoutes(app, deps);
  registerFacilityRoutes(app, deps);
  registerPatientRoutes(app, deps);
  registerAuditRoutes(app, deps);
  registerConsultationRoutes(app, deps);
  const uploads = registerAttachmentRoutes(app, deps);
  registerReportRoutes(app, deps);
  registerSchedulingRoutes(app, deps);
  registerQuestionnaireRoutes(app, deps);
  registerMessageRoutes(app, deps);
  const listener = new DbListener(opts.databaseUrl, deps.log);
  watchSessionChanges(listener, sessionCache);
  const presence = new Presence(pool);
  deps.presence = presence;
  const realtime = new RealtimeHub({
    listener, presence, log: deps.log, feeds: [consultationFeed(deps), careMessageFeed(deps)],
    refreshPrincipal: async (p) => (p.sessionHash ? principalForSession(deps, p.sessionHash) : null),
    heartbeatMs: config.REALTIME_HEARTBEAT_SECONDS * 1000, recheckMs: config.REALTIME_RECHECK_SECONDS * 1000,
  });
  registerRealtimeRoutes(app, realtime);
  const visits = new VisitHub(deps, listener, {
    refreshPrincipal: async (p) => (p.sessionHash ? principalForSession(deps, p.sessionHash) : null),
    sfu: new SfuBridge(config, deps.log, encryptionKey),
    sfuFrom: config.SFU_FROM_PARTICIPANTS,
    heartbeatMs: config.REALTIME_HEARTBEAT_SECONDS * 1000,
  });
  registerVisitRoutes(app, deps, visits);
  registerVisitFileRoutes(app, deps, uploads);
  registerRecordingRoutes(app, deps, uploads);

  await listener.start();
  realtime.start();
  visits.start();
  const escalations = new Escalations(deps, jobs);
  const reminders = new Reminders(deps, jobs);
  await jobs.start();
  deps.escalations = escalations;
  deps.reminders = reminders;
  // Timers whose send may have been lost (a crash between a commit and its send) are sent again.
  await escalations.reconcile();
  await reminders.reconcile();

  await app.ready();
  return {
    app,
    deps,
    realtime,
    visits,
    async close() {
      await realtime.stop();
      await visits.stop();
      await app.close();
      await jobs.stop();
      smtp?.close();
      await listener.stop();
      await audit.settle();
      await auditPool.end();
      await queuePool.end();
      await db.destroy();
      blobs.close?.();
    },
  };
}
