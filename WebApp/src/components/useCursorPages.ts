import { useState } from "react";
import { useLoad } from "./useLoad";

/** A page as the APIs send it: the items, and the cursor of the next page (absent on the last one). */
export interface CursorPage<T> {
  data: T[];
  next_cursor?: string | null;
}

/**
 * A list read a page at a time with the API's cursor (never an offset): the first page loads with the screen, "more"
 * appends the next. A change of <paramref name="deps"/> (a new search) starts again from the first page.
 */
export function useCursorPages<T>(fetchPage: (cursor: string | undefined) => Promise<CursorPage<T>>, deps: unknown[]) {
  const [more, setMore] = useState<{ items: T[]; cursor?: string; problem?: unknown }>({ items: [] });
  const first = useLoad(async () => {
    const page = await fetchPage(undefined);
    setMore({ items: [], cursor: page.next_cursor ?? undefined });
    return page.data;
  }, deps);

  const loadMore = async () => {
    try {
      const page = await fetchPage(more.cursor);
      setMore((m) => ({ items: [...m.items, ...page.data], cursor: page.next_cursor ?? undefined }));
    } catch (problem) {
      setMore((m) => ({ ...m, problem }));
    }
  };

  return {
    items: [...(first.data ?? []), ...more.items],
    loading: first.loading,
    problem: first.problem,
    reload: first.reload,
    hasMore: more.cursor !== undefined,
    moreProblem: more.problem,
    loadMore: () => void loadMore(),
  };
}
