import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import { QualityMonitor } from './quality.ts';

/**
 * One connection as the monitor sees it: connected, audio arriving from the other side, one video sender whose
 * encoder produces `encodedPerSample` frames between two samples (0: stalled). Records what is done to the sender.
 */
function fakeConnection(opts: { encodedPerSample: number; screen?: boolean }) {
  const calls: string[] = [];
  let audio = 0;
  let encoded = 0;
  const track = { kind: 'video', readyState: 'live', enabled: true, getSettings: () => (opts.screen ? { displaySurface: 'monitor' } : { width: 640 }) };
  const encoding = { active: true, scaleResolutionDownBy: 1 };
  const sender = {
    track: track as typeof track | null,
    getParameters: () => ({ encodings: [{ ...encoding }] }),
    setParameters: async (p: { encodings: { active: boolean; scaleResolutionDownBy: number }[] }) => {
      Object.assign(encoding, p.encodings[0]);
      calls.push(`active=${encoding.active}`);
    },
    replaceTrack: async (t: typeof track | null) => {
      sender.track = t;
      calls.push(t ? 'track' : 'no track');
    },
  };
  const pc = {
    connectionState: 'connected',
    getSenders: () => [sender],
    getStats: async () => {
      audio += 50;
      encoded += opts.encodedPerSample;
      return new Map<string, Record<string, unknown>>([
        ['pair', { id: 'pair', type: 'candidate-pair', nominated: true, state: 'succeeded', availableOutgoingBitrate: 2_000_000 }],
        ['in-audio', { id: 'in-audio', type: 'inbound-rtp', kind: 'audio', packetsReceived: audio }],
        ['out-video', { id: 'out-video', type: 'outbound-rtp', kind: 'video', framesEncoded: encoded }],
      ]);
    },
  };
  return { pc: pc as unknown as RTCPeerConnection, calls, sender };
}

/** A monitor on its own clock: `advance(n)` lets n seconds pass, one sample a second. */
function monitorOf(pc: RTCPeerConnection) {
  let now = 0;
  mock.timers.enable({ apis: ['setTimeout'] });
  const monitor = new QualityMonitor(() => [pc], () => undefined, () => now);
  monitor.start();
  return {
    async advance(seconds: number): Promise<void> {
      for (let i = 0; i < seconds; i++) {
        now += 1_000;
        mock.timers.tick(1_000);
        for (let j = 0; j < 20; j++) await new Promise<void>((r) => setImmediate(r));
      }
    },
    stop(): void {
      monitor.stop();
      mock.timers.reset();
    },
  };
}

test('a camera whose encoder stopped is started again, first with a fresh encoding, then by handing the track over again', async () => {
  const { pc, calls, sender } = fakeConnection({ encodedPerSample: 0 });
  const m = monitorOf(pc);
  try {
    await m.advance(3);
    assert.deepEqual(calls, [], 'not within the first 2 s of no frames');
    await m.advance(1);
    // Off and on again (the sample that saw it off may set it on once more).
    assert.deepEqual(calls.slice(0, 2), ['active=false', 'active=true']);
    assert.ok(calls.slice(2).every((c) => c === 'active=true'), calls.join());
    calls.length = 0;
    await m.advance(2);
    assert.deepEqual(calls, ['no track', 'track']);
    assert.equal(sender.track?.kind, 'video', 'the camera is on the sender again');
  } finally {
    m.stop();
  }
});

test('video that is being encoded, or a still shared screen, is left alone', async () => {
  for (const c of [fakeConnection({ encodedPerSample: 30 }), fakeConnection({ encodedPerSample: 0, screen: true })]) {
    const m = monitorOf(c.pc);
    try {
      await m.advance(8);
      assert.deepEqual(c.calls, []);
    } finally {
      m.stop();
    }
  }
});
