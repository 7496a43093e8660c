import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { iceServersFor, turnUsernameExpiry } from './turn.ts';

const participant = '7d1e2c1a-0b5f-4c1e-9d6a-2f0f3b9a8c11';
const now = new Date('2026-12-02T10:00:00Z');

test('TURN credentials expire after the configured lifetime and are signed with the shared secret', () => {
  const { iceServers, iceTtlSeconds } = iceServersFor({ TURN_URLS: 'stun:127.0.0.1:3478,turn:127.0.0.1:3478?transport=udp',
    TURN_SECRET: 'a-secret-shared-with-coturn', TURN_TTL_SECONDS: 600 }, participant, now);
  assert.equal(iceTtlSeconds, 600);
  assert.deepEqual(iceServers[0], { urls: ['stun:127.0.0.1:3478'] });
  const turn = iceServers[1]!;
  assert.deepEqual(turn.urls, ['turn:127.0.0.1:3478?transport=udp']);
  assert.equal(turnUsernameExpiry(turn.username!)?.toISOString(), '2026-12-02T10:10:00.000Z');
  assert.equal(turn.credential, createHmac('sha1', 'a-secret-shared-with-coturn').update(turn.username!).digest('base64'));
  // Another participant, or the same one later, gets different credentials.
  const later = iceServersFor({ TURN_URLS: 'turn:127.0.0.1:3478', TURN_SECRET: 'a-secret-shared-with-coturn', TURN_TTL_SECONDS: 600 },
    participant, new Date(now.getTime() + 1000)).iceServers[0]!;
  assert.notEqual(later.credential, turn.credential);
});

test('without TURN configured a call offers no relay (host candidates only)', () => {
  assert.deepEqual(iceServersFor({ TURN_URLS: undefined, TURN_SECRET: undefined, TURN_TTL_SECONDS: 600 }, participant, now).iceServers, []);
});
