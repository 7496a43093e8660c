import type { VisitClientMessage, VisitServerMessage } from '@telemed/contracts';
import { openJsonSocket } from './json-socket.ts';

export interface VisitChannel {
  messages: VisitServerMessage[];
  next<T extends VisitServerMessage['type']>(type: T, match?: (m: Extract<VisitServerMessage, { type: T }>) => boolean, waitMs?: number):
    Promise<Extract<VisitServerMessage, { type: T }>>;
  send(m: VisitClientMessage): void;
  closed: Promise<number>;
  close(): void;
}

/** A browser on a visit's call channel: its cookie (session or guest pass), the page's origin, `hello` first. */
export async function openVisitChannel(base: string, visitId: string, cookie: string | null, opts: { since?: number; origin?: string } = {}):
  Promise<VisitChannel> {
  const socket = await openJsonSocket<VisitServerMessage, VisitClientMessage>(`${base}/api/visits/${visitId}/signal`, cookie,
    opts.origin ?? base, { type: 'hello', since: opts.since ?? 0 });
  return {
    ...socket,
    next(type, match = () => true, waitMs = 5000) {
      return socket.next((m) => m.type === type && match(m as never), waitMs, `${type} message on the visit channel`) as never;
    },
  };
}
