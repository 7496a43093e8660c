import { createContext, use, useEffect, useRef, useState, type ReactNode } from 'react';
import { RealtimeClient, type LiveChange, type LiveState } from '../ui/realtime.ts';
import { useSession } from './session.tsx';

const RealtimeContext = createContext<RealtimeClient | null>(null);

/** One real-time connection while someone is signed in; a facility switch needs none new (the server follows the session). */
export function RealtimeProvider(props: { children: ReactNode }) {
  const { session } = useSession();
  const userId = session?.state === 'active' ? session.user.id : null;
  const [client, setClient] = useState<RealtimeClient | null>(null);
  useEffect(() => {
    if (!userId) return;
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const c = new RealtimeClient({ url: `${scheme}://${location.host}/api/realtime` });
    c.start();
    const nudge = () => { if (document.visibilityState === 'visible') c.nudge(); };
    window.addEventListener('online', nudge);
    document.addEventListener('visibilitychange', nudge);
    setClient(c);
    return () => {
      window.removeEventListener('online', nudge);
      document.removeEventListener('visibilitychange', nudge);
      c.stop();
      setClient(null);
    };
  }, [userId]);
  return <RealtimeContext value={client}>{props.children}</RealtimeContext>;
}

/**
 * Calls `onChange` when something the page shows may have changed (bursts coalesced into one
 * call), and tells whether updates are arriving live.
 */
export function useLive(onChange: (c: LiveChange) => void, matches: (c: LiveChange) => boolean = () => true): LiveState {
  const client = use(RealtimeContext);
  const ref = useRef({ onChange, matches });
  ref.current = { onChange, matches };
  const [state, setState] = useState<LiveState>(client?.state ?? 'closed');
  useEffect(() => {
    if (!client) return;
    setState(client.state);
    let pending: LiveChange | null = null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const offState = client.onState(setState);
    const off = client.subscribe((c) => {
      if (!ref.current.matches(c)) return;
      // Several events of one change (a message and its status) cost one reload.
      pending = pending && (pending.consultationId !== c.consultationId || pending.threadId !== c.threadId)
        ? { ...c, consultationId: null, threadId: null } : c;
      timer ??= setTimeout(() => {
        const p = pending!;
        pending = null;
        timer = null;
        ref.current.onChange(p);
      }, 100);
    });
    return () => {
      off();
      offState();
      if (timer) clearTimeout(timer);
    };
  }, [client]);
  return state;
}
