import { useEffect, useRef, useState } from 'react';

export type LiveState = 'live' | 'reconnecting';

/**
 * Calls `onChange` whenever a case the user can see may have changed: when the tab comes back
 * into view (a phone woken up on a slow link).
 */
export function useCaseFeed(onChange: (consultationId: string | null) => void, _consultationId?: string): LiveState {
  const ref = useRef(onChange);
  ref.current = onChange;
  const [state] = useState<LiveState>('live');
  useEffect(() => {
    const onVisible = () => {
      if (document.visibilityState === 'visible') ref.current(null);
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, []);
  return state;
}
