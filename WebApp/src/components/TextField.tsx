import { FieldErrors, hasErrors } from "./FieldErrors";

/** A labelled input whose server-side validation messages (by the API's field name) sit under it. */
export function TextField({ id, label, field, value, onChange, problem, type = "text" }: {
  id: string; label: string; field: string; value: string; onChange: (value: string) => void; problem: unknown; type?: "text" | "number";
}) {
  const invalid = hasErrors(problem, field);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} type={type} step={type === "number" ? "any" : undefined} value={value} onChange={(e) => onChange(e.target.value)}
        aria-invalid={invalid} aria-describedby={invalid ? `${id}-error` : undefined} />
      <FieldErrors id={`${id}-error`} problem={problem} field={field} />
    </div>
  );
}
