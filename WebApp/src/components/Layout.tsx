import type { ReactNode } from "react";
import { useSession } from "../auth/AuthContext";
import { useCart } from "../cart/cart";
import { Link } from "../routing/Link";
import { accountPage } from "../pages/accountPages";

/** The frame of every screen: a skip link, the navigation (what the person may use), the main content. */
export function Layout({ children }: { children: ReactNode }) {
  const { user, isAdmin, signIn, signOut } = useSession();
  const items = useCart().reduce((n, l) => n + l.quantity, 0);

  return (
    <>
      <a className="skip-link" href="#main">Skip to content</a>
      <header className="site-header">
        <Link href="/" className="brand">Shop</Link>
        <nav aria-label="Main">
          <ul>
            <li><Link href="/">Products</Link></li>
            <li><Link href="/cart">Cart{items > 0 ? ` (${items})` : ""}</Link></li>
            {user && <li><Link href="/orders">My orders</Link></li>}
            {user && <li><Link href="/profile">Profile</Link></li>}
            {isAdmin && <li><Link href="/admin">Admin</Link></li>}
          </ul>
        </nav>
        <div className="session">
          {user === null ? null : user
            ? <><span className="muted" data-testid="signed-in-as">{user.profile.name ?? user.profile.email}</span> <button type="button" onClick={() => void signOut()}>Sign out</button></>
            : <><a href={accountPage("register")}>Create account</a> <button type="button" onClick={() => void signIn()}>Sign in</button></>}
        </div>
      </header>
      <main id="main" tabIndex={-1}>{children}</main>
      <footer className="site-footer muted small">Prices and stock are the shop's: the total you pay is the one shown on your order.</footer>
    </>
  );
}
