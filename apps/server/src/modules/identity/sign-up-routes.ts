import {
  SIGN_UP_CODE_MINUTES, SIGN_UP_RESEND_SECONDS, SessionInfo, type SessionInfo as Session, SignUpAccepted, SignUpBody, SignUpResendBody, SignUpVerifyBody,
} from '@telemed/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../platform/deps.ts';
import type { App } from '../../platform/http.ts';
import { requestSignUp, resendSignUpCode, SIGN_UP_COOKIE, verifySignUp } from './patient-sign-up.ts';
import { newSecret } from './secrets.ts';
import { createSession } from './sessions.ts';
import { requestMeta } from './routes.ts';

type SessionReply = (request: FastifyRequest, reply: FastifyReply, token: string, expires: Date) => Promise<Session>;

const ACCEPTED = { ok: true as const, codeMinutes: SIGN_UP_CODE_MINUTES, resendAfterSeconds: SIGN_UP_RESEND_SECONDS };

/**
 * The patient portal's self sign-up: public routes, limited like sign-in. Sign-up and resend answer
 * 202 with the same body whatever happened, so they tell nobody whether an email has an account.
 */
export function registerSignUpRoutes(app: App, deps: Deps, sessionReply: SessionReply): void {
  const tags = ['portal'];
  const cookieOptions = { path: '/api/portal', httpOnly: true, sameSite: 'strict' as const, secure: deps.config.TLS, maxAge: 24 * 3600 };
  const browserSecret = (request: FastifyRequest): string | null => {
    const value = request.cookies[SIGN_UP_COOKIE];
    return value && /^[A-Za-z0-9_-]{43}$/.test(value) ? value : null;
  };

  app.post('/api/portal/sign-up', {
    schema: { tags, summary: 'Create a patient account: sends a 6-digit code to the email (same answer for every email)',
      body: SignUpBody, response: { 202: SignUpAccepted } },
    config: { access: 'public', authLimit: true },
  }, async (request, reply) => {
    // The browser keeps its secret across a repeated sign-up, so correcting a typo does not orphan the code already sent.
    const secret = browserSecret(request) ?? newSecret();
    await requestSignUp(deps, request.body, secret, requestMeta(request));
    reply.setCookie(SIGN_UP_COOKIE, secret, cookieOptions);
    return reply.status(202).send(ACCEPTED);
  });

  app.post('/api/portal/sign-up/resend', {
    schema: { tags, summary: 'Send a new sign-up code (at most once a minute; same answer for every email)',
      body: SignUpResendBody, response: { 202: SignUpAccepted } },
    config: { access: 'public', authLimit: true },
  }, async (request, reply) => {
    await resendSignUpCode(deps, request.body.email, browserSecret(request), requestMeta(request));
    return reply.status(202).send(ACCEPTED);
  });

  app.post('/api/portal/verify', {
    schema: { tags, summary: 'Finish sign-up with the emailed code: creates the account and signs in',
      body: SignUpVerifyBody, response: { 200: SessionInfo } },
    config: { access: 'public', authLimit: true },
  }, async (request, reply) => {
    const meta = requestMeta(request);
    const { userId } = await verifySignUp(deps, request.body.email, request.body.code, browserSecret(request), meta);
    reply.clearCookie(SIGN_UP_COOKIE, { path: cookieOptions.path });
    const session = await createSession(deps, { userId, state: 'active', facilityId: null, role: null, ip: meta.ip, userAgent: meta.userAgent });
    return sessionReply(request, reply, session.token, session.absoluteExpiresAt);
  });
}
