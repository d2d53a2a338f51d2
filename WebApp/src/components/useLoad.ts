import { useCallback, useEffect, useState } from "react";

/** Loads something for a screen: the data, or the problem, and a way to load again. Stale answers are dropped. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): { data?: T; problem?: unknown; loading: boolean; reload: () => void } {
  const [state, setState] = useState<{ data?: T; problem?: unknown; loading: boolean }>({ loading: true });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let current = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => { if (current) setState({ data, loading: false }); },
      (problem: unknown) => { if (current) setState({ problem, loading: false }); });
    return () => { current = false; };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, attempt]);

  const reload = useCallback(() => setAttempt((a) => a + 1), []);
  return { ...state, reload };
}
