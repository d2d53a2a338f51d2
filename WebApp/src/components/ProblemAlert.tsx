import { useEffect, useState } from "react";
import { Problem } from "../api/Problem";

/** An error in words, with a way to try again when trying again can help (after the wait the server asked for). */
export function ProblemAlert({ problem, onRetry }: { problem: unknown; onRetry?: () => void }) {
  const p = problem instanceof Problem ? problem : Problem.network(problem);
  const [wait, setWait] = useState(p.retryAfter ?? 0);

  useEffect(() => {
    setWait(p.retryAfter ?? 0);
    if (!p.retryAfter) return;
    const timer = window.setInterval(() => setWait((s) => Math.max(0, s - 1)), 1000);
    return () => window.clearInterval(timer);
  }, [p]);

  return (
    <div className="alert" role="alert" data-status={p.status}>
      <p>{p.explanation}</p>
      {p.traceId && <p className="muted small">Reference: {p.traceId}</p>}
      {onRetry && p.retryable && (
        <button type="button" onClick={onRetry} disabled={wait > 0}>{wait > 0 ? `Try again in ${wait} s` : "Try again"}</button>
      )}
    </div>
  );
}
