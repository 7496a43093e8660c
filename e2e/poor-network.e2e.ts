import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PoorNetworkCall, VIDEO_BACK_FPS } from './support/poor-network.ts';

/** The limit for every recovery: within 5 s of the network getting better. */
const WITHIN_MS = 5_000;
const AUDIO_PPS_AT_LEAST = 40;
const fmt = (xs: (number | null)[]) => xs.map((x) => (x === null ? 'not within the limit' : `${(x / 1000).toFixed(1)} s`)).join(' / ');

/**
 * The poor-network test of video visits: a clinician on netlab host A and a guest patient on host B
 * (two network namespaces behind a router namespace, e2e/support/netlab.ts), in a 1:1 call whose media
 * path is limited, then restored, then cut. The app server and so the call channel stay reachable on
 * 10.77.0.1 throughout (netlab never impairs that side): only the media path between the hosts suffers.
 * On a machine without root or network namespaces every test here fails with the reason (never skipped).
 */
describe('a video visit on a poor network (two hosts in network namespaces)', () => {
  let call: PoorNetworkCall | undefined;
  let unavailable: unknown = null;
  // Each test fails with the reason the call could not be set up (no root, no network namespaces, no netlab).
  const ready = (): PoorNetworkCall => {
    if (!call) throw unavailable ?? new Error('the call was not set up');
    return call;
  };
  before(async () => {
    call = await PoorNetworkCall.open().catch((err: unknown) => {
      unavailable = err;
      return undefined;
    });
  }, { timeout: 120_000 });
  after(async () => {
    await call?.close();
  });

  test('at 128 kbit/s, 300 ms and 3 % loss audio keeps flowing both ways and both are told video was reduced', { timeout: 60_000 }, async (t) => {
    const r = await ready().underLimit();
    t.diagnostic(`audio packets/s received after the first 10 s (doctor / patient): ${r.audioPps.map((p) => p.toFixed(1)).join(' / ')}; ` +
      `video frames/s: ${r.videoFps.map((p) => p.toFixed(1)).join(' / ')}`);
    for (const [i, who] of ['doctor', 'patient'].entries()) {
      assert.ok(r.audioPps[i]! >= AUDIO_PPS_AT_LEAST, `${who} receives ${r.audioPps[i]!.toFixed(1)} audio packets/s, want >= ${AUDIO_PPS_AT_LEAST}`);
      assert.ok(r.reducedNoticeShown[i], `${who} is told video was reduced (notice: ${r.notices[i] ?? 'none'}, level ${r.levels[i]})`);
    }
  });

  test(`video comes back within 5 s of the limit being lifted (>= ${VIDEO_BACK_FPS} fps decoded over a second, notice gone)`, { timeout: 30_000 }, async (t) => {
    const r = await ready().liftLimit(WITHIN_MS);
    t.diagnostic(`video back after the limit was lifted (doctor / patient): ${fmt(r.videoBackMs)}`);
    assert.ok(r.videoBackMs.every((ms) => ms !== null), `video back: ${fmt(r.videoBackMs)}; at the end ${r.end}`);
  });

  for (const seconds of [10, 40]) {
    test(`after a ${seconds}-second outage the call recovers by itself within 5 s of the link returning`, { timeout: (seconds + 30) * 1000 }, async (t) => {
      const r = await ready().outage(seconds, WITHIN_MS);
      t.diagnostic(`audio and video flowing again after the ${seconds} s cut (doctor / patient): ${fmt(r.mediaBackMs)}`);
      assert.ok(r.mediaBackMs.every((ms) => ms !== null), `media back: ${fmt(r.mediaBackMs)}; at the end ${r.end}`);
    });
  }
});
