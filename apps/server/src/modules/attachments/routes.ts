import path from 'node:path';
import { Attachment, AttachmentCommit, AttachmentContentQuery, AttachmentList, AttachmentParams, IdParams } from '@telemed/contracts';
import type { FastifyReply } from 'fastify';
import { blobRoot } from '../../platform/blob-store.ts';
import type { Deps } from '../../platform/deps.ts';
import type { App } from '../../platform/http.ts';
import { principalOf, requestMeta } from '../identity/routes.ts';
import { commitUpload, listAttachments, openAttachment, type AttachmentPart } from './service.ts';
import { registerUploadRoutes } from './uploads.ts';

const EITHER_SIDE = ['consultation.request', 'consultation.handle'] as const;
// Types a browser shows itself (PDF viewer, images); anything else is always a download.
const INLINE = new Set(['application/pdf', 'image/jpeg', 'image/png', 'image/webp', 'image/gif', 'text/plain']);
/**
 * An attachment is shown by the browser's own viewer, in a tab or a frame of the app: no script,
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

export function registerAttachmentRoutes(app: App, deps: Deps): void {
  const blobDir = blobRoot(deps.config);
  const uploads = registerUploadRoutes(app, deps, path.join(blobDir, 'staging'));
  // Uploads never committed (a link that never came back) are removed once they expire: at start
  // (a node that was down for days) and hourly.
  const removeExpired = () => {
    uploads.removeExpired().catch((err: Error) => deps.log.warn({ err: { type: err.name } }, 'expired uploads not removed'));
  };
  removeExpired();
  const sweep = setInterval(removeExpired, 3_600_000);
  sweep.unref();
  app.addHook('onClose', async () => clearInterval(sweep));
  const tags = ['attachments'];

  app.post('/api/consultations/:id/attachments', {
    schema: { tags, summary: 'Attach a finished upload to the case (or one of its messages); its SHA-256 and type are verified',
      params: IdParams, body: AttachmentCommit, response: { 201: Attachment } },
    config: { access: EITHER_SIDE },
  }, async (request, reply) => reply.status(201)
    .send(await commitUpload(deps, uploads, principalOf(request), request.params.id, request.body, requestMeta(request))));

  app.get('/api/consultations/:id/attachments', {
    schema: { tags, summary: 'The case’s attachments, oldest first', params: IdParams, response: { 200: AttachmentList } },
    config: { access: EITHER_SIDE },
  }, async (request) => listAttachments(deps, principalOf(request), request.params.id, requestMeta(request)));

  const serve = (part: AttachmentPart) => async (request: { params: { id: string; attachmentId: string }; query: unknown;
    headers: Record<string, string | string[] | undefined> }, reply: FastifyReply, principal: ReturnType<typeof principalOf>,
  meta: ReturnType<typeof requestMeta>) => {
    const download = Boolean((request.query as { download?: string } | undefined)?.download);
    const rangeHeader = typeof request.headers.range === 'string' ? request.headers.range : undefined;
    // The size is needed to read a suffix range; the row is looked up again inside, after the access check.
    const size = rangeHeader ? Number((await deps.db.selectFrom('consultation_attachment').select('size')
      .where('id', '=', request.params.attachmentId).executeTakeFirst())?.size ?? 0) : 0;
    const opened = await openAttachment(deps, principal, request.params.id, request.params.attachmentId, part,
      part === 'content' ? parseRange(rangeHeader, size) : null, meta);
    reply.header('cache-control', 'private, no-store').header('content-security-policy', CONTENT_CSP).header('accept-ranges', 'bytes');
    if (opened.unsatisfiable) return reply.status(416).header('content-range', `bytes */${opened.size}`).send();
    const inline = part === 'thumbnail' || (INLINE.has(opened.row.media_type) && !download);
    reply.type(opened.mediaType).header('content-disposition', contentDisposition(inline ? 'inline' : 'attachment',
      part === 'thumbnail' ? `${opened.row.file_name}.webp` : opened.row.file_name));
    if (opened.range) {
      reply.status(206).header('content-range', `bytes ${opened.range.start}-${opened.range.end}/${opened.size}`)
        .header('content-length', opened.range.end - opened.range.start + 1);
    } else {
      reply.header('content-length', opened.size);
    }
    return reply.send(opened.stream);
  };

  app.get('/api/consultations/:id/attachments/:attachmentId/content', {
    schema: { tags, summary: 'The file (inline for PDF and images unless download=1; byte ranges for previews)', params: AttachmentParams,
      querystring: AttachmentContentQuery },
    config: { access: EITHER_SIDE },
  }, async (request, reply) => serve('content')(request, reply, principalOf(request), requestMeta(request)));

  app.get('/api/consultations/:id/attachments/:attachmentId/thumbnail', {
    schema: { tags, summary: 'A small WebP preview of an image attachment, for slow links', params: AttachmentParams },
    config: { access: EITHER_SIDE },
  }, async (request, reply) => serve('thumbnail')(request, reply, principalOf(request), requestMeta(request)));
}
