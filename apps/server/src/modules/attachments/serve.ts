import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { AttachmentPart } from './service.ts';

// Types a browser shows itself (PDF viewer, images); anything else is always a download.
const INLINE = new Set(['application/pdf', 'image/jpeg', 'image/png', 'image/webp', 'image/gif', 'text/plain']);
/**
 * A stored file is shown by the browser's own viewer, in a tab or a frame of the app: no script,
 * nothing loaded from elsewhere, framed only by this origin.
 */
const CONTENT_CSP = "default-src 'none'; img-src 'self' data: blob:; style-src 'unsafe-inline'; object-src 'self'; frame-ancestors 'self'";

/** A single `bytes=a-b`, `bytes=a-` or `bytes=-n` range; anything else is served whole. */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | null {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header ?? '');
  if (!m || (m[1] === '' && m[2] === '')) return null;
  if (m[1] === '') return { start: Math.max(0, size - Number(m[2])), end: size - 1 };
  return { start: Number(m[1]), end: m[2] === '' ? size - 1 : Number(m[2]) };
}

function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export type OpenedFile = { size: number; unsatisfiable: true } | { size: number; unsatisfiable: false; range: { start: number; end: number } | null;
  stream: Readable; mediaType: string };

/** Sends a stored file (or its thumbnail) opened for the caller: never cached, inline only where the browser shows it safely. */
export function sendStoredFile(reply: FastifyReply, opened: OpenedFile, file: { fileName: string; mediaType: string }, part: AttachmentPart,
  download: boolean) {
  reply.header('cache-control', 'private, no-store').header('content-security-policy', CONTENT_CSP).header('accept-ranges', 'bytes');
  if (opened.unsatisfiable) return reply.status(416).header('content-range', `bytes */${opened.size}`).send();
  const inline = part === 'thumbnail' || (INLINE.has(file.mediaType) && !download);
  reply.type(opened.mediaType).header('content-disposition', contentDisposition(inline ? 'inline' : 'attachment',
    part === 'thumbnail' ? `${file.fileName}.webp` : file.fileName));
  if (opened.range) {
    reply.status(206).header('content-range', `bytes ${opened.range.start}-${opened.range.end}/${opened.size}`)
      .header('content-length', opened.range.end - opened.range.start + 1);
  } else {
    reply.header('content-length', opened.size);
  }
  return reply.send(opened.stream);
}
