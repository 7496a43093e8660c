import type { Language, Permission, SessionInfo } from '@telemed/contracts';
import { createContext, use, useCallback, useMemo, useRef, useState, type ReactNode } from 'react';
import { type ApiClient, createApiClient } from '../ui/api.ts';
import { useI18n } from '../ui/i18n.tsx';
import { forgetLocalDrafts } from '../ui/drafts.ts';

export interface SessionContextValue {
  session: SessionInfo | null;
  api: ApiClient;
  /** Why there is no session any more: the server ended it, or the user signed out. */
  endedReason: 'expired' | 'signedOut' | null;
  can(permission: Permission): boolean;
  /** Adopts a SessionInfo from the server (sign-in, two-factor, facility switch, preferences). */
  applySession(next: SessionInfo | null): void;
  /** Carries a language chosen on the sign-in page into the new session, else adopts the user's saved one. */
  adoptSignIn(next: SessionInfo): Promise<void>;
  changeLanguage(lang: Language): Promise<void>;
  signOut(everywhere?: boolean): Promise<void>;
}

const SessionContext = createContext<SessionContextValue | null>(null);

export function SessionProvider(props: { initialSession: SessionInfo | null; children: ReactNode }) {
  const i18n = useI18n();
  const [session, setSession] = useState<SessionInfo | null>(props.initialSession);
  const [endedReason, setEndedReason] = useState<'expired' | 'signedOut' | null>(null);
  const sessionRef = useRef(session);
  const langRef = useRef(i18n.lang);
  langRef.current = i18n.lang;
  // A language picked on the sign-in page before signing in wins over the one saved in the account.
  const chosenWhileSignedOut = useRef(false);

  const api = useMemo(
    () =>
      createApiClient({
        language: () => langRef.current,
        onUnauthorized: () => {
          if (sessionRef.current) {
            sessionRef.current = null;
            setSession(null);
            setEndedReason('expired');
          }
        },
      }),
    [],
  );
  if (sessionRef.current !== session) sessionRef.current = session;
  api.setCsrfToken(session?.csrfToken ?? null);

  const applySession = useCallback(
    (next: SessionInfo | null) => {
      sessionRef.current = next;
      api.setCsrfToken(next?.csrfToken ?? null);
      setSession(next);
      if (next) setEndedReason(null);
    },
    [api],
  );

  const { setLanguage } = i18n;

  const adoptSignIn = useCallback(
    async (next: SessionInfo) => {
      applySession(next);
      const current = langRef.current;
      if (chosenWhileSignedOut.current && next.user.language !== current) {
        api.setCsrfToken(next.csrfToken);
        try {
          applySession(await api.put<SessionInfo>('/api/auth/preferences', { language: current }));
        } catch {
          // The interface keeps the chosen language even if saving it failed.
        }
      } else if (next.user.language !== current) {
        await setLanguage(next.user.language);
      }
      chosenWhileSignedOut.current = false;
    },
    [api, applySession, setLanguage],
  );

  const changeLanguage = useCallback(
    async (lang: Language) => {
      await setLanguage(lang);
      if (sessionRef.current) {
        applySession(await api.put<SessionInfo>('/api/auth/preferences', { language: lang }));
      } else {
        chosenWhileSignedOut.current = true;
      }
    },
    [api, applySession, setLanguage],
  );

  const signOut = useCallback(
    async (everywhere = false) => {
      try {
        await api.post(everywhere ? '/api/auth/sign-out-all' : '/api/auth/sign-out');
      } finally {
        forgetLocalDrafts();
        applySession(null);
        setEndedReason('signedOut');
      }
    },
    [api, applySession],
  );

  const value = useMemo<SessionContextValue>(
    () => ({
      session,
      api,
      endedReason,
      can: (p) => session?.state === 'active' && session.permissions.includes(p),
      applySession,
      adoptSignIn,
      changeLanguage,
      signOut,
    }),
    [session, api, endedReason, applySession, adoptSignIn, changeLanguage, signOut],
  );
  return <SessionContext value={value}>{props.children}</SessionContext>;
}

export function useSession(): SessionContextValue {
  const ctx = use(SessionContext);
  if (!ctx) throw new Error('useSession outside SessionProvider');
  return ctx;
}

/** For pages behind the auth guard, where a session always exists. */
export function useActiveSession(): SessionContextValue & { session: SessionInfo } {
  const ctx = useSession();
  if (!ctx.session) throw new Error('useActiveSession without a session');
  return ctx as SessionContextValue & { session: SessionInfo };
}

/** What a user whose account is linked to a patient record sees as "My record". */
export function myRecordPatientId(session: SessionInfo): string | null {
  if (!session.user.patientId) return null;
  const isPatient = session.permissions.includes('patient.self') || session.memberships.length === 0;
  return isPatient ? session.user.patientId : null;
}
