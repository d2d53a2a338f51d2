import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import type { User } from "oidc-client-ts";
import { userManager } from "./userManager";

/** Who is signed in, as the app sees it: the claims of the ID token, and how to act on the session. */
export interface Session {
  /** null while the app is finding out (a silent sign-in after a reload), then the user or undefined. */
  user: User | null | undefined;
  isAdmin: boolean;
  signIn: (returnTo?: string) => Promise<void>;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<Session | undefined>(undefined);

/** sessionStorage holds only this marker (never a token): "this tab was signed in", so a reload tries a silent sign-in. */
const signedInMarker = "shop.signed-in";

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null | undefined>(null);

  useEffect(() => {
    const loaded = (u: User) => { sessionStorage.setItem(signedInMarker, "1"); setUser(u); };
    const unloaded = () => setUser(undefined);
    userManager.events.addUserLoaded(loaded);
    userManager.events.addUserUnloaded(unloaded);
    // A renewal that fails (the session was ended elsewhere: "sign out everywhere", a deleted account) signs out here too.
    const renewFailed = () => { sessionStorage.removeItem(signedInMarker); void userManager.removeUser(); };
    userManager.events.addSilentRenewError(renewFailed);

    void (async () => {
      const current = await userManager.getUser();
      if (current && !current.expired) {
        setUser(current);
      } else if (sessionStorage.getItem(signedInMarker) && window.location.pathname !== "/callback") {
        try {
          setUser(await userManager.signinSilent());
        } catch {
          sessionStorage.removeItem(signedInMarker);
          setUser(undefined);
        }
      } else if (window.location.pathname !== "/callback") {
        setUser(undefined);
      }
    })();

    return () => {
      userManager.events.removeUserLoaded(loaded);
      userManager.events.removeUserUnloaded(unloaded);
      userManager.events.removeSilentRenewError(renewFailed);
    };
  }, []);

  const session = useMemo<Session>(() => ({
    user,
    isAdmin: rolesOf(user).includes("admin"),
    signIn: (returnTo) => userManager.signinRedirect({ state: returnTo ?? currentPath() }),
    signOut: async () => {
      sessionStorage.removeItem(signedInMarker);
      await userManager.signoutRedirect();
    },
  }), [user]);

  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession is used outside AuthProvider.");
  return session;
}

/** The access token for an API call, renewed first if it has expired (a tab that slept through its renewal). */
export async function accessToken(): Promise<string | undefined> {
  const user = await userManager.getUser();
  if (!user) return undefined;
  if (!user.expired) return user.access_token;
  try {
    return (await userManager.signinSilent())?.access_token;
  } catch {
    return undefined;
  }
}

function rolesOf(user: User | null | undefined): string[] {
  const role = user?.profile["role"];
  return Array.isArray(role) ? role.map(String) : typeof role === "string" ? [role] : [];
}

function currentPath(): string {
  return window.location.pathname + window.location.search;
}
