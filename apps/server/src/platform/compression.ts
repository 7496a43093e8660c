import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { ApiTokenCreated, InviteCreated, SessionInfo, TotpEnrolment } from '@telemed/contracts';

/**
 * API answers are JSON text, and on a district hospital's link a 35 KB queue page is most of a
 * second: answers of at least MIN_BYTES go out gzip-compressed at level 3 (Brotli for a client that
 * takes only Brotli). Measured on a 35 KB queue page (docs/BENCHMARKS.md): gzip 3 makes 5.9 KB in
 * 0.12 ms, Brotli 4 5.4 KB in 0.27 ms; on a 2-core server the CPU counts more than the last half
 * kilobyte. The web app's own files are Brotli at quality 11, once at build time
 * (apps/web/scripts/compress.ts), not here.
 *
 * An answer that carries a secret is never compressed (BREACH: an attacker who can put text into a
 * compressed answer beside a secret and watch its length over TLS can guess the secret). Those are the
 * answers of the schemas below, found from each route's response schema, so a new route that returns
 * one is covered without anyone remembering to mark it.
 */
export const MIN_BYTES = 1024;
/** Above this an answer is compressed on libuv's thread pool rather than on the event loop. */
const ASYNC_BYTES = 64 * 1024;
const SECRET_SCHEMAS: ReadonlySet<unknown> = new Set([SessionInfo, TotpEnrolment, ApiTokenCreated, InviteCreated]);
const COMPRESSIBLE = /^application\/(?:problem\+)?json\b/;

const brotliAsync = promisify(zlib.brotliCompress);
const gzipAsync = promisify(zlib.gzip);

export type Encoding = 'br' | 'gzip';

/** Whether any of a route's response schemas carries a secret. */
export function carriesSecret(response: unknown): boolean {
  if (!response || typeof response !== 'object') return false;
  return Object.values(response as Record<string, unknown>).some((schema) => SECRET_SCHEMAS.has(schema));
}

/** The encoding to answer in from an Accept-Encoding header: gzip, else br, else none (`q=0` refuses one; a higher q wins). */
export function chooseEncoding(header: string | string[] | undefined): Encoding | null {
  if (!header) return null;
  const accepted = new Map<string, number>();
  for (const part of (Array.isArray(header) ? header.join(',') : header).split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const weight = q ? Number(q.slice(2)) : 1;
    accepted.set(name, Number.isFinite(weight) ? weight : 0);
  }
  const weightOf = (name: Encoding) => accepted.get(name) ?? accepted.get('*') ?? 0;
  if (weightOf('gzip') > 0 && weightOf('gzip') >= weightOf('br')) return 'gzip';
  if (weightOf('br') > 0) return 'br';
  return null;
}

export function isCompressible(contentType: unknown): boolean {
  return typeof contentType === 'string' && COMPRESSIBLE.test(contentType);
}

export async function compress(text: string, encoding: Encoding): Promise<Buffer> {
  const input = Buffer.from(text, 'utf8');
  if (encoding === 'br') {
    const options = { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: input.length,
      [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT } };
    return input.length > ASYNC_BYTES ? brotliAsync(input, options) : zlib.brotliCompressSync(input, options);
  }
  const options = { level: 3 };
  return input.length > ASYNC_BYTES ? gzipAsync(input, options) : zlib.gzipSync(input, options);
}
