import type { FastifyRequest } from 'fastify';
import { AppError, forbidden } from '../../platform/errors.ts';
import type { App } from '../../platform/http.ts';
import type { RealtimeHub } from '../../platform/realtime.ts';
import { principalOf } from '../identity/routes.ts';

/** A browser always sends Origin on a WebSocket handshake; another site's page must not ride the user's cookie. */
function isSameOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (!origin) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

export function registerRealtimeRoutes(app: App, hub: RealtimeHub): void {
  app.route({
    method: 'GET',
    url: '/api/realtime',
    schema: { tags: ['realtime'], summary: 'WebSocket: case events as they happen, and the ones missed while away (see contracts/realtime.ts)' },
    config: { access: 'authenticated' },
    // The same route answered without an upgrade says how to use it.
    handler: async () => {
      throw new AppError('upgrade_required', 426);
    },
    preHandler: async (request) => {
      const principal = principalOf(request);
      // Sessions only: the channel serves people in the web app, and a session's end closes it.
      if (principal.kind !== 'session' || !isSameOrigin(request)) throw forbidden();
    },
    wsHandler: (socket, request) => hub.attach(socket, principalOf(request)),
  });
}
