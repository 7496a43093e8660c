import fs from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import websocket from '@fastify/websocket';
import fastifyStatic from '@fastify/static';
import helmet from 'helmet';
import type { Language } from '@telemed/contracts';
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { type ZodTypeProvider, validatorCompiler } from 'fastify-type-provider-zod';
import type { AuditLog } from './audit.ts';
import type { Config } from './config.ts';
import { AppError, type FieldError } from './errors.ts';
import { isFieldMessage, isMessageKey, type MessageKey, negotiateLanguage, translate, translateField } from './i18n.ts';
import { isAllowed, mayGuestCall, type Principal, type RouteAccess } from './policy.ts';
import { collectRoute, type OpenApiRoute } from './openapi.ts';
import { carriesSecret, chooseEncoding, compress, isCompressible, MIN_BYTES } from './compression.ts';

/** The cookie a guest's pass into one visit travels in (its path is that visit's API). */
export const VISIT_PASS_COOKIE = 'tm_visit';

/** A browser always sends Origin on a WebSocket handshake; another site's page must not ride the caller's cookie. */
export function isSameOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (!origin) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route; checked by the policy hook before the handler runs. */
    access?: RouteAccess;
    /** The route serves a session that has not finished two-factor (sign-in steps). */
    allowIncomplete?: boolean;
    /** Authentication routes get the stricter rate limit. */
    authLimit?: boolean;
    /** A `visit_pass` route a guest may also write to (policy.mayGuestCall). */
    guestWrites?: boolean;
    /** Set from the response schema: the answer holds a secret and is never compressed (compression.ts). */
    secretResponse?: boolean;
  }
  interface FastifyRequest {
    principal: Principal | null;
    lang: Language;
  }
}

export type App = FastifyInstance<
  import('node:http').Server,
  import('node:http').IncomingMessage,
  import('node:http').ServerResponse,
  import('fastify').FastifyBaseLogger,
  ZodTypeProvider
>;

export interface HttpDeps {
  config: Config;
  audit: AuditLog;
  authenticate(request: FastifyRequest): Promise<Principal | null>;
  logger?: boolean | object;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const PROBLEM_BASE = 'https://telemed.network/problems/';

export async function createHttp(deps: HttpDeps): Promise<{ app: App; routes: OpenApiRoute[] }> {
  const { config } = deps;
  const app = Fastify({
    logger:
      deps.logger ??
      ({
        level: config.LOG_LEVEL,
        // Identifiers of people and secrets never reach the log.
        redact: { paths: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]'], remove: true },
        serializers: {
          // The route pattern, never the URL: a search query can hold a patient's name.
          req: (req: FastifyRequest) => ({ method: req.method, url: req.routeOptions?.url ?? 'unmatched', id: req.id }),
          // Database errors carry offending values in `detail`; only the kind of error is logged.
          err: (err: Error & { code?: string }) => ({ type: err.name, code: err.code, message: err.message, stack: err.stack }),
        },
      } as object),
    trustProxy: config.TRUST_PROXY,
    // One line per request would be thousands a second; errors are still logged by the handler below.
    logController: new LogController({ disableRequestLogging: config.LOG_LEVEL !== 'debug' && config.LOG_LEVEL !== 'trace' }),
    bodyLimit: 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true },
    // Requests Node cannot even parse (bad request line, raw bytes in headers) still get a problem document.
    clientErrorHandler: (_err, socket) => {
      const body = JSON.stringify({ type: `${PROBLEM_BASE}bad-request`, title: translate('validation', 'en'), status: 400 });
      if (socket.writable) {
        socket.end(`HTTP/1.1 400 Bad Request\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
      }
    },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(requiredAwareCompiler);
  // Responses are built from typed use cases; the schemas describe them in OpenAPI.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));

  const routes: OpenApiRoute[] = [];
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/') && route.url !== '/api') return;
    const access = route.config?.access;
    if (!access) throw new Error(`Route ${route.method} ${route.url} does not declare who may call it`);
    const isWrite = ![route.method].flat().every((m) => SAFE_METHODS.has(m));
    const cfg = route.config as Record<string, unknown>;
    if (route.config?.authLimit) {
      cfg.rateLimit = { max: config.AUTH_RATE_LIMIT, timeWindow: 60_000 };
    } else if (isWrite && cfg.rateLimit === undefined) {
      cfg.rateLimit = {
        max: config.WRITE_RATE_LIMIT,
        timeWindow: 60_000,
        hook: 'preHandler',
        keyGenerator: (req: FastifyRequest) => req.principal?.userId ?? req.ip,
      };
    }
    if (carriesSecret(route.schema?.response)) cfg.secretResponse = true;
    collectRoute(routes, route);
  });

  app.decorateRequest('principal', null);
  app.decorateRequest('lang', 'ru');

  await app.register(cookie);
  // Call signaling carries SDP (a few KB); each channel checks its own messages' size and shape.
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  // The security headers are the same on every response: helmet's middleware is built once here and
  // only sets them per request (the Fastify plugin rebuilt it, CSP parsing included, for each request).
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: config.TLS ? [] : null,
      },
    },
    hsts: config.TLS ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
  });
  app.addHook('onRequest', (request, reply, done) => securityHeaders(request.raw, reply.raw, (err?: unknown) => done(err as Error | undefined)));
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, ctx) => Object.assign(new AppError('rate_limited', 429), { statusCode: ctx.statusCode }),
  });

  app.addHook('onRequest', async (request) => {
    request.lang = negotiateLanguage(request.headers['accept-language']);
    const url = request.routeOptions.url;
    if (!url || !url.startsWith('/api/')) return;
    request.principal = await deps.authenticate(request);
    if (request.principal) request.lang = request.principal.language;
  });

  // Access is decided before the body is even validated: a caller without the permission learns nothing.
  app.addHook('preValidation', async (request) => {
    const cfg = request.routeOptions.config;
    const access = cfg.access;
    if (!access || access === 'public') return;
    const principal = request.principal;
    // A guest in a visit has no account: the pass cookie is checked by the visit's own use case,
    // against that one visit (policy.decideVisitAccess). Guests read, open the call channel, and share files.
    if (!principal && access === 'visit_pass' && request.cookies[VISIT_PASS_COOKIE]
      && mayGuestCall(request.method, cfg, isSameOrigin(request))) return;
    if (!principal) throw new AppError('unauthenticated', 401);
    // Cookie-authenticated writes must echo the session's CSRF token (API tokens are not sent by browsers on their own).
    if (principal.kind === 'session' && !SAFE_METHODS.has(request.method)) {
      const sent = request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || sent !== principal.csrfToken) throw new AppError('csrf', 403);
    }
    if (!isAllowed(principal, access, { allowIncomplete: cfg.allowIncomplete })) {
      if (principal.state !== 'active' && !cfg.allowIncomplete) throw new AppError('mfa_required', 403);
      await deps.audit.record({
        actorUserId: principal.userId,
        actorFacilityId: principal.facilityId,
        action: 'permission.denied',
        outcome: 'denied',
        resourceType: 'route',
        resourceId: `${request.method} ${request.routeOptions.url}`,
        ip: request.ip,
        details: { need: access },
      });
      throw new AppError('forbidden', 403);
    }
  });

  // JSON answers of 1 KB and more travel compressed when the client accepts it (compression.ts).
  app.addHook('onSend', async (request, reply, payload) => {
    if (typeof payload !== 'string' || payload.length < MIN_BYTES || !isCompressible(reply.getHeader('content-type'))) return payload;
    if (request.routeOptions.config?.secretResponse || reply.hasHeader('content-encoding')) return payload;
    reply.header('vary', 'accept-encoding');
    const encoding = chooseEncoding(request.headers['accept-encoding']);
    if (!encoding) return payload;
    const body = await compress(payload, encoding);
    reply.header('content-encoding', encoding);
    reply.removeHeader('content-length');
    return body;
  });

  app.setErrorHandler((error, request, reply) => sendProblem(error, request, reply, app));
  app.setNotFoundHandler((request, reply) => {
    const url = request.url.split('?')[0];
    if (!url.startsWith('/api/') && request.method === 'GET' && webIndex && acceptsHtml(request)) {
      return reply.type('text/html').header('cache-control', 'no-cache').send(webIndex);
    }
    return sendProblem(new AppError('not_found', 404), request, reply, app);
  });

  let webIndex: string | null = null;
  const webDist = path.resolve(config.WEB_DIST ?? path.join(import.meta.dirname, '../../../web/dist'));
  if (fs.existsSync(path.join(webDist, 'index.html'))) {
    webIndex = fs.readFileSync(path.join(webDist, 'index.html'), 'utf8');
    await app.register(fastifyStatic, {
      root: webDist,
      wildcard: false,
      index: false,
      preCompressed: true,
      setHeaders: (res, sentFile) => {
        // The file sent may be the build's Brotli or gzip copy (apps/web/scripts/compress.ts): the rules are the original's.
        const file = sentFile.replace(/\.(br|gz)$/, '');
        // Hashed bundles never change: a slow link downloads them once.
        if (file.includes(`${path.sep}assets${path.sep}`)) res.header('cache-control', 'public, max-age=31536000, immutable');
        // The service worker and the manifest are looked at afresh, so a new release reaches installed apps.
        else if (file.endsWith('sw.js') || file.endsWith('.webmanifest')) res.header('cache-control', 'no-cache');
      },
    });
    app.get('/', (_req, reply) => reply.type('text/html').header('cache-control', 'no-cache').send(webIndex));
  }

  return { app: app as App, routes };
}

function acceptsHtml(request: FastifyRequest): boolean {
  return (request.headers.accept ?? '').includes('text/html');
}

interface FastifyLikeError {
  statusCode?: number;
  code?: string;
  validation?: { instancePath?: string; keyword?: string; message?: string }[];
  validationContext?: string;
}

/**
 * Where a string of the input holds a NUL character (`/body/message`), or null. PostgreSQL's text cannot
 * store one, so such input is refused here as a field error rather than failing in the database as a 500.
 */
function nulPath(data: unknown, path = '', depth = 0): string | null {
  if (typeof data === 'string') return data.includes('\u0000') ? path : null;
  if (data === null || typeof data !== 'object' || depth > 32) return null;
  for (const [k, v] of Object.entries(data)) {
    if (k.includes('\u0000')) return `${path}/${k}`;
    const found = nulPath(v, `${path}/${k}`, depth + 1);
    if (found !== null) return found;
  }
  return null;
}

/**
 * zod's own validator, with one change for people filling in forms: a field left empty (missing,
 * null, or blank text) is reported as "required" whatever rule it then broke (an empty choice is
 * not "a value not allowed", an empty conclusion is not "too short"). Only emptiness is looked at;
 * the value itself is never copied into the error. Input holding a NUL character is refused before
 * any rule (`nulPath`).
 */
const requiredAwareCompiler: typeof validatorCompiler = (route) => {
  const validate = validatorCompiler(route);
  return (data: unknown) => {
    const nul = nulPath(data);
    if (nul !== null) {
      return { error: [{ keyword: 'control_character', instancePath: nul, schemaPath: '', params: {}, message: '' }] } as unknown as
        ReturnType<ReturnType<typeof validatorCompiler>>;
    }
    const result = validate(data) as { error?: { keyword?: string; instancePath?: string; params?: { params?: { code?: unknown } } }[] };
    for (const issue of result.error ?? []) {
      // A rule across fields names its own message (`params: { code }` on the refine: "must be after the start").
      const own = issue.params?.params?.code;
      if (issue.keyword === 'custom' && typeof own === 'string' && isFieldMessage(own)) {
        issue.keyword = own;
        continue;
      }
      if (issue.keyword === 'custom' || issue.keyword === 'unrecognized_keys') continue;
      let v: unknown = data;
      for (const k of (issue.instancePath ?? '').split('/').filter(Boolean)) v = v != null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
      if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) issue.keyword = 'required';
    }
    return result as ReturnType<ReturnType<typeof validatorCompiler>>;
  };
};

/** A failed schema validation as field errors (`body.familyName`, `required`), messages still to be filled in. */
export function validationFieldErrors(e: Pick<FastifyLikeError, 'validation' | 'validationContext'>): FieldError[] {
  const where = e.validationContext ?? 'body';
  return (e.validation ?? []).map((v) => {
    const p = (v.instancePath ?? '').replace(/^\//, '').replaceAll('/', '.');
    return { path: p ? `${where}.${p}` : where, code: v.keyword ?? 'invalid', message: '' };
  });
}

function sendProblem(error: unknown, request: FastifyRequest, reply: FastifyReply, app: FastifyInstance) {
  const lang = request.lang ?? 'ru';
  let code: MessageKey = 'internal';
  let status = 500;
  let errors: FieldError[] | undefined;
  let extra: Record<string, unknown> | undefined;
  const params: Record<string, string> = {};
  const e = error as FastifyLikeError;
  if (error instanceof AppError) {
    code = error.code;
    status = error.status;
    extra = error.extra;
    Object.assign(params, error.params);
    errors = error.errors?.map((f) => ({
      ...f,
      message: f.message || (isMessageKey(f.code) ? translate(f.code, lang) : translateField(f.code, lang)),
    }));
  } else if (e?.validation) {
    code = 'validation';
    status = 400;
    errors = validationFieldErrors(e).map((f) => ({ ...f, message: translateField(f.code, lang) }));
  } else if (e?.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (e?.statusCode === 400 && e?.code?.startsWith('FST_ERR_CTP'))) {
    code = 'invalid_json';
    status = 400;
  } else if (e?.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    code = 'body_too_large';
    status = 413;
  } else if (e?.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    code = 'unsupported_media_type';
    status = 415;
  } else if (e?.statusCode === 429) {
    code = 'rate_limited';
    status = 429;
  } else if (e?.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
    code = e.statusCode === 404 ? 'not_found' : 'validation';
    status = e.statusCode;
  } else {
    app.log.error({ err: error, route: request.routeOptions?.url }, 'unhandled error');
  }
  if (code === 'account_locked' && params.until) {
    params.until = new Intl.DateTimeFormat(lang, { dateStyle: 'short', timeStyle: 'short' }).format(new Date(params.until));
  }
  return reply
    .status(status)
    .type('application/problem+json')
    .send({
      type: `${PROBLEM_BASE}${code.replaceAll('_', '-')}`,
      // When every field is only empty, the title says so rather than "not filled in correctly".
      title: translate(code === 'validation' && errors?.length && errors.every((f) => f.code === 'required') ? 'validation_required' : code, lang, params),
      status,
      ...(errors ? { errors } : {}),
      ...(extra ?? {}),
    });
}
