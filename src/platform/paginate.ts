import { abortReason } from '../net/retry';
import type { Page } from './types';

/**
 * Fetches every item of a `max`/`offset`/`totalSize` list: the first page,
 * then the remaining pages in parallel with bounded concurrency, in order.
 * When the server omits totalSize it pages on until a short page.
 */
export interface PaginateOptions {
  pageSize?: number;
  concurrency?: number;
  /** Stop after this many items (a guard against runaway lists). */
  maxItems?: number;
  signal?: AbortSignal;
}

export type FetchPage<T> = (offset: number, max: number, signal?: AbortSignal) => Promise<Page<T>>;

export async function fetchAllPages<T>(fetchPage: FetchPage<T>, options: PaginateOptions = {}): Promise<T[]> {
  const pageSize = options.pageSize ?? 100;
  const maxItems = options.maxItems ?? 10_000;
  const signal = options.signal;
  const first = await fetchPage(0, pageSize, signal);
  const items = [...first.items];
  if (first.totalSize === undefined) {
    let last = first;
    while (last.items.length >= pageSize && items.length < maxItems) {
      last = await fetchPage(items.length, pageSize, signal);
      items.push(...last.items);
    }
    return items.slice(0, maxItems);
  }
  const total = Math.min(first.totalSize, maxItems);
  const offsets: number[] = [];
  for (let offset = pageSize; offset < total; offset += pageSize) offsets.push(offset);
  const pages = await mapWithConcurrency(offsets, options.concurrency ?? 4, (offset) => fetchPage(offset, pageSize, signal), signal);
  for (const page of pages) items.push(...page.items);
  return items.slice(0, maxItems);
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
