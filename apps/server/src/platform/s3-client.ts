import http from 'node:http';
import https from 'node:https';
import { buffer } from 'node:stream/consumers';
import { canonicalQuery, EMPTY_SHA256, encodeKeyPath, sha256Hex, signRequest } from './s3-signer.ts';

/**
 * The few S3 REST calls the blob store makes, over Node's own HTTP client: responses stay Node
 * streams (no web-stream adaptation on the read path) and every request is signed with SigV4
 * (s3-signer.ts). Bodies are buffers of at most one multipart part, hashed for the signature.
 */
export interface S3Settings {
  endpoint: URL;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** `https://host/bucket/key` instead of `https://bucket.host/key` (MinIO, Ceph, most self-hosted stores). */
  forcePathStyle: boolean;
}

export interface S3Request {
  method: 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE';
  /** Object name (not encoded); absent for a request on the bucket itself. */
  key?: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: Buffer;
}

export interface S3Response {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A refusal or failure reported by the store, with S3's error code (NoSuchBucket, AccessDenied …). */
export class S3Error extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'S3Error';
    this.status = status;
    this.code = code;
  }
}

const RETRY_STATUS = new Set([500, 502, 503, 504]);
const RETRY_NETWORK = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNREFUSED', 'EAI_AGAIN', 'UND_ERR_SOCKET']);
const ATTEMPTS = 4;
const IDLE_TIMEOUT_MS = 120_000;

const STATUS_CODES: Record<number, string> = { 403: 'AccessDenied', 404: 'NotFound', 412: 'PreconditionFailed' };

/** S3 errors are `<Error><Code>…</Code><Message>…</Message></Error>`; HEAD answers carry no body. */
export function errorFrom(status: number, body: Buffer): S3Error {
  const text = body.toString('utf8');
  const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1] ?? STATUS_CODES[status] ?? `HTTP${status}`;
  const message = /<Message>([^<]*)<\/Message>/.exec(text)?.[1] ?? http.STATUS_CODES[status] ?? 'S3 request failed';
  return new S3Error(status, code, `S3 ${code}: ${message}`);
}

export const xmlValue = (xml: string, tag: string) => new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml)?.[1];

export interface S3Client {
  readonly settings: S3Settings;
  /** Sends a request and returns the response head with its body still streaming (GET of an object). */
  open(req: S3Request): Promise<http.IncomingMessage>;
  /** Sends a request and reads the whole (small) answer; retried on network errors and 5xx. */
  call(req: S3Request): Promise<S3Response>;
  close(): void;
}

export function createS3Client(settings: S3Settings): S3Client {
  const secure = settings.endpoint.protocol === 'https:';
  const agent = secure ? new https.Agent({ keepAlive: true, maxSockets: 64 }) : new http.Agent({ keepAlive: true, maxSockets: 64 });
  const base = settings.endpoint.pathname.replace(/\/+$/, '');
  const host = settings.forcePathStyle ? settings.endpoint.host : `${settings.bucket}.${settings.endpoint.host}`;

  const once = (req: S3Request) => new Promise<http.IncomingMessage>((resolve, reject) => {
    const objectPath = req.key === undefined ? '' : `/${encodeKeyPath(req.key)}`;
    const path = settings.forcePathStyle ? `${base}/${settings.bucket}${objectPath}` : `${base}${objectPath || '/'}`;
    const signed = signRequest({
      method: req.method, path, query: req.query, headers: req.headers, host,
      payloadHash: req.body ? sha256Hex(req.body) : EMPTY_SHA256,
      region: settings.region, accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey, now: new Date(),
    });
    const query = canonicalQuery(req.query);
    const outgoing = (secure ? https : http).request({
      protocol: settings.endpoint.protocol, hostname: settings.forcePathStyle ? settings.endpoint.hostname : `${settings.bucket}.${settings.endpoint.hostname}`,
      port: settings.endpoint.port || undefined, method: req.method, path: query ? `${path}?${query}` : path, agent,
      headers: { ...signed.headers, 'content-length': String(req.body?.length ?? 0) },
    }, resolve);
    outgoing.setTimeout(IDLE_TIMEOUT_MS, () => outgoing.destroy(Object.assign(new Error('S3 request timed out'), { code: 'ETIMEDOUT' })));
    outgoing.on('error', reject);
    outgoing.end(req.body);
  });

  const retrying = async (req: S3Request): Promise<http.IncomingMessage> => {
    for (let attempt = 1; ; attempt++) {
      let res: http.IncomingMessage;
      try {
        res = await once(req);
      } catch (err) {
        if (attempt >= ATTEMPTS || !RETRY_NETWORK.has((err as { code?: string }).code ?? '')) throw err;
        await backOff(attempt);
        continue;
      }
      if (attempt >= ATTEMPTS || !RETRY_STATUS.has(res.statusCode ?? 0)) return res;
      res.resume();
      await backOff(attempt);
    }
  };

  return {
    settings,
    open: retrying,
    async call(req) {
      const res = await retrying(req);
      return { status: res.statusCode ?? 0, headers: res.headers, body: await buffer(res) };
    },
    close: () => agent.destroy(),
  };
}

// 0.2 s, 0.4 s, 0.8 s: S3 answers 503 SlowDown when a prefix is busy and asks for exactly this.
const backOff = (attempt: number) => new Promise((r) => setTimeout(r, 100 * 2 ** attempt));
