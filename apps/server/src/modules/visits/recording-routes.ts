import { IdParams, RecordingCommit, RecordingParams, VisitRecordingItem, VisitRecordingList } from '@telemed/contracts';
import type { Deps } from '../../platform/deps.ts';
import type { App } from '../../platform/http.ts';
import type { Uploads } from '../attachments/uploads.ts';
import { principalOf, requestMeta } from '../identity/routes.ts';
import { commitRecording, listRecordings, openRecording, recordingUploadEndpoint } from './recording-store.ts';

// A recording is played in the app's own <video>: nothing else may run or load with it.
const CONTENT_CSP = "default-src 'none'; frame-ancestors 'self'";

/**
 * A visit's recordings: the upload (through the tus endpoint, with the recording's metadata), the
 * commit that keeps it, the list in the record and playback. The consent itself is given in the
 * call (recording.ts); these routes only keep and show what had it.
 */
export function registerRecordingRoutes(app: App, deps: Deps, uploads: Uploads): void {
  uploads.registerEndpoint(recordingUploadEndpoint(deps));
  const tags = ['visits'];

  app.post('/api/visits/:id/recordings/:recordingId', {
    schema: { tags, summary: 'Keep a finished recording upload (its request must have had everyone’s consent; type and SHA-256 are checked)',
      params: RecordingParams, body: RecordingCommit, response: { 201: VisitRecordingItem } },
    config: { access: 'visit.manage' },
  }, async (request, reply) => reply.status(201).send(await commitRecording(deps, uploads, principalOf(request), request.params.id,
    request.params.recordingId, request.body.uploadId, requestMeta(request))));

  app.get('/api/visits/:id/recordings', {
    schema: { tags, summary: 'The visit’s stored recordings (its clinicians only)', params: IdParams, response: { 200: VisitRecordingList } },
    config: { access: 'visit.manage' },
  }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    return listRecordings(deps, { principal: request.principal, pass: null }, request.params.id, requestMeta(request));
  });

  app.get('/api/visits/:id/recordings/:recordingId/content', {
    schema: { tags, summary: 'Play a recording (WebM; byte ranges for seeking); every read is audited', params: RecordingParams },
    config: { access: 'visit.manage' },
  }, async (request, reply) => {
    const range = typeof request.headers.range === 'string' ? request.headers.range : undefined;
    const opened = await openRecording(deps, { principal: request.principal, pass: null }, request.params.id, request.params.recordingId, range,
      requestMeta(request));
    reply.header('cache-control', 'private, no-store').header('content-security-policy', CONTENT_CSP).header('accept-ranges', 'bytes');
    if (opened.unsatisfiable) return reply.status(416).header('content-range', `bytes */${opened.size}`).send();
    reply.type('video/webm').header('content-disposition', `inline; filename="visit-recording-${request.params.recordingId}.webm"`);
    if (opened.range) {
      reply.status(206).header('content-range', `bytes ${opened.range.start}-${opened.range.end}/${opened.size}`)
        .header('content-length', opened.range.end - opened.range.start + 1);
    } else {
      reply.header('content-length', opened.size);
    }
    return reply.send(opened.stream);
  });
}
