import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ATTACHMENT_MAX_BYTES, UploadFileMetadata, Uuid } from '@telemed/contracts';
import { FileStore } from '@tus/file-store';
import { Server } from '@tus/server';
import type { FastifyRequest, FastifySchema } from 'fastify';
import type { z } from 'zod';
import type { Deps } from '../../platform/deps.ts';
import { AppError, forbidden, notFound } from '../../platform/errors.ts';
import type { App } from '../../platform/http.ts';
import type { RouteAccess } from '../../platform/policy.ts';
import { principalOf, requestMeta } from '../identity/routes.ts';
import { openCase } from '../consultations/service.ts';
import { isStagingLocked, lockFileOf, takeStagingLock } from './staging-lock.ts';
import { appendSealed, createSealedStaging, sealedStagedOffset, tailOf, type RunningHash, type SealedStaging } from './sealed-staging.ts';
import { stagingCipher, type StagingCipher } from './staging-cipher.ts';
import { appendToStaging, TooLarge } from './staging-write.ts';
import { SealedUploadRecords, UPLOAD_ID } from './staging-records.ts';

export const UPLOADS_PATH = '/api/uploads';
const EITHER_SIDE = ['consultation.request', 'consultation.handle'] as const;
/** The refusal of a file, or a body, larger than an attachment may be. */
const tooLarge = () => new AppError('attachment_too_large', 413, { params: { max: formatBytes(ATTACHMENT_MAX_BYTES) } });

/** What the server keeps of an upload: the file's metadata and where it goes (written by the server, not the client). */
const StoredMetadata = UploadFileMetadata.extend({ consultationId: Uuid.optional(), visitId: Uuid.optional() });
export type StoredUploadMetadata = typeof StoredMetadata._output;

export interface StagedUpload {
  meta: StoredUploadMetadata;
  size: number;
  offset: number;
  file: string;
  /** How the staged bytes are encrypted (staging-cipher.ts); null for an upload staged in plaintext by an earlier version. */
  cipher: StagingCipher | null;
  /** Staged as the sealed blob it becomes (sealed-staging.ts), under this data key; null for an upload begun by an earlier version. */
  sealed: { key: Buffer; size: number } | null;
  /** The SHA-256 of the staged plaintext if this node hashed every byte as it came (null: the commit hashes the file). */
  digest: string | null;
}

/**
 * Set by the server in an upload's stored metadata, how its bytes are staged: `sealed1`, sealed as the
 * blob it becomes (sealed-staging.ts). Uploads begun by an earlier version are still resumed and
 * committed: `ctr1`, the whole file AES-256-CTR under the upload's own key; none, plaintext.
 */
const STAGING_SCHEME = 'sealed1';
const CTR_SCHEME = 'ctr1';

/** Running hashes kept per node: enough for every upload in progress; the oldest go first (their commit then reads the file). */
const RUNNING_HASHES = 2000;

/**
 * The tus file store, with the offset of a sealed staging file read from its chunks and its tail
 * (a sealed file's size is not its plaintext's), a new one starting with the blob's header, and the
 * tail removed with the upload.
 */
class StagingStore extends FileStore {
  readonly folder: string;
  readonly sealing: (id: string) => SealedStaging;

  constructor(options: ConstructorParameters<typeof FileStore>[0] & { directory: string }, sealing: (id: string) => SealedStaging) {
    super(options);
    this.folder = options.directory;
    this.sealing = sealing;
  }

  override async create(file: Parameters<FileStore['create']>[0]) {
    const created = await super.create(file);
    if (file.metadata?.staging === STAGING_SCHEME && file.size !== undefined) {
      await createSealedStaging(path.join(this.folder, file.id), file.size, this.sealing(file.id).key);
    }
    return created;
  }

  override async getUpload(id: string) {
    const upload = await super.getUpload(id);
    if (upload.metadata?.staging === STAGING_SCHEME && upload.size !== undefined) {
      upload.offset = await sealedStagedOffset(path.join(this.folder, id), upload.size);
    }
    return upload;
  }

  override async remove(id: string) {
    await fs.promises.rm(tailOf(path.join(this.folder, id)), { force: true });
    await super.remove(id);
  }
}

/** What every upload declares; an endpoint may take other types than a case's and a visit's files (a recording: WebM). */
export type UploadFileBase = { filename: string; filetype: string; sha256: string };

/**
 * A tus endpoint for one kind of destination (a case, a visit): who may start an upload there and
 * who owns it. Every endpoint shares the one staging folder, size limit, type list and PATCH path.
 */
export interface UploadEndpoint<F extends UploadFileBase = UploadFileMetadata> {
  /** Fastify URL of the creation route; `/:uploadId` is added for HEAD, PATCH and DELETE. */
  url: string;
  access: RouteAccess;
  /** Guests (a visit pass, no session) may write here too (policy.mayGuestCall). */
  guestWrites?: boolean;
  tags: string[];
  summaries: { create: string; resume: string };
  params?: { create: FastifySchema['params']; resume: FastifySchema['params'] };
  /** What a client declares here, if not a case's or a visit's file (UploadFileMetadata). */
  fileMetadata?: z.ZodType<F>;
  /**
   * The caller may start an upload of `file` here (else it throws): returns the owner the server
   * records and what it adds to the upload's metadata (where it goes).
   */
  authorizeCreate(request: FastifyRequest, file: F, raw: Record<string, string>):
    Promise<{ owner: string; metadata: Record<string, string> }>;
  /** The caller as an owner of uploads at this endpoint (null: none may be resumed). */
  ownerOf(request: FastifyRequest): Promise<string | null>;
}

export interface Uploads {
  store: FileStore;
  directory: string;
  /** The finished upload's metadata, if `uploadId` belongs to `owner` (a user id, or a visit's `participantOwner`); null otherwise. */
  ownedUpload(uploadId: string, owner: string): Promise<StagedUpload | null>;
  /** Any upload of `owner`'s, its metadata as stored (an endpoint with a metadata of its own reads it itself). */
  ownedStaged(uploadId: string, owner: string): Promise<(Omit<StagedUpload, 'meta'> & { metadata: Record<string, string> }) | null>;
  remove(uploadId: string): Promise<void>;
  removeExpired(): Promise<number>;
  /** Mounts another tus endpoint on the same staging store (visits mount theirs under the visit's API, where a guest's pass reaches). */
  registerEndpoint<F extends UploadFileBase = UploadFileMetadata>(endpoint: UploadEndpoint<F>): void;
}

/**
 * Removes staged uploads older than `maxAgeMs`, finished or not: a file that was never committed
 * (a link that never came back, a user who gave up) is bytes nobody needs. Also removes a data
 * file left without its record, or a record without its file. Returns how many uploads went.
 */
export async function sweepStaging(directory: string, maxAgeMs: number, now: Date): Promise<number> {
  const names = await fs.promises.readdir(directory).catch(() => [] as string[]);
  const ids = new Set(names.map((n) => n.replace(/\.(json|tail|lock)$/, '')).filter((id) => UPLOAD_ID.test(id)));
  let removed = 0;
  for (const id of ids) {
    const file = path.join(directory, id);
    const record = await fs.promises.readFile(`${file}.json`, 'utf8').then((t) => JSON.parse(t) as { creation_date?: string }, () => null);
    const created = record?.creation_date ? Date.parse(record.creation_date)
      : await fs.promises.stat(file).then((s) => s.mtimeMs, () => Number.NaN);
    if (Number.isNaN(created) || now.getTime() - created <= maxAgeMs) continue;
    await fs.promises.rm(file, { force: true });
    await fs.promises.rm(tailOf(file), { force: true });
    await fs.promises.rm(`${file}.json`, { force: true });
    await fs.promises.rm(lockFileOf(file), { force: true });
    removed++;
  }
  return removed;
}

/**
 * The staging folder holds uploads in progress (encrypted, staging-cipher.ts and staging-records.ts):
 * still, only the server's own user may list or read it, whatever the umask (the tus store would create it 0777 & ~umask). A folder from an earlier version is tightened.
 */
function prepareStaging(directory: string, log: Deps['log']): void {
  fs.mkdirSync(directory, { recursive: true, mode: 0o700 });
  try {
    fs.chmodSync(path.dirname(directory), 0o700);
    fs.chmodSync(directory, 0o700);
  } catch (err) {
    // Some shared volumes refuse chmod: uploads still work, the volume's own permissions then apply.
    log.warn({ err: { code: (err as { code?: string }).code } }, 'staging folder permissions not restricted');
  }
}

/** tus Upload-Metadata: comma-separated `key base64(value)` pairs. */
export function parseUploadMetadata(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of (header ?? '').split(',')) {
    const [key, value] = pair.trim().split(' ');
    if (!key) continue;
    out[key] = value ? Buffer.from(value, 'base64').toString('utf8') : '';
  }
  return out;
}

const encodeMetadata = (m: Record<string, string>) =>
  Object.entries(m).map(([k, v]) => `${k} ${Buffer.from(v, 'utf8').toString('base64')}`).join(',');

function headerOf(request: FastifyRequest, name: string): string | undefined {
  const v = request.headers[name];
  return typeof v === 'string' ? v : undefined;
}

/** Replaces a request header where tus reads it (the parsed and the raw list alike). */
function setHeader(request: FastifyRequest, name: string, value: string): void {
  request.raw.headers[name] = value;
  const raw = request.raw.rawHeaders;
  for (let i = raw.length - 2; i >= 0; i -= 2) if (raw[i].toLowerCase() === name) raw.splice(i, 2);
  raw.push(name, value);
}

export function formatBytes(n: number): string {
  return n >= 1024 ** 3 ? `${(n / 1024 ** 3).toFixed(0)} GB` : `${(n / 1024 ** 2).toFixed(0)} MB`;
}

/**
 * The tus endpoint (resumable uploads). Unfinished uploads sit in a staging folder next to the
 * blobs until the client commits them to a case (see service.ts), which verifies, seals and
 * removes them. Fastify authenticates every request first (session + CSRF on writes, as for any
 * route); only the user who created an upload may resume, read the offset of, or commit it.
 */
export function registerUploadRoutes(app: App, deps: Deps, blobDir: string): Uploads {
  const directory = path.join(blobDir, 'incoming');
  const expiryMs = deps.config.UPLOAD_EXPIRY_HOURS * 3_600_000;
  prepareStaging(directory, deps.log);
  const ctrCipher = (id: string) => stagingCipher(deps.secrets.deriveKey(`staging:${id}`));
  const sealing = (id: string): SealedStaging => ({ key: deps.secrets.deriveKey(`staging-blob:${id}`), tail: ctrCipher(id) });
  const store = new StagingStore({ directory, expirationPeriodInMilliseconds: expiryMs,
    configstore: new SealedUploadRecords(directory, deps.secrets) }, sealing);
  const tus = new Server({
    path: UPLOADS_PATH,
    datastore: store,
    maxSize: ATTACHMENT_MAX_BYTES,
    // The Location is relative (the server never trusts the Host header to build it) and under the
    // endpoint the upload was created at: a visit's uploads stay under the visit's API.
    relativeLocation: true,
    generateUrl: (req, { id }) => `${new URL(req.url, 'http://local').pathname.replace(/\/$/, '')}/${id}`,
  });

  // Uploads being written on this node: tus allows one PATCH at a time per upload.
  const writing = new Map<string, Promise<unknown>>();
  // The SHA-256 of each upload's bytes so far, taken in as they arrive on this node.
  const hashes = new Map<string, RunningHash>();
  const runningHash = (id: string, offset: number): RunningHash | null => {
    const known = hashes.get(id);
    if (known && known.offset === offset) return known;
    hashes.delete(id);
    if (offset !== 0) return null;
    const fresh = { hash: createHash('sha256'), offset: 0 };
    hashes.set(id, fresh);
    if (hashes.size > RUNNING_HASHES) hashes.delete(hashes.keys().next().value!);
    return fresh;
  };
  const digestOf = (id: string, size: number) => {
    const known = hashes.get(id);
    return known && known.offset === size ? known.hash.copy().digest('hex') : null;
  };
  const settled = async (id: string) => {
    const current = writing.get(id);
    if (current) {
      await Promise.race([current.catch(() => {}), new Promise((r) => setTimeout(r, 10_000).unref())]);
      return;
    }
    // Or on another node that shares the staging folder: its lock file says so (staging-lock.ts).
    const file = path.join(directory, id);
    for (const until = Date.now() + 10_000; Date.now() < until && await isStagingLocked(file);) {
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  /**
   * tus PATCH, appended to the staging file straight from the Node request (staging-write.ts).
   * `@tus/server` handles creation, HEAD and DELETE; its PATCH adapts the body to a web stream and
   * back, and the file store writes chunk by chunk, which together cost most of the upload's speed on
   * a big file (docs/BENCHMARKS.md). The file store still owns the staging folder: an upload's offset
   * is its file's size.
   */
  const patchUpload = async (request: FastifyRequest, reply: import('fastify').FastifyReply, id: string,
    upload: { size: number; cipher: StagingCipher | null; sealed: { key: Buffer } | null }) => {
    const tusHeaders = { 'Tus-Resumable': '1.0.0', 'Cache-Control': 'no-store' };
    if (headerOf(request, 'tus-resumable') !== '1.0.0') return reply.status(412).headers({ 'Tus-Version': '1.0.0' }).send();
    if (headerOf(request, 'content-type') !== 'application/offset+octet-stream') throw new AppError('unsupported_media_type', 415);
    const offset = Number(headerOf(request, 'upload-offset'));
    if (writing.has(id)) return reply.status(423).headers(tusHeaders).send();
    const file = path.join(directory, id);
    // One writer across the nodes too (staging-lock.ts).
    const lock = await takeStagingLock(file);
    if (!lock) return reply.status(423).headers(tusHeaders).send();
    const room = upload.size - offset;
    let next: number;
    try {
      // Where the upload stands, read under the lock: a write here or on another node may have just settled.
      const current = (await store.getUpload(id)).offset;
      if (!Number.isSafeInteger(offset) || offset !== current) {
        return reply.status(409).headers({ ...tusHeaders, 'Upload-Offset': String(current) }).send();
      }
      const write = upload.sealed ? appendSealed(file, request.raw, offset, upload.size, sealing(id), runningHash(id, offset))
        : appendToStaging(file, request.raw, offset, room, upload.cipher);
      writing.set(id, write);
      next = await write.catch(async (err: unknown) => {
        // Nothing beyond the declared length is written.
        if (err instanceof TooLarge) throw tooLarge();
        // A dropped link keeps what arrived: the client asks HEAD for the offset and goes on from there.
        return (await store.getUpload(id)).offset;
      });
    } finally {
      // Released before the answer: the client's next request, on any node, finds the upload free.
      writing.delete(id);
      await lock.release();
    }
    return reply.status(204).headers({ ...tusHeaders, 'Upload-Offset': String(next) }).send();
  };

  const uploads: Uploads = {
    store,
    directory,
    async ownedUpload(uploadId, owner) {
      const staged = await uploads.ownedStaged(uploadId, owner);
      const meta = StoredMetadata.safeParse(staged?.metadata);
      if (!staged || !meta.success) return null;
      return { meta: meta.data, size: staged.size, offset: staged.offset, file: staged.file, cipher: staged.cipher, sealed: staged.sealed,
        digest: staged.digest };
    },
    async ownedStaged(uploadId, owner) {
      if (!UPLOAD_ID.test(uploadId)) return null;
      const upload = await store.getUpload(uploadId).catch(() => null);
      if (!upload || upload.metadata?.owner !== owner || upload.size === undefined) return null;
      const scheme = upload.metadata.staging;
      const sealed = scheme === STAGING_SCHEME ? { key: sealing(uploadId).key, size: upload.size } : null;
      const cipher = scheme === CTR_SCHEME ? ctrCipher(uploadId) : null;
      return { metadata: upload.metadata as Record<string, string>, size: upload.size, offset: upload.offset, file: path.join(directory, uploadId),
        cipher, sealed, digest: sealed ? digestOf(uploadId, upload.size) : null };
    },
    remove: (uploadId) => {
      hashes.delete(uploadId);
      return store.remove(uploadId).catch(() => {});
    },
    removeExpired: () => sweepStaging(directory, expiryMs, deps.now()),
    registerEndpoint: (endpoint) => mount(endpoint),
  };

  const handlerFor = <F extends UploadFileBase>(endpoint: UploadEndpoint<F>) => async (request: FastifyRequest<{ Params: { uploadId?: string } }>,
    reply: import('fastify').FastifyReply) => {
    if (request.method === 'POST') {
      const length = Number(headerOf(request, 'upload-length'));
      // Deferred lengths are refused: size is checked before the first byte is accepted.
      if (!Number.isSafeInteger(length) || length < 0) throw new AppError('validation', 400);
      if (length > ATTACHMENT_MAX_BYTES) throw tooLarge();
      // Bytes come only by PATCH, which encrypts them: tus's creation-with-upload would stage them as sent.
      if (headerOf(request, 'content-type') === 'application/offset+octet-stream' || Number(headerOf(request, 'content-length') ?? 0) > 0) {
        throw new AppError('unsupported_media_type', 415);
      }
      const raw = parseUploadMetadata(headerOf(request, 'upload-metadata'));
      // The default describes a case's or a visit's file, which is what F is when an endpoint gives no schema of its own.
      const parsed = (endpoint.fileMetadata ?? (UploadFileMetadata as unknown as z.ZodType<F>)).safeParse(raw);
      if (!parsed.success) {
        const typeProblem = parsed.error.issues.some((i) => i.path[0] === 'filetype') && raw.filetype !== undefined;
        if (typeProblem) throw new AppError('attachment_type_refused', 415);
        throw new AppError('validation', 400, { errors: parsed.error.issues.map((i) => ({ path: `metadata.${String(i.path[0])}`, code: 'invalid', message: '' })) });
      }
      const { owner, metadata } = await endpoint.authorizeCreate(request, parsed.data, raw);
      // The owner and the destination are written by the server, never taken from the client.
      setHeader(request, 'upload-metadata', encodeMetadata({ ...parsed.data, ...metadata, owner, staging: STAGING_SCHEME }));
    } else {
      const id = request.params.uploadId ?? '';
      const owner = await endpoint.ownerOf(request);
      const owned = owner ? await uploads.ownedStaged(id, owner) : null;
      if (!owner || !owned) throw notFound();
      // A write cut off by a dropped link may still be settling: what HEAD or the next PATCH sees is what it left.
      await settled(id);
      if (request.method === 'PATCH') return patchUpload(request, reply, id, owned);
    }
    reply.hijack();
    await tus.handle(request.raw, reply.raw);
  };

  const mount = <F extends UploadFileBase>(endpoint: UploadEndpoint<F>) => app.register(async (scope) => {
    // The body is a raw byte stream that tus reads itself, however large.
    scope.addContentTypeParser('application/offset+octet-stream', (_req, _payload, done) => done(null));
    const config = { access: endpoint.access, guestWrites: endpoint.guestWrites };
    const handler = handlerFor(endpoint);
    const { tags, summaries, params } = endpoint;
    scope.route({ method: 'POST', url: endpoint.url, config, handler,
      schema: { tags, summary: summaries.create, ...(params ? { params: params.create } : {}) } });
    scope.route({ method: ['HEAD', 'PATCH', 'DELETE'], url: `${endpoint.url}/:uploadId`, config, handler,
      schema: { tags, summary: summaries.resume, ...(params ? { params: params.resume } : {}) } });
  });

  mount({
    url: UPLOADS_PATH,
    access: EITHER_SIDE,
    tags: ['attachments'],
    summaries: { create: 'Start a resumable upload (tus 1.0 creation; Upload-Metadata: consultationId, filename, filetype, sha256)',
      resume: 'Where an upload stopped (HEAD), send from that offset (PATCH), or abandon it (DELETE) — tus 1.0' },
    async authorizeCreate(request, _file, raw) {
      const consultationId = Uuid.safeParse(raw.consultationId);
      if (!consultationId.success) {
        throw new AppError('validation', 400, { errors: [{ path: 'metadata.consultationId', code: 'invalid', message: '' }] });
      }
      const principal = principalOf(request);
      const access = await openCase(deps, principal, consultationId.data, requestMeta(request), { action: 'attachment.upload' });
      if (access.sides.length === 0) throw forbidden();
      return { owner: principal.userId, metadata: { consultationId: consultationId.data } };
    },
    ownerOf: async (request) => principalOf(request).userId,
  });
  return uploads;
}
