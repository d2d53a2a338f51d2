import type { ReactNode } from "react";
import { AuthProvider, useSession } from "./auth/AuthContext";
import { Callback } from "./auth/Callback";
import { Layout } from "./components/Layout";
import { AdminHome } from "./pages/admin/AdminHome";
import { AdminOrders } from "./pages/admin/AdminOrders";
import { AdminProductEdit } from "./pages/admin/AdminProductEdit";
import { AdminProducts } from "./pages/admin/AdminProducts";
import { AdminReport } from "./pages/admin/AdminReport";
import { CartPage } from "./pages/CartPage";
import { MyOrders } from "./pages/MyOrders";
import { OrderDetail } from "./pages/OrderDetail";
import { ProductDetail } from "./pages/ProductDetail";
import { ProductList } from "./pages/ProductList";
import { Profile } from "./pages/Profile";
import { match, useLocation } from "./routing/router";

export function App() {
  return (
    <AuthProvider>
      <Layout>
        <Routes />
      </Layout>
    </AuthProvider>
  );
}

/** Every screen, by path. Guards only shape what is shown: the APIs refuse what a role may not do anyway. */
function Routes() {
  const path = useLocation().pathname;
  let params: Record<string, string> | undefined;

  if (path === "/") return <ProductList />;
  if (path === "/callback") return <Callback />;
  if (path === "/cart") return <CartPage />;
  if ((params = match("/products/:sku", path))) return <ProductDetail sku={params.sku!} />;
  if (path === "/orders") return <SignedIn><MyOrders /></SignedIn>;
  if ((params = match("/orders/:id", path))) return <SignedIn><OrderDetail id={params.id!} /></SignedIn>;
  if (path === "/profile") return <SignedIn><Profile /></SignedIn>;
  if (path === "/admin") return <AdminOnly><AdminHome /></AdminOnly>;
  if (path === "/admin/products") return <AdminOnly><AdminProducts /></AdminOnly>;
  if ((params = match("/admin/products/:sku", path))) return <AdminOnly><AdminProductEdit sku={params.sku!} /></AdminOnly>;
  if (path === "/admin/orders") return <AdminOnly><AdminOrders /></AdminOnly>;
  if (path === "/admin/reports") return <AdminOnly><AdminReport /></AdminOnly>;
  return <section><h1>Page not found</h1><p>There is nothing at this address. <a href="/">Go to the products</a>.</p></section>;
}

function SignedIn({ children }: { children: ReactNode }) {
  const { user, signIn } = useSession();
  if (user === null) return <p aria-busy="true">Loading…</p>;
  if (!user) {
    return <section><h1>Sign in</h1><p>Sign in to see this page.</p><button type="button" className="primary" onClick={() => void signIn()}>Sign in</button></section>;
  }
  return <>{children}</>;
}

function AdminOnly({ children }: { children: ReactNode }) {
  const { isAdmin } = useSession();
  return (
    <SignedIn>
      {isAdmin ? children : <section><h1>Not allowed</h1><p role="alert">This page is for the shop's staff.</p></section>}
    </SignedIn>
  );
}
