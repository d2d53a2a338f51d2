/**
 * An error answer from the backend, read from its application/problem+json body (RFC 9457), or made up in the same
 * shape when there was no answer at all (the network). The words shown to people come from here.
 */
export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string | undefined,
    /** Validation errors by field ("name", "items[1].quantity"), as the API names them. */
    readonly errors: Record<string, string[]>,
    /** Seconds to wait before trying again (429, 503), from Retry-After. */
    readonly retryAfter: number | undefined,
    readonly traceId: string | undefined,
  ) {
    super(detail ?? title);
  }

  /** From a response and its body, already parsed (openapi-fetch reads it), or read here. */
  static async from(response: Response, parsed?: unknown): Promise<Problem> {
    let body: Record<string, unknown> = typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : {};
    if (parsed === undefined && !response.bodyUsed && (response.headers.get("content-type") ?? "").includes("json")) {
      try { body = (await response.json()) as Record<string, unknown>; } catch { /* an empty or broken body: the status says enough */ }
    }
    const retryAfter = Number.parseInt(response.headers.get("retry-after") ?? "", 10);
    return new Problem(
      response.status,
      typeof body.title === "string" ? body.title : response.statusText || `HTTP ${response.status}`,
      typeof body.detail === "string" ? body.detail : undefined,
      isErrors(body.errors) ? body.errors : {},
      Number.isFinite(retryAfter) ? retryAfter : undefined,
      typeof body.trace_id === "string" ? body.trace_id : undefined);
  }

  static network(error: unknown): Problem {
    return new Problem(0, "The shop cannot be reached", error instanceof Error ? error.message : undefined, {}, undefined, undefined);
  }

  /** One sentence for a person: what happened and what to do. */
  get explanation(): string {
    switch (this.status) {
      case 0: return "The shop cannot be reached. Check your connection and try again.";
      case 401: return "Your session has ended. Sign in again.";
      case 403: return this.detail ?? "You are not allowed to do this.";
      case 412: return "Someone changed this in the meantime. Reload to see the latest version, then try again.";
      case 429: return `Too many requests. Try again in ${this.waitText}.`;
      case 503: return `The shop is busy or briefly unavailable. Try again${this.retryAfter ? ` in ${this.waitText}` : " in a moment"}.`;
      default: return this.detail ?? this.title;
    }
  }

  /** Whether waiting and trying the same thing again can succeed. */
  get retryable(): boolean {
    return this.status === 0 || this.status === 429 || this.status === 503 || this.status === 502 || this.status === 504;
  }

  /** The messages for one field, or for fields under it ("items[0]" gathers "items[0].quantity" and "items[0].sku"). */
  errorsFor(field: string): string[] {
    return Object.entries(this.errors)
      .filter(([key]) => sameField(key, field) || key.toLowerCase().startsWith(`${field.toLowerCase()}.`))
      .flatMap(([, messages]) => messages);
  }

  private get waitText(): string {
    const s = this.retryAfter ?? 1;
    return s < 60 ? `${s} second${s === 1 ? "" : "s"}` : `${Math.ceil(s / 60)} minute${s < 120 ? "" : "s"}`;
  }
}

function sameField(a: string, b: string): boolean {
  return a.localeCompare(b, undefined, { sensitivity: "accent" }) === 0;
}

function isErrors(value: unknown): value is Record<string, string[]> {
  return typeof value === "object" && value !== null
    && Object.values(value).every((v) => Array.isArray(v) && v.every((m) => typeof m === "string"));
}
