import { gatewayUrl } from "../config";

/** The Identity service's own pages (server-rendered, through the gateway): the app links to them, never imitates them. */
export type AccountPage = "register" | "resend-verification" | "forgot-password" | "change-password" | "change-email"
  | "sign-out-everywhere" | "delete";

export function accountPage(page: AccountPage): string {
  return `${gatewayUrl}/account/${page}`;
}
