import type { FastifyRequest } from 'fastify';
import { IdParams, InviteCreate, InviteCreated, InviteParams, Ok, RedeemAnswer, RedeemInput, Visit, VisitCreate, VisitList } from '@telemed/contracts';
import type { Deps } from '../../platform/deps.ts';
import { AppError, forbidden } from '../../platform/errors.ts';
import { isSameOrigin, VISIT_PASS_COOKIE, type App } from '../../platform/http.ts';
import { decideVisitAccess } from '../../platform/policy.ts';
import { principalOf, requestMeta } from '../identity/routes.ts';
import { auditVisit, openVisit, type Caller, type OpenedVisit } from './access.ts';
import { createInvite, redeemInvite, revokeInvite } from './invites.ts';
import { registerVisitRecordRoutes } from './record-routes.ts';
import { createVisit, endVisit, getVisit, listMyVisits } from './service.ts';
import type { VisitHub } from './signal-hub.ts';

function callerOf(request: FastifyRequest): Caller {
  const pass = request.cookies[VISIT_PASS_COOKIE];
  return { principal: request.principal, pass: request.principal ? null : typeof pass === 'string' && pass.length <= 100 ? pass : null };
}

export function registerVisitRoutes(app: App, deps: Deps, hub: VisitHub): void {
  const tags = ['visits'];
  registerVisitRecordRoutes(app, deps);
  app.post('/api/visits', {
    schema: { tags, summary: 'Open a video visit about a patient in my care (I am its clinician)', body: VisitCreate, response: { 201: Visit } },
    config: { access: 'visit.manage' },
  }, async (request, reply) => reply.status(201).send(await createVisit(deps, principalOf(request), request.body, requestMeta(request))));

  app.get('/api/visits', {
    schema: { tags, summary: 'The visits I take part in', response: { 200: VisitList } },
    config: { access: 'visit.join' },
  }, async (request) => listMyVisits(deps, principalOf(request)));

  app.get('/api/visits/:id', {
    schema: { tags, summary: 'A visit as its participant sees it (staff by session, a guest by the pass from their link)', params: IdParams,
      response: { 200: Visit } },
    config: { access: 'visit_pass' },
  }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    return getVisit(deps, callerOf(request), request.params.id, requestMeta(request));
  });

  app.post('/api/visits/:id/invites', {
    schema: { tags, summary: 'Make a personal link for a patient or guest: single-use, expiring, revocable; its secret is shown once', params: IdParams,
      body: InviteCreate, response: { 201: InviteCreated } },
    config: { access: 'visit.manage' },
  }, async (request, reply) => reply.status(201).header('cache-control', 'no-store')
    .send(await createInvite(deps, principalOf(request), request.params.id, request.body, requestMeta(request))));

  app.delete('/api/visits/:id/invites/:inviteId', {
    schema: { tags, summary: 'Withdraw a link (a guest already in through it is removed)', params: InviteParams, response: { 200: Ok } },
    config: { access: 'visit.manage' },
  }, async (request) => revokeInvite(deps, principalOf(request), request.params.id, request.params.inviteId, requestMeta(request)));

  app.post('/api/visits/:id/end', {
    schema: { tags, summary: 'End the visit for everyone', params: IdParams, response: { 200: Visit } },
    config: { access: 'visit.manage' },
  }, async (request) => endVisit(deps, principalOf(request), request.params.id, requestMeta(request)));

  app.post('/api/visit-links/redeem', {
    schema: { tags, summary: 'Open a personal link: it becomes a pass into that one visit (an httpOnly cookie), and cannot be opened again',
      body: RedeemInput, response: { 200: RedeemAnswer } },
    config: { access: 'public', authLimit: true },
  }, async (request, reply) => {
    const r = await redeemInvite(deps, request.body.token, requestMeta(request));
    reply.setCookie(VISIT_PASS_COOKIE, r.pass, { path: `/api/visits/${r.visitId}`, httpOnly: true, sameSite: 'strict', secure: deps.config.TLS,
      expires: r.passExpiresAt });
    reply.header('cache-control', 'no-store');
    return { visitId: r.visitId, participantId: r.participantId, displayName: r.displayName, language: r.language };
  });

  const opened = new WeakMap<FastifyRequest, { visit: OpenedVisit; canManage: boolean }>();
  app.route({
    method: 'GET',
    url: '/api/visits/:id/signal',
    schema: { tags, summary: 'WebSocket: the call channel of a visit (signaling, waiting room, admission, chat; see contracts/visits.ts)',
      params: IdParams },
    config: { access: 'visit_pass' },
    handler: async () => {
      throw new AppError('upgrade_required', 426);
    },
    preHandler: async (request) => {
      if (!isSameOrigin(request)) throw forbidden();
      const { id } = request.params as { id: string };
      const caller = callerOf(request);
      // API tokens are for systems, not for people in a call.
      if (caller.principal && caller.principal.kind !== 'session') throw forbidden();
      const visit = await openVisit(deps, caller, id, 'join', requestMeta(request), 'visit.join');
      const p = visit.participant;
      const canManage = decideVisitAccess(visit.actor, { status: visit.visit.status, participant: { role: p.role, userId: p.user_id, removed: false,
        passExpiresAt: p.pass_expires_at } }, 'manage', deps.now());
      await auditVisit(deps, visit, 'visit.join', requestMeta(request));
      opened.set(request, { visit, canManage });
    },
    wsHandler: (socket, request) => {
      const o = opened.get(request);
      if (!o) return socket.close(1008, 'not allowed');
      hub.attach(socket, o.visit, o.canManage);
    },
  });
}
