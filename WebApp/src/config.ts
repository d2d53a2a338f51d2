/**
 * Where the backend is. Built and served by the gateway, the app is on the gateway's own origin; the Vite dev server
 * (port 5173) is told the gateway's address through VITE_GATEWAY_URL, which the AppHost sets.
 */
export const gatewayUrl: string = (import.meta.env.VITE_GATEWAY_URL as string | undefined)?.replace(/\/$/, "") ?? window.location.origin;

/** The public client the Identity service registers for this app (authorization code + PKCE, no secret). */
export const clientId = "web";

/** What the app asks for: who the person is, their roles, a refresh token, and the two APIs. */
export const scopes = "openid profile email roles offline_access users.read users.write orders.read orders.write";

export const pageSize = 12;
