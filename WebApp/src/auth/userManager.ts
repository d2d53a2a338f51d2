import { InMemoryWebStorage, UserManager, WebStorageStateStore } from "oidc-client-ts";
import { clientId, gatewayUrl, scopes } from "../config";

/**
 * Tokens live in memory only (never localStorage or sessionStorage, where any script on the page could read them after a
 * reload). A reload therefore signs in again silently through Identity's cookie session: see docs/storefront.md.
 * The refresh token rotates at each renewal, which starts a minute before the access token expires.
 */
export const userManager = new UserManager({
  authority: gatewayUrl,
  client_id: clientId,
  redirect_uri: `${window.location.origin}/callback`,
  post_logout_redirect_uri: `${window.location.origin}/`,
  response_type: "code",
  scope: scopes,
  userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
  automaticSilentRenew: true,
  accessTokenExpiringNotificationTimeInSeconds: 60,
  loadUserInfo: false,
  monitorSession: false,
});
