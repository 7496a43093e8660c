import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkTransition } from './lifecycle.ts';

test('the hub accepts a submitted request; the referrer cannot accept its own', () => {
  assert.deepEqual(checkTransition('submitted', 'accept', ['hub'], false), { ok: true, to: 'accepted' });
  assert.deepEqual(checkTransition('submitted', 'accept', ['referrer'], false), { ok: false, problem: 'wrong_side' });
});

test('declining and cancelling need a reason', () => {
  assert.deepEqual(checkTransition('submitted', 'decline', ['hub'], false), { ok: false, problem: 'reason_required' });
  assert.deepEqual(checkTransition('accepted', 'cancel', ['referrer'], true), { ok: true, to: 'cancelled' });
});

test('illegal moves are refused: nothing leaves a final state, nothing skips acceptance', () => {
  for (const from of ['declined', 'cancelled', 'concluded', 'acknowledged'] as const) {
    for (const action of ['submit', 'accept', 'decline', 'forward', 'schedule', 'start', 'cancel'] as const) {
      assert.equal(checkTransition(from, action, ['hub', 'referrer'], true).ok, false, `${action} from ${from}`);
    }
  }
  assert.deepEqual(checkTransition('submitted', 'start', ['hub'], false), { ok: false, problem: 'illegal' });
  assert.deepEqual(checkTransition('draft', 'accept', ['hub'], false), { ok: false, problem: 'illegal' });
});

test('forwarding keeps the request submitted', () => {
  assert.deepEqual(checkTransition('submitted', 'forward', ['hub'], true), { ok: true, to: 'submitted' });
});

test('only the referrer acknowledges, and only a concluded case', () => {
  assert.deepEqual(checkTransition('concluded', 'acknowledge', ['referrer'], false), { ok: true, to: 'acknowledged' });
  assert.deepEqual(checkTransition('concluded', 'acknowledge', ['hub'], false), { ok: false, problem: 'wrong_side' });
  assert.deepEqual(checkTransition('in_progress', 'acknowledge', ['referrer'], false), { ok: false, problem: 'illegal' });
});
