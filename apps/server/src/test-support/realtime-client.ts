import type { RealtimeClientMessage, RealtimeServerMessage } from '@telemed/contracts';
import type { Session } from './app.ts';
import { openJsonSocket } from './json-socket.ts';

export interface Channel {
  messages: RealtimeServerMessage[];
  /** Resolves with the first message (already received or coming) that matches, or rejects after the wait. */
  next(match: (m: RealtimeServerMessage) => boolean, waitMs?: number): Promise<RealtimeServerMessage>;
  /** Resolves with the close code. */
  closed: Promise<number>;
  close(): void;
}

/** A client of the real-time channel as the web app is: the session cookie, the page's origin, a resume first. */
export async function openChannel(base: string, session: Session | null,
  opts: { cursors?: Record<string, number>; origin?: string } = {}): Promise<Channel> {
  const socket = await openJsonSocket<RealtimeServerMessage, RealtimeClientMessage>(`${base}/api/realtime`, session?.cookie ?? null,
    opts.origin ?? base, { type: 'resume', cursors: opts.cursors ?? {} });
  return { ...socket, next: (match, waitMs = 5000) => socket.next(match, waitMs, 'matching real-time message') };
}
