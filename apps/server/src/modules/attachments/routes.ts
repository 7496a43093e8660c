import path from 'node:path';
import { Attachment, AttachmentCommit, AttachmentContentQuery, AttachmentList, AttachmentParams, IdParams } from '@telemed/contracts';
import type { FastifyReply } from 'fastify';
import { blobRoot } from '../../platform/blob-store.ts';
import type { Deps } from '../../platform/deps.ts';
import type { App } from '../../platform/http.ts';
import { principalOf, requestMeta } from '../identity/routes.ts';
import { commitUpload, listAttachments, openAttachment, type AttachmentPart } from './service.ts';
import { parseRange, sendStoredFile } from './serve.ts';
import { registerUploadRoutes, type Uploads } from './uploads.ts';

const EITHER_SIDE = ['consultation.request', 'consultation.handle'] as const;

export { parseRange } from './serve.ts';

export function registerAttachmentRoutes(app: App, deps: Deps): Uploads {
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
    return sendStoredFile(reply, opened, { fileName: opened.row.file_name, mediaType: opened.row.media_type }, part, download);
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
  return uploads;
}
