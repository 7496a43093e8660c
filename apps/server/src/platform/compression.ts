import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { ApiTokenCreated, InviteCreated, SessionInfo, TotpEnrolment } from '@telemed/contracts';

/**
 * API answers are JSON text, and on a district hospital's link a 35 KB queue page is most of a
 * second: answers of at least MIN_BYTES go out Brotli-compressed (or gzip for a client without
 * Brotli). Brotli at quality 4 compresses JSON better than gzip's default at about its speed; larger
 * qualities cost several times the CPU for a few per cent. The web app's own files are compressed
 * once at build time (apps/web/scripts/compress.ts), not here.
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

/** The encoding to answer in from an Accept-Encoding header: br, else gzip, else none (`q=0` refuses one). */
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
  if (weightOf('br') > 0 && weightOf('br') >= weightOf('gzip')) return 'br';
  if (weightOf('gzip') > 0) return 'gzip';
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
  return input.length > ASYNC_BYTES ? gzipAsync(input) : zlib.gzipSync(input);
}
