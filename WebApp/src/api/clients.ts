import createClient, { type Middleware } from "openapi-fetch";
import type { paths as OrdersPaths } from "./generated/orders";
import type { paths as UsersPaths } from "./generated/users";
import { accessToken } from "../auth/AuthContext";
import { gatewayUrl } from "../config";
import { Problem } from "./Problem";

/**
 * Typed clients for the two APIs, generated from the committed OpenAPI documents (npm run api-types). Every call goes
 * through the gateway with the signed-in user's access token, when there is one; anonymous reads (the catalog) go
 * without.
 */
const bearer: Middleware = {
  async onRequest({ request }) {
    const token = await accessToken();
    if (token) request.headers.set("Authorization", `Bearer ${token}`);
    return request;
  },
};

export const ordersApi = createClient<OrdersPaths>({ baseUrl: gatewayUrl });
export const usersApi = createClient<UsersPaths>({ baseUrl: gatewayUrl });
ordersApi.use(bearer);
usersApi.use(bearer);

/** The outcome of an API call as the screens use it: the body and the version (ETag), or a thrown Problem. */
export async function call<T>(request: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<{ data: T; etag: string | undefined }> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await request;
  } catch (e) {
    throw Problem.network(e);
  }
  if (!result.response.ok) throw await Problem.from(result.response, result.error);
  return { data: result.data as T, etag: result.response.headers.get("etag") ?? undefined };
}

/** A fresh Idempotency-Key for one intended action: a retry of the same action reuses it, so the server acts once. */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}
