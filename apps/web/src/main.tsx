import type { SessionInfo } from '@telemed/contracts';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { applyDocumentLanguage, initialLanguage, loadMessages } from './ui/i18n.tsx';
import './ui/styles.css';
import { markReachable, markUnreachable } from './ui/connectivity.ts';

/** The session (if any) decides the language, so it is asked for while the guessed language loads. */
async function fetchSession(): Promise<SessionInfo | null> {
  try {
    const res = await fetch('/api/auth/session', { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
    markReachable();
    return res.ok ? ((await res.json()) as SessionInfo) : null;
  } catch {
    // No connection (the shell came from the device): the app opens and says so.
    markUnreachable();
    return null;
  }
}

const guessed = initialLanguage();
const [session, guessedMessages] = await Promise.all([fetchSession(), loadMessages(guessed)]);
const language = session?.user.language ?? guessed;
const messages = language === guessed ? guessedMessages : await loadMessages(language);
applyDocumentLanguage(language);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App session={session} language={language} messages={messages} />
  </StrictMode>,
);

// Installable, and the shell opens without a network (see public/sw.js). Not in the dev server, whose modules change.
if ('serviceWorker' in navigator && import.meta.env.PROD) {
  const register = () => void navigator.serviceWorker.register('/sw.js').catch(() => undefined);
  // The page may have finished loading while the session was asked for.
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register);
}
