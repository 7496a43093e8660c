import { useLive } from '../../app/realtime.tsx';
import type { LiveState } from '../../ui/realtime.ts';

export type { LiveState };

/**
 * Calls `onChange` when a case the user can see changes (its id), or when anything may have
 * (null, after a long absence); with `consultationId`, only for that case.
 */
export function useCaseFeed(onChange: (consultationId: string | null, action: string | null) => void, consultationId?: string): LiveState {
  return useLive((c) => onChange(c.consultationId, c.action), (c) => c.feed === 'consultation'
    && (!consultationId || c.consultationId === null || c.consultationId === consultationId));
}
