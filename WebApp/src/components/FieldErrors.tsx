import { Problem } from "../api/Problem";

/** The server's validation messages for one field, placed next to it and tied to it for screen readers. */
export function FieldErrors({ id, problem, field }: { id: string; problem: unknown; field: string }) {
  const messages = problem instanceof Problem ? problem.errorsFor(field) : [];
  if (messages.length === 0) return null;
  return <p id={id} className="field-error" role="alert">{messages.join(" ")}</p>;
}

/** Whether a field has errors (for aria-invalid). */
export function hasErrors(problem: unknown, field: string): boolean {
  return problem instanceof Problem && problem.errorsFor(field).length > 0;
}
