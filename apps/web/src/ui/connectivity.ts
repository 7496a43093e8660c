/**
 * Whether the server can be reached, as the app last saw it: the browser's own online flag is not
 * enough (a captive portal, a dead 3G link, a service worker answering from the cache all leave it
 * "online"), so every request that fails to reach the server, or reaches it, says so here.
 */
let reachable = typeof navigator === 'undefined' ? true : navigator.onLine;
const listeners = new Set<(online: boolean) => void>();

function set(next: boolean): void {
  if (next === reachable) return;
  reachable = next;
  for (const l of listeners) l(next);
}

export const markReachable = () => set(true);
export const markUnreachable = () => set(false);
export const isReachable = () => reachable;

export function onReachability(listener: (online: boolean) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

if (typeof window !== 'undefined') {
  window.addEventListener('online', markReachable);
  window.addEventListener('offline', markUnreachable);
}
