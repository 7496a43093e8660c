import os from 'node:os';
import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('127.0.0.1'),
  /** demo: loads the demo network and allows sign-in without two-factor; production: neither. */
  TELEMED_MODE: z.enum(['demo', 'production']).default('demo'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  /** Where the embedded PostgreSQL keeps its data when DATABASE_URL is not set. */
  DATA_DIR: z.string().default('./data'),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).default(5433),
  /** Database role the application acts as after migrations; it cannot change the audit trail. */
  DB_APP_ROLE: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/).default('telemed_app'),
  /**
   * Connections per node. A request holds its connection while waiting on the network and on group commits of the audit
   * log, so a few per core keep PostgreSQL busy; many more only queue inside it. docs/BENCHMARKS.md sweeps the size on the
   * patient read (on 2 cores: 8 gave the lowest p99, 4 and 20 more).
   */
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(Math.max(8, 4 * os.availableParallelism())),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  /** How long a node may reuse a session it checked; changes reach every node at once regardless. */
  SESSION_CACHE_SECONDS: z.coerce.number().int().min(0).max(60).default(5),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
  /** Set when the server is reached over HTTPS (directly or through a proxy): Secure cookies and HSTS. */
  TLS: bool.default(false),
  TRUST_PROXY: bool.default(false),
  BREAK_GLASS_MINUTES: z.coerce.number().int().min(5).max(24 * 60).default(60),
  WEB_DIST: z.string().optional(),
  /**
   * Base64 of 32 random bytes (`openssl rand -base64 32`): encrypts secrets at rest. Required in
   * production; a demo without it keeps a generated key in DATA_DIR.
   */
  ENCRYPTION_KEY: z.base64().refine((k) => Buffer.from(k, 'base64').length === 32, 'must be 32 bytes, base64').optional(),
  /** Local folder for unfinished uploads, and for the sealed blobs with BLOB_STORE=fs; defaults to DATA_DIR/blobs. */
  BLOB_DIR: z.string().optional(),
  /** Where sealed blobs are kept: the local filesystem (BLOB_DIR) or an S3-compatible bucket. */
  BLOB_STORE: z.enum(['fs', 's3']).default('fs'),
  /** The S3 service's origin; AWS's regional endpoint when not set. */
  S3_ENDPOINT: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
    .refine((u) => { const url = new URL(u); return !url.username && !url.password && !url.search && !url.hash; },
      'must be a plain origin (no credentials, query or fragment in it)').optional(),
  S3_REGION: z.string().regex(/^[a-z0-9-]{2,32}$/, 'must be a region name such as us-east-1').default('us-east-1'),
  S3_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a bucket name: 3 to 63 lowercase letters, digits, dots and hyphens').optional(),
  S3_ACCESS_KEY_ID: z.string().regex(/^[\x21-\x7e]+$/, 'must be printable characters without spaces').optional(),
  S3_SECRET_ACCESS_KEY: z.string().regex(/^[\x21-\x7e]+$/, 'must be printable characters without spaces').optional(),
  /** Bucket in the path (`https://host/bucket/key`), as MinIO and most self-hosted stores want; AWS uses the host name. */
  S3_FORCE_PATH_STYLE: bool.default(false),
  /** Prepended to every object name, e.g. `telemed/` to share a bucket. */
  S3_PREFIX: z.string().regex(/^([A-Za-z0-9_.-]+\/)*$/, 'must be empty or folder names each ending in /, e.g. telemed/blobs/').default(''),
  /** Multipart part size; S3 allows parts from 5 MiB. Each write holds at most two parts in memory. */
  S3_PART_SIZE_MB: z.coerce.number().int().min(5).max(512).default(16),
  /** Unfinished uploads older than this are removed (a dropped link has this long to resume). */
  UPLOAD_EXPIRY_HOURS: z.coerce.number().positive().max(24 * 30).default(72),
  /** Requests per minute allowed on write routes, per user or address. */
  WRITE_RATE_LIMIT: z.coerce.number().int().min(1).default(300),
  AUTH_RATE_LIMIT: z.coerce.number().int().min(1).default(20),
  /** Response-time targets: emergency and urgent requests to acceptance, planned ones to conclusion. */
  TARGET_EMERGENCY_ACCEPT_MINUTES: z.coerce.number().positive().default(30),
  TARGET_URGENT_ACCEPT_MINUTES: z.coerce.number().positive().default(240),
  TARGET_PLANNED_CONCLUDE_WORKING_DAYS: z.coerce.number().int().min(1).default(3),
  /** How often a node looks for due jobs (escalation timers); a target is met or missed to within this. */
  JOBS_POLL_SECONDS: z.coerce.number().min(0.5).max(60).default(2),
  // Ping of every real-time connection (a dead link shows as a missing pong) and re-check of its session.
  REALTIME_HEARTBEAT_SECONDS: z.coerce.number().min(1).max(300).default(30),
  REALTIME_RECHECK_SECONDS: z.coerce.number().min(1).max(3600).default(60),
  /**
   * TURN relays for calls that cannot go peer to peer (comma-separated `turn:`/`turns:` URLs), and the
   * secret shared with coturn (`static-auth-secret`): each participant gets credentials of its own
   * that expire after TURN_TTL_SECONDS (the TURN REST API scheme coturn implements).
   */
  TURN_URLS: z.string().regex(/^(turns?|stun):[^\s,]+(,(turns?|stun):[^\s,]+)*$/, 'comma-separated turn:, turns: or stun: URLs').optional(),
  TURN_SECRET: z.string().min(16).optional(),
  TURN_TTL_SECONDS: z.coerce.number().int().min(60).max(24 * 3600).default(1200),
  /**
   * Janus (VideoRoom SFU) for calls of three or more: its WebSocket API (the app is its only client),
   * the API secret, and the VideoRoom admin key rooms are created with. Without JANUS_URL every call
   * stays peer to peer.
   */
  JANUS_URL: z.url({ protocol: /^wss?$/ }).optional(),
  JANUS_API_SECRET: z.string().min(8).optional(),
  JANUS_ADMIN_KEY: z.string().min(8).optional(),
  /** From how many people in a call the media goes through Janus instead of peer to peer. */
  SFU_FROM_PARTICIPANTS: z.coerce.number().int().min(1).max(50).default(3),
  /**
   * Email for people who are not in the app (notices, reminders, password reset): an SMTP server as
   * `smtp://user:password@host:587` or `smtps://user:password@host:465`, the sender, and the app's
   * public address for the links in messages. Without SMTP_URL messages go to the log (demo mode only).
   */
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' }).optional(),
  NOTIFY_FROM: z.email().optional(),
  PUBLIC_URL: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
  /** How long a guest's pass into a visit holds after the link is opened. */
  VISIT_PASS_HOURS: z.coerce.number().min(1).max(72).default(12),
});

export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {}

/** Reads configuration from the environment; a wrong value stops start-up with the variable named. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const picked: Record<string, string> = {};
  for (const key of Object.keys(ConfigSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') picked[key] = value;
  }
  const parsed = ConfigSchema.superRefine((c, ctx) => {
    if (c.TELEMED_MODE === 'production' && !c.ENCRYPTION_KEY) ctx.addIssue({ code: 'custom', path: ['ENCRYPTION_KEY'], message: 'required in production mode' });
    if (c.BLOB_STORE === 's3') {
      for (const name of ['S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const) {
        if (!c[name]) ctx.addIssue({ code: 'custom', path: [name], message: 'required with BLOB_STORE=s3' });
      }
    } else if (c.S3_BUCKET) {
      // Forgetting BLOB_STORE would quietly keep patients' files on local disk.
      ctx.addIssue({ code: 'custom', path: ['BLOB_STORE'], message: 'S3_BUCKET is set: set BLOB_STORE=s3 to use it, or unset S3_BUCKET' });
    }
    if (c.TURN_URLS?.includes('turn') && !c.TURN_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['TURN_SECRET'], message: 'required when TURN_URLS names a TURN server' });
    }
    if (c.SMTP_URL) {
      for (const name of ['NOTIFY_FROM', 'PUBLIC_URL'] as const) {
        if (!c[name]) ctx.addIssue({ code: 'custom', path: [name], message: 'required with SMTP_URL' });
      }
    }
    if (c.JANUS_URL && !(c.JANUS_API_SECRET && c.JANUS_ADMIN_KEY)) {
      ctx.addIssue({ code: 'custom', path: ['JANUS_ADMIN_KEY'], message: 'JANUS_API_SECRET and JANUS_ADMIN_KEY are required with JANUS_URL' });
    }
  }).safeParse(picked);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** The address the app is reached at, for links in messages: PUBLIC_URL, or this machine's port in a demo without it. */
export function publicUrl(config: Pick<Config, 'PUBLIC_URL' | 'PORT'>): string {
  return config.PUBLIC_URL ?? `http://localhost:${config.PORT}`;
}
