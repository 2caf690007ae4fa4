import { abortReason } from '../net/retry';
import type { Page } from './types';

/**
 * Fetches every item of a `max`/`offset`/`totalSize` list: the first page,
 * then the remaining pages in parallel with bounded concurrency, in order.
 * When the server omits totalSize it pages on until a short page. A server
 * that lies is bounded: a totalSize below what the first page holds is
 * ignored (paging on until a short page), an inflated one stops at the first
 * short page, and a server that ignores `max` is not asked again for what it
 * already sent.
 *
 * At `maxItems` it stops and says so through `onTruncated`, so a caller can
 * tell the user the list is not whole.
 */
export interface PaginateOptions {
  pageSize?: number;
  /** Pages in flight at once after the first (default {@link DEFAULT_PAGE_CONCURRENCY}). */
  concurrency?: number;
  /** Stop after this many items (a guard against runaway lists). Default {@link DEFAULT_MAX_ITEMS}. */
  maxItems?: number;
  /** Called once when the list holds more than `maxItems` and only the first `maxItems` are returned. */
  onTruncated?: (truncation: Truncation) => void;
  signal?: AbortSignal;
  /**
   * The list's size the last time it was fetched. With it, every page it implies is asked at once (one round
   * trip instead of two: the first page no longer has to come back with `totalSize` before the others go out);
   * what the first page then says decides what is kept and what is still fetched.
   */
  expectedTotal?: number;
  /** Called with the `totalSize` the first page reported (to pass as `expectedTotal` next time). */
  onTotal?: (totalSize: number) => void;
  /**
   * false: never ask all pages at once from the last known size (PlatformClient.paginate), e.g. a background
   * refresh that hiding the view must be able to stop after its first page.
   */
  oneRoundTrip?: boolean;
}

/**
 * Ten pages in flight: a 1,000-item list (ten pages of 100) costs two round trips in sequence (first
 * page, then the other nine together) instead of four with a limit of four, while a 5,000-Studio
 * workspace still never has more than ten requests open against the Platform.
 */
export const DEFAULT_PAGE_CONCURRENCY = 10;

export const DEFAULT_MAX_ITEMS = 10_000;

export interface Truncation {
  /** How many items were returned (the cap). */
  kept: number;
  /** How many the server says the list holds; undefined when it does not say. */
  total?: number;
}

export type FetchPage<T> = (offset: number, max: number, signal?: AbortSignal) => Promise<Page<T>>;

export async function fetchAllPages<T>(fetchPage: FetchPage<T>, options: PaginateOptions = {}): Promise<T[]> {
  const pageSize = options.pageSize ?? 100;
  const maxItems = options.maxItems ?? DEFAULT_MAX_ITEMS;
  const signal = options.signal;
  const guess = Math.min(options.expectedTotal ?? 0, maxItems);
  if (guess > pageSize) {
    const hinted = await fetchHinted(fetchPage, pageSize, guess, options);
    if (hinted) return hinted;
  }
  const first = await fetchPage(0, pageSize, signal);
  // Only a server that pages as asked gets the one-round-trip fetch next time.
  if (first.totalSize !== undefined && (sent(first) === pageSize || sent(first) === first.totalSize)) options.onTotal?.(first.totalSize);
  return fetchAfterFirst(fetchPage, first, options);
}

/**
 * All pages of a list of about `guess` items at once. Undefined when the first page shows a server that
 * does not page as asked (no `totalSize`, more or fewer than `pageSize` items in a full page): the caller
 * then starts over the careful way, so such a server costs requests, never items.
 */
async function fetchHinted<T>(fetchPage: FetchPage<T>, pageSize: number, guess: number, options: PaginateOptions): Promise<T[] | undefined> {
  const signal = options.signal;
  const offsets: number[] = [];
  for (let offset = 0; offset < guess; offset += pageSize) offsets.push(offset);
  const pages = await mapWithConcurrency(offsets, options.concurrency ?? DEFAULT_PAGE_CONCURRENCY, (offset) => fetchPage(offset, pageSize, signal), signal);
  const first = pages[0] as Page<T>;
  const total = first.totalSize;
  if (total === undefined || sent(first) > total || (sent(first) !== pageSize && sent(first) !== total)) return undefined;
  options.onTotal?.(total);
  // The pages asked for as if they were the rest after the first: keep those before the real end.
  const rest = { ...first, items: [...first.items] };
  const maxItems = options.maxItems ?? DEFAULT_MAX_ITEMS;
  let received = sent(first);
  let short = sent(first) < pageSize;
  for (const page of pages.slice(1)) {
    if (short || received >= Math.min(total, maxItems)) break;
    rest.items.push(...page.items);
    received += sent(page);
    short = sent(page) < pageSize; // a short page: the real end (totalSize may be stale or inflated)
  }
  if (short) return rest.items.slice(0, maxItems);
  // Grown since last time: the pages past the guess are fetched as usual, after what is there.
  return fetchAfterFirst(fetchPage, { ...rest, received }, options);
}

/** The pages after `first` (one page, or every page the hint fetched, as one). */
async function fetchAfterFirst<T>(fetchPage: FetchPage<T>, first: Page<T>, options: PaginateOptions): Promise<T[]> {
  const pageSize = options.pageSize ?? 100;
  const maxItems = options.maxItems ?? DEFAULT_MAX_ITEMS;
  const signal = options.signal;
  const items = [...first.items];
  // Paging counts what the server sent; a page whose unreadable items were left out is not a short page.
  let received = sent(first);
  // Without totalSize, or with one below what the first page already holds (wrong), page on until a short page.
  if (first.totalSize === undefined || sent(first) > first.totalSize) {
    let last = first;
    while (sent(last) >= pageSize && received < maxItems) {
      last = await fetchPage(received, pageSize, signal);
      items.push(...last.items);
      received += sent(last);
    }
    // Past the cap there is more for sure; exactly at it after a full page, one more item is asked for to tell.
    const more =
      received > maxItems ||
      (received === maxItems && sent(last) >= pageSize && sent(await fetchPage(maxItems, 1, signal)) > 0);
    if (more) options.onTruncated?.({ kept: maxItems });
    return items.slice(0, maxItems);
  }
  if (sent(first) === 0) return [];
  const total = Math.min(first.totalSize, maxItems);
  // Pages follow on from what the first one held: a server that ignores `max` (sent more) is not asked for it
  // again, and one that caps `max` lower (sent less) is asked in steps of its own page size.
  const step = Math.min(pageSize, sent(first));
  const offsets: number[] = [];
  for (let offset = sent(first); offset < total; offset += step) offsets.push(offset);
  // A short page marks the real end of the list (totalSize may be stale or inflated): later offsets are not asked.
  let end = total;
  const pages = await mapWithConcurrency(
    offsets,
    options.concurrency ?? DEFAULT_PAGE_CONCURRENCY,
    async (offset): Promise<Page<T>> => {
      if (offset >= end) return { items: [] };
      const page = await fetchPage(offset, pageSize, signal);
      if (sent(page) < step) end = Math.min(end, offset + sent(page));
      return page;
    },
    signal,
  );
  for (const page of pages) items.push(...page.items);
  const all = sent(first) + pages.reduce((n, page) => n + sent(page), 0);
  if (first.totalSize > maxItems && all >= maxItems) options.onTruncated?.({ kept: maxItems, total: first.totalSize });
  return items.slice(0, maxItems);
}

/** How many items the server put in a page, readable or not. */
function sent<T>(page: Page<T>): number {
  return page.received ?? page.items.length;
}

/** Maps with at most `limit` calls in flight; results keep the input order; the first failure rejects. */
export async function mapWithConcurrency<A, B>(
  inputs: readonly A[],
  limit: number,
  fn: (input: A, index: number) => Promise<B>,
  signal?: AbortSignal,
): Promise<B[]> {
  const results = new Array<B>(inputs.length);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (next < inputs.length && !failed) {
      if (signal?.aborted) throw abortReason(signal);
      const i = next++;
      try {
        results[i] = await fn(inputs[i] as A, i);
      } catch (e) {
        failed = true;
        throw e;
      }
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(limit, inputs.length)) }, () => worker());
  await Promise.all(workers);
  return results;
}
