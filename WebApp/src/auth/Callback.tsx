import { useEffect, useState } from "react";
import type { User } from "oidc-client-ts";
import { userManager } from "./userManager";
import { navigate } from "../routing/router";

// The code can be redeemed once: a second render of this page must not try again.
let finishing: Promise<User | undefined> | undefined;

/** Where Identity sends the browser back with a code (or an error): finish the sign-in, then go where the user was. */
export function Callback() {
  const [error, setError] = useState<string>();

  useEffect(() => {
    finishing ??= userManager.signinCallback();
    finishing.then(
      (user) => {
        if (window.parent !== window) return; // a silent sign-in's frame: the parent window takes it from here
        const state = user?.state;
        const returnTo = typeof state === "string" && state.startsWith("/") && !state.startsWith("//") ? state : "/";
        navigate(returnTo, { replace: true });
      },
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, []);

  return error
    ? <section className="panel"><h1>Sign-in did not complete</h1><p role="alert">{error}</p><p><a href="/">Back to the shop</a></p></section>
    : <p aria-busy="true">Signing you in…</p>;
}
