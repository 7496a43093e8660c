import {
  ApiTokenCreateBody, ApiTokenCreated, ApiTokenList, ChangePasswordBody, IdParams, Ok, PasswordResetCompleteBody,
  PasswordResetRequestBody, PreferencesBody, SessionInfo, SignInBody, SwitchFacilityBody, TotpBody, TotpEnrolment,
} from '@telemed/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps, RequestMeta } from '../../platform/deps.ts';
import { unauthenticated } from '../../platform/errors.ts';
import type { App } from '../../platform/http.ts';
import type { Principal } from '../../platform/policy.ts';
import { createApiToken, listApiTokens, revokeApiToken } from './api-tokens.ts';
import { changePassword, completePasswordReset, requestPasswordReset } from './password-reset.ts';
import { authenticate, endAllSessions, endSession, SESSION_COOKIE } from './sessions.ts';
import { registerSignUpRoutes } from './sign-up-routes.ts';
import { beginTotpEnrolment, completeTotp, describeSession, setLanguage, signIn, switchFacility } from './sign-in.ts';

export function requestMeta(request: FastifyRequest): RequestMeta {
  const ua = request.headers['user-agent'];
  return { ip: request.ip, userAgent: typeof ua === 'string' ? ua : null };
}

export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw unauthenticated();
  return request.principal;
}

export function registerIdentityRoutes(app: App, deps: Deps): void {
  const tags = ['identity'];
  const cookieOptions = (expires: Date) => ({
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: deps.config.TLS,
    expires,
  });
  const sessionReply = async (request: FastifyRequest, reply: FastifyReply, token: string, expires: Date) => {
    reply.setCookie(SESSION_COOKIE, token, cookieOptions(expires));
    // Read back through the same path every later request takes, so the answer is what the server will enforce.
    request.cookies[SESSION_COOKIE] = token;
    const principal = await authenticate(deps, request);
    if (!principal) throw unauthenticated();
    return describeSession(deps, principal, expires);
  };

  app.post('/api/auth/sign-in', {
    schema: { tags, summary: 'Sign in with email and password', body: SignInBody, response: { 200: SessionInfo } },
    config: { access: 'public', authLimit: true },
  }, async (request, reply) => {
    const result = await signIn(deps, request.body, requestMeta(request));
    return sessionReply(request, reply, result.token, result.absoluteExpiresAt);
  });

  app.get('/api/auth/session', {
    schema: { tags, summary: 'The current session', response: { 200: SessionInfo } },
    config: { access: 'authenticated', allowIncomplete: true },
  }, async (request) => describeSession(deps, principalOf(request)));

  app.post('/api/auth/sign-out', {
    schema: { tags, summary: 'End this session', response: { 200: Ok } },
    config: { access: 'authenticated', allowIncomplete: true },
  }, async (request, reply) => {
    const p = principalOf(request);
    if (p.sessionHash) await endSession(deps, p.sessionHash, p.userId);
    await deps.audit.record({ actorUserId: p.userId, actorFacilityId: p.facilityId, action: 'auth.sign_out', outcome: 'success', ip: request.ip });
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true as const };
  });

  app.post('/api/auth/sign-out-all', {
    schema: { tags, summary: 'End every session of this user', response: { 200: Ok } },
    config: { access: 'authenticated', allowIncomplete: true },
  }, async (request, reply) => {
    const p = principalOf(request);
    const ended = await endAllSessions(deps, p.userId);
    await deps.audit.record({ actorUserId: p.userId, actorFacilityId: p.facilityId, action: 'auth.sign_out_all', outcome: 'success',
      ip: request.ip, details: { ended } });
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true as const };
  });

  app.post('/api/auth/totp', {
    schema: { tags, summary: 'Second factor: a TOTP code (also confirms a new enrolment)', body: TotpBody, response: { 200: SessionInfo } },
    config: { access: 'authenticated', allowIncomplete: true, authLimit: true },
  }, async (request) => {
    const p = principalOf(request);
    await completeTotp(deps, p, request.body.code, requestMeta(request));
    return describeSession(deps, (await authenticate(deps, request)) ?? p);
  });

  app.post('/api/auth/totp/enrolment', {
    schema: { tags, summary: 'Start two-factor enrolment: returns the secret to put in an authenticator app', response: { 200: TotpEnrolment } },
    config: { access: 'authenticated', allowIncomplete: true, authLimit: true },
  }, async (request) => beginTotpEnrolment(deps, principalOf(request)));

  app.post('/api/auth/facility', {
    schema: { tags, summary: 'Act in another of my facilities or roles', body: SwitchFacilityBody, response: { 200: SessionInfo } },
    config: { access: 'authenticated' },
  }, async (request) => {
    const next = await switchFacility(deps, principalOf(request), request.body.facilityId, request.body.role, requestMeta(request));
    return describeSession(deps, next);
  });

  app.put('/api/auth/preferences', {
    schema: { tags, summary: 'Remember my language', body: PreferencesBody, response: { 200: SessionInfo } },
    config: { access: 'authenticated', allowIncomplete: true },
  }, async (request) => {
    const next = await setLanguage(deps, principalOf(request), request.body.language);
    request.lang = next.language;
    return describeSession(deps, next);
  });

  app.post('/api/auth/password', {
    schema: { tags, summary: 'Change my password', body: ChangePasswordBody, response: { 200: Ok } },
    config: { access: 'authenticated', authLimit: true },
  }, async (request) => {
    await changePassword(deps, principalOf(request), request.body.currentPassword, request.body.newPassword, requestMeta(request));
    return { ok: true as const };
  });

  app.post('/api/auth/password-reset', {
    schema: { tags, summary: 'Send a one-time password reset link', body: PasswordResetRequestBody, response: { 202: Ok } },
    config: { access: 'public', authLimit: true },
  }, async (request, reply) => {
    await requestPasswordReset(deps, request.body.email, requestMeta(request));
    return reply.status(202).send({ ok: true as const });
  });

  app.post('/api/auth/password-reset/complete', {
    schema: { tags, summary: 'Set a new password with a reset token', body: PasswordResetCompleteBody, response: { 200: Ok } },
    config: { access: 'public', authLimit: true },
  }, async (request) => {
    await completePasswordReset(deps, request.body.token, request.body.password, requestMeta(request));
    return { ok: true as const };
  });

  app.get('/api/auth/tokens', {
    schema: { tags, summary: 'My API tokens', response: { 200: ApiTokenList } },
    config: { access: 'token.manage' },
  }, async (request) => listApiTokens(deps, principalOf(request)));

  app.post('/api/auth/tokens', {
    schema: { tags, summary: 'Create a scoped API token for an integration or device', body: ApiTokenCreateBody, response: { 201: ApiTokenCreated } },
    config: { access: 'token.manage' },
  }, async (request, reply) => {
    const created = await createApiToken(deps, principalOf(request), request.body, requestMeta(request));
    return reply.status(201).send(created);
  });

  app.delete('/api/auth/tokens/:id', {
    schema: { tags, summary: 'Revoke an API token', params: IdParams, response: { 200: Ok } },
    config: { access: 'token.manage' },
  }, async (request) => revokeApiToken(deps, principalOf(request), request.params.id, requestMeta(request)));

  registerSignUpRoutes(app, deps, sessionReply);
}
