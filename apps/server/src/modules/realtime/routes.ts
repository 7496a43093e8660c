import { AppError, forbidden } from '../../platform/errors.ts';
import { isSameOrigin, type App } from '../../platform/http.ts';
import type { RealtimeHub } from '../../platform/realtime.ts';
import { principalOf } from '../identity/routes.ts';

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
