import { AuditQuery, IdParams, Ok } from '@telemed/contracts';
import { z } from 'zod';
import type { Deps } from '../../platform/deps.ts';
import type { App } from '../../platform/http.ts';
import { principalOf } from '../identity/routes.ts';
import { listAuditEvents, reviewBreakGlass } from './service.ts';

export function registerAuditRoutes(app: App, deps: Deps): void {
  const tags = ['audit'];
  app.get('/api/audit', {
    schema: { tags, summary: 'Browse the audit trail (format=fhir gives a Bundle of FHIR AuditEvent)', querystring: AuditQuery },
    config: { access: 'audit.read' },
  }, async (request) => listAuditEvents(deps, principalOf(request), request.query));

  app.post('/api/audit/break-glass/:id/review', {
    schema: { tags, summary: 'Mark an emergency access as reviewed', params: IdParams,
      body: z.object({ note: z.string().trim().max(1000).optional() }), response: { 200: Ok } },
    config: { access: 'breakglass.review' },
  }, async (request) => reviewBreakGlass(deps, principalOf(request), request.params.id, request.body.note));
}
