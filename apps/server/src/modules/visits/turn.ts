import { createHmac } from 'node:crypto';
import type { IceServer } from '@telemed/contracts';
import type { Config } from '../../platform/config.ts';

/**
 * TURN credentials for one participant, in the scheme coturn implements for `use-auth-secret`
 * (the "TURN REST API"): the user name is the expiry time and the participant, the password its
 * HMAC-SHA1 under the secret shared with coturn. Nothing is stored; coturn refuses the pair once
 * the time in the name has passed.
 */
export function iceServersFor(config: Pick<Config, 'TURN_URLS' | 'TURN_SECRET' | 'TURN_TTL_SECONDS'>, participantId: string, now: Date):
  { iceServers: IceServer[]; iceTtlSeconds: number } {
  const urls = config.TURN_URLS?.split(',') ?? [];
  const stun = urls.filter((u) => u.startsWith('stun:'));
  const turn = urls.filter((u) => !u.startsWith('stun:'));
  const iceServers: IceServer[] = [];
  if (stun.length) iceServers.push({ urls: stun });
  if (turn.length && config.TURN_SECRET) {
    const expires = Math.floor(now.getTime() / 1000) + config.TURN_TTL_SECONDS;
    const username = `${expires}:${participantId}`;
    const credential = createHmac('sha1', config.TURN_SECRET).update(username).digest('base64');
    iceServers.push({ urls: turn, username, credential });
  }
  return { iceServers, iceTtlSeconds: config.TURN_TTL_SECONDS };
}

/** The expiry a TURN user name carries (what coturn checks), or null if it is not one of ours. */
export function turnUsernameExpiry(username: string): Date | null {
  const m = /^(\d{9,11}):[0-9a-f-]{36}$/.exec(username);
  return m ? new Date(Number(m[1]) * 1000) : null;
}
