/**
 * The queue shown as pages of 50, one after another. "Show more" reads only the next page; anything else (new filters, a
 * live event) reads every page shown again from the start, so nothing on screen is stale and nobody who scrolled to the
 * third page is thrown back to the first.
 */
export interface Page<T> { items: T[]; nextCursor: string | null }

export interface Loaded<T> {
  key: string;
  pages: Page<T>[];
}

export async function loadPages<T extends { id: string }>(
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
  before: Loaded<T>,
  want: { key: string; count: number; appendOnly: boolean },
): Promise<{ loaded: Loaded<T>; items: T[]; nextCursor: string | null }> {
  const pages = want.appendOnly && before.key === want.key && before.pages.length === want.count - 1 ? [...before.pages] : [];
  while (pages.length < want.count) {
    const cursor = pages.at(-1)?.nextCursor ?? undefined;
    if (pages.length > 0 && !cursor) break;
    pages.push(await fetchPage(cursor));
  }
  // A case that moved between the reads of two neighbouring pages is shown once.
  const seen = new Set<string>();
  const items = pages.flatMap((p) => p.items).filter((c) => !seen.has(c.id) && !!seen.add(c.id));
  return { loaded: { key: want.key, pages }, items, nextCursor: pages.at(-1)?.nextCursor ?? null };
}
