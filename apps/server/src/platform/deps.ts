import type { FastifyBaseLogger } from 'fastify';
import type pg from 'pg';
import type { AuditLog } from './audit.ts';
import type { BlobStore } from './blob-store.ts';
import type { Config } from './config.ts';
import type { Db } from './db.ts';
import type { Notifier } from './notifier.ts';
import type { Presence } from './presence.ts';
import type { SecretBox } from './secret-box.ts';
import type { SessionCache } from './session-cache.ts';

/** Everything a use case may need, built once by main.ts (or by a test) and passed down. */
export interface Deps {
  config: Config;
  db: Db;
  pool: pg.Pool;
  /**
   * Connections that keep one generic plan for every named statement: the queue's statements read
   * an index in the list's order and stop after a page whatever the values, so planning them again
   * at each execution (PostgreSQL's choice for some filters) only costs time. Falls back to `pool`.
   */
  queuePool?: pg.Pool;
  audit: AuditLog;
  notifier: Notifier;
  log: FastifyBaseLogger;
  now(): Date;
  /** Recently checked sessions (see modules/identity/session-cache.ts). */
  sessionCache: SessionCache;
  /** Seals secrets kept in the database (AES-256-GCM). */
  secrets: SecretBox;
  /** Sealed blobs (attachments); each blob's data key is sealed by `secrets`. */
  blobs: BlobStore;
  /** Durable response-time timers (modules/consultations/escalation.ts); absent in tools that only read. */
  escalations?: { schedule(consultationId: string, dueAt: Date): Promise<void> };
  /** Durable appointment reminders (modules/scheduling/reminders.ts); absent in tools that only read. */
  reminders?: { schedule(appointment: { id: string; starts_at: Date }): Promise<void>; cancel(appointmentId: string): Promise<void> };
  /** Who has the app open (platform/presence.ts); absent in tools without the real-time channel. */
  presence?: Presence;
}

/** Who asks and from where: what the audit trail records about a request. */
export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
  purpose?: string | null;
}
