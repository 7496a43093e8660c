import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadPages, type Loaded, type Page } from './queue-pages.ts';

type Item = { id: string };
/** A queue of `n` cases served 2 to a page, recording which cursors were asked for. */
function server(ids: string[]) {
  const asked: (string | undefined)[] = [];
  const fetchPage = async (cursor: string | undefined): Promise<Page<Item>> => {
    asked.push(cursor);
    const start = cursor ? ids.indexOf(cursor) + 1 : 0;
    const items = ids.slice(start, start + 2).map((id) => ({ id }));
    return { items, nextCursor: start + 2 < ids.length ? items.at(-1)!.id : null };
  };
  return { asked, fetchPage };
}
const none: Loaded<Item> = { key: '', pages: [] };

test('"show more" reads only the next page and appends it', async () => {
  const s = server(['a', 'b', 'c', 'd', 'e']);
  const first = await loadPages(s.fetchPage, none, { key: 'k', count: 1, appendOnly: false });
  assert.deepEqual(first.items.map((i) => i.id), ['a', 'b']);
  assert.equal(first.nextCursor, 'b');
  const second = await loadPages(s.fetchPage, first.loaded, { key: 'k', count: 2, appendOnly: true });
  assert.deepEqual(second.items.map((i) => i.id), ['a', 'b', 'c', 'd']);
  assert.deepEqual(s.asked, [undefined, 'b'], 'the first page is not read again');
  const third = await loadPages(s.fetchPage, second.loaded, { key: 'k', count: 3, appendOnly: true });
  assert.deepEqual(third.items.map((i) => i.id), ['a', 'b', 'c', 'd', 'e']);
  assert.equal(third.nextCursor, null, 'the last page points nowhere');
});

test('a live event reads every page shown again, so a case that changed is shown as it is now', async () => {
  const ids = ['a', 'b', 'c', 'd', 'e'];
  const s = server(ids);
  const two = await loadPages(s.fetchPage, none, { key: 'k', count: 1, appendOnly: false })
    .then((r) => loadPages(s.fetchPage, r.loaded, { key: 'k', count: 2, appendOnly: true }));
  ids.splice(1, 1); // 'b' was concluded and left the queue
  s.asked.length = 0;
  const again = await loadPages(s.fetchPage, two.loaded, { key: 'k', count: 2, appendOnly: false });
  assert.deepEqual(s.asked, [undefined, 'c']);
  assert.deepEqual(again.items.map((i) => i.id), ['a', 'c', 'd', 'e'], 'still two pages shown, without the case that left');
});

test('new filters start again from one page; a case seen on two pages is listed once', async () => {
  const s = server(['a', 'b', 'c']);
  const one = await loadPages(s.fetchPage, none, { key: 'urgent', count: 1, appendOnly: false });
  const other = await loadPages(s.fetchPage, one.loaded, { key: 'planned', count: 2, appendOnly: true });
  assert.deepEqual(s.asked, [undefined, undefined, 'b'], 'another filter is read from its first page');
  assert.deepEqual(other.items.map((i) => i.id), ['a', 'b', 'c']);
  const dup = await loadPages(async (c) => (c ? { items: [{ id: 'b' }, { id: 'c' }], nextCursor: null } : { items: [{ id: 'a' }, { id: 'b' }], nextCursor: 'b' }),
    none, { key: 'k', count: 2, appendOnly: false });
  assert.deepEqual(dup.items.map((i) => i.id), ['a', 'b', 'c']);
});
