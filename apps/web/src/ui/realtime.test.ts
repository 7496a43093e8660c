import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RealtimeClient, type LiveChange, type LiveState } from './realtime.ts';

class FakeSocket {
  readyState = 0;
  sent: string[] = [];
  closedWith: number | null = null;
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: { code: number }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  send(data: string) { this.sent.push(data); }
  close(code = 1000) { this.closedWith = code; }
  open() { this.readyState = 1; this.onopen?.({}); }
  receive(m: unknown) { this.onmessage?.({ data: JSON.stringify(m) }); }
  drop(code = 1006) { this.readyState = 3; this.onclose?.({ code }); }
}

function harness() {
  const sockets: FakeSocket[] = [];
  const timers: { fn: () => void; ms: number; id: number }[] = [];
  let next = 1;
  const client = new RealtimeClient({
    url: 'ws://x/api/realtime',
    createSocket: () => { const s = new FakeSocket(); sockets.push(s); return s; },
    setTimeout: (fn, ms) => { const id = next++; timers.push({ fn, ms, id }); return id; },
    clearTimeout: (id) => { const i = timers.findIndex((t) => t.id === id); if (i >= 0) timers.splice(i, 1); },
    random: () => 0.5,
  });
  const changes: LiveChange[] = [];
  const states: LiveState[] = [];
  client.subscribe((c) => changes.push(c));
  client.onState((s) => states.push(s));
  /** Runs the timer that a reconnect waits on. */
  const fire = (ms?: number) => {
    const t = ms === undefined ? timers.shift()! : timers.splice(timers.findIndex((x) => x.ms === ms), 1)[0];
    t.fn();
    return t.ms;
  };
  return { client, sockets, timers, changes, states, fire };
}

const event = (id: number, consultationId = 'c1', action = 'submit') =>
  ({ type: 'event', feed: 'consultation', id, consultationId, action, status: 'submitted', at: '2026-12-01T10:00:00Z', replayed: false });

test('after a drop the client reconnects and resumes from the last event it saw, ignoring repeats', () => {
  const h = harness();
  h.client.start();
  h.sockets[0].open();
  assert.deepEqual(JSON.parse(h.sockets[0].sent[0]), { type: 'resume', cursors: {} });
  h.sockets[0].receive({ type: 'ready', cursors: { consultation: 40 } });
  assert.equal(h.client.state, 'live');
  h.sockets[0].receive(event(41));
  h.sockets[0].receive(event(43, 'c2', 'message'));
  h.sockets[0].drop();
  assert.equal(h.client.state, 'reconnecting');
  h.fire(375); // the first back-off: 250–500 ms
  h.sockets[1].open();
  assert.deepEqual(JSON.parse(h.sockets[1].sent[0]), { type: 'resume', cursors: { consultation: 43 } });
  // The replay starts a little early: 41 and 43 come again, 42 (committed late) and 44 are new.
  for (const id of [41, 42, 43, 44]) h.sockets[1].receive({ ...event(id), replayed: true });
  h.sockets[1].receive({ type: 'ready', cursors: { consultation: 44 } });
  assert.deepEqual(h.changes.map((c) => c.consultationId), ['c1', 'c2', 'c1', 'c1']);
  assert.deepEqual(h.states, ['connecting', 'live', 'reconnecting', 'live']);
});

test('back-off grows while the server stays away, and a nudge (back online) retries at once', () => {
  const h = harness();
  h.client.start();
  const waits: number[] = [];
  for (let i = 0; i < 7; i++) {
    h.sockets.at(-1)!.drop();
    waits.push(h.fire());
  }
  assert.deepEqual(waits, [375, 750, 1500, 3000, 6000, 11250, 11250]);
  h.sockets.at(-1)!.drop();
  const before = h.sockets.length;
  h.client.nudge();
  assert.equal(h.sockets.length, before + 1, 'a new connection without waiting');
});

test('a resync asks the page to reload everything', () => {
  const h = harness();
  h.client.start();
  h.sockets[0].open();
  h.sockets[0].receive({ type: 'resync', feed: 'consultation', cursor: 900 });
  assert.deepEqual(h.changes, [{ feed: 'consultation', consultationId: null, action: null }]);
});

test('signed out: the client stops and does not reconnect', () => {
  const h = harness();
  h.client.start();
  h.sockets[0].open();
  h.sockets[0].drop(4401);
  assert.equal(h.client.state, 'closed');
  assert.equal(h.timers.length, 0);
});

test('a link that stops answering is given up after an unanswered ping and reopened', () => {
  const h = harness();
  h.client.start();
  h.sockets[0].open();
  h.sockets[0].receive({ type: 'ready', cursors: { consultation: 1 } });
  h.fire(25_000);
  assert.equal(h.sockets[0].sent.at(-1), '{"type":"ping"}');
  h.fire(10_000);
  assert.equal(h.sockets[0].closedWith, 4000);
  assert.equal(h.client.state, 'reconnecting', 'without waiting for a close the dead link may never send');
  h.fire();
  assert.equal(h.sockets.length, 2);
});

test('each feed numbers its own events: a care-team message with a case event’s id still arrives, with its conversation', () => {
  const h = harness();
  h.client.start();
  h.sockets[0].open();
  h.sockets[0].receive({ type: 'ready', cursors: { consultation: 6, care_message: 6 } });
  h.sockets[0].receive(event(7));
  h.sockets[0].receive({ type: 'event', feed: 'care_message', id: 7, threadId: 't1', fromPatient: true, at: '2026-12-01T10:00:00Z', replayed: false });
  h.sockets[0].receive({ type: 'event', feed: 'care_message', id: 7, threadId: 't1', fromPatient: true, at: '2026-12-01T10:00:00Z', replayed: true });
  assert.deepEqual(h.changes.map((c) => [c.feed, c.consultationId, c.threadId ?? null]), [['consultation', 'c1', null], ['care_message', null, 't1']]);
  h.sockets[0].drop();
  h.fire();
  h.sockets[1].open();
  assert.deepEqual(JSON.parse(h.sockets[1].sent[0]), { type: 'resume', cursors: { consultation: 7, care_message: 7 } });
});
