import type { SessionInfo } from '@telemed/contracts';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { applyDocumentLanguage, initialLanguage, loadMessages, rememberLanguage } from './ui/i18n.tsx';
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

// On a 3G link every round trip counts: the two pages the app opens on (sign-in, or the home of a
// signed-in user) are fetched while the session is asked for, not after it answers (a few KB).
void import('./features/auth/SignInPage.tsx');
void import('./features/home/HomePage.tsx');
// A bundle of an older release that a cached page asks for is gone from the server: load the new release, once.
window.addEventListener('vite:preloadError', (event) => {
  if (sessionStorage.getItem('tm.reloaded') === '1') return;
  event.preventDefault();
  sessionStorage.setItem('tm.reloaded', '1');
  location.reload();
});

const guessed = initialLanguage();
const [session, guessedMessages] = await Promise.all([fetchSession(), loadMessages(guessed)]);
const language = session?.user.language ?? guessed;
const messages = language === guessed ? guessedMessages : await loadMessages(language);
// The next opening guesses the user's language right and loads one locale, not two.
if (session) rememberLanguage(language);
applyDocumentLanguage(language);
sessionStorage.removeItem('tm.reloaded');

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
