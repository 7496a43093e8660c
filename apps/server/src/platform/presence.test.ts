import { test } from 'node:test';
import assert from 'node:assert/strict';
import type pg from 'pg';
import { Presence } from './presence.ts';

test('a channel closed while its presence row is still being written leaves no row behind', async () => {
  // A pool whose INSERT is slow and DELETE fast: two connections, so unordered they would cross.
  const done: string[] = [];
  const pool = {
    query: async (sql: string) => {
      const op = sql.trimStart().split(' ')[0];
      await new Promise((r) => setTimeout(r, op === 'INSERT' ? 40 : 0));
      done.push(op);
      return { rows: [] };
    },
  } as unknown as pg.Pool;
  const presence = new Presence(pool);
  const opened = presence.connected('u1');
  const closed = presence.disconnected('u1');
  await Promise.all([opened, closed]);
  assert.deepEqual(done, ['INSERT', 'DELETE']);
});
