import { AttachmentContentQuery, IdParams, VisitFile, VisitFileCommit, VisitFileList, VisitFileParams, VisitUploadParams } from '@telemed/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../platform/deps.ts';
import { VISIT_PASS_COOKIE, type App } from '../../platform/http.ts';
import { requestMeta } from '../identity/routes.ts';
import type { AttachmentPart } from '../attachments/service.ts';
import { sendStoredFile } from '../attachments/serve.ts';
import type { Uploads } from '../attachments/uploads.ts';
import type { Caller } from './access.ts';
import { authorizeVisitUpload, commitVisitFile, listVisitFiles, openVisitFile, visitUploadOwner } from './visit-files.ts';

function callerOf(request: FastifyRequest): Caller {
  const pass = request.cookies[VISIT_PASS_COOKIE];
  return { principal: request.principal, pass: request.principal ? null : typeof pass === 'string' && pass.length <= 100 ? pass : null };
}

const visitIdOf = (request: FastifyRequest) => (request.params as { id: string }).id;

/**
 * Files shared into a visit. Everything lives under the visit's API (`/api/visits/:id/…`), where a
 * guest's pass cookie is sent: staff and patients by their session, guests by their pass, all
 * through `decideVisitFileAccess`. Uploads are the attachments module's tus endpoint, mounted here.
 */
export function registerVisitFileRoutes(app: App, deps: Deps, uploads: Uploads): void {
  const tags = ['visits'];
  uploads.registerEndpoint({
    url: '/api/visits/:id/uploads',
    access: 'visit_pass',
    guestWrites: true,
    tags,
    summaries: { create: 'Start a resumable upload into the visit (tus 1.0 creation; Upload-Metadata: filename, filetype, sha256) — any participant',
      resume: 'Where an upload into the visit stopped (HEAD), send from that offset (PATCH), or abandon it (DELETE) — tus 1.0' },
    params: { create: IdParams, resume: VisitUploadParams },
    async authorizeCreate(request, file) {
      const visitId = visitIdOf(request);
      const owner = await authorizeVisitUpload(deps, callerOf(request), visitId, file, Number(request.headers['upload-length']), requestMeta(request));
      return { owner, metadata: { visitId } };
    },
    ownerOf: (request) => visitUploadOwner(deps, callerOf(request), visitIdOf(request), requestMeta(request)),
  });

  app.post('/api/visits/:id/files', {
    schema: { tags, summary: 'Share a finished upload into the visit: its type and SHA-256 are verified, it is kept with the visit and announced in the chat',
      params: IdParams, body: VisitFileCommit, response: { 201: VisitFile } },
    config: { access: 'visit_pass', guestWrites: true },
  }, async (request, reply) => reply.status(201)
    .send(await commitVisitFile(deps, uploads, callerOf(request), request.params.id, request.body, requestMeta(request))));

  app.get('/api/visits/:id/files', {
    schema: { tags, summary: 'The files shared into the visit, oldest first (its participants only)', params: IdParams, response: { 200: VisitFileList } },
    config: { access: 'visit_pass' },
  }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    return listVisitFiles(deps, callerOf(request), request.params.id, requestMeta(request));
  });

  const serve = (part: AttachmentPart) => async (request: FastifyRequest<{ Params: { id: string; fileId: string }; Querystring: { download?: string } }>,
    reply: FastifyReply) => {
    const range = typeof request.headers.range === 'string' ? request.headers.range : undefined;
    const { row, opened } = await openVisitFile(deps, callerOf(request), request.params.id, request.params.fileId, part, range, requestMeta(request));
    return sendStoredFile(reply, opened, { fileName: row.file_name, mediaType: row.media_type }, part, Boolean(request.query.download));
  };

  app.get('/api/visits/:id/files/:fileId/content', {
    schema: { tags, summary: 'A shared file (inline for PDF and images unless download=1; byte ranges)', params: VisitFileParams,
      querystring: AttachmentContentQuery },
    config: { access: 'visit_pass' },
  }, serve('content'));

  app.get('/api/visits/:id/files/:fileId/thumbnail', {
    schema: { tags, summary: 'A small WebP preview of a shared image, for slow links', params: VisitFileParams },
    config: { access: 'visit_pass' },
  }, serve('thumbnail'));
}
