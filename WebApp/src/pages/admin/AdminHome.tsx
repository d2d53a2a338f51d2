import { Link } from "../../routing/Link";

export function AdminHome() {
  return (
    <section>
      <h1>Admin</h1>
      <ul className="account-links">
        <li><Link href="/admin/products">Products</Link>: create, change price and stock, take off sale</li>
        <li><Link href="/admin/orders">Orders</Link>: confirm and ship</li>
        <li><Link href="/admin/reports">Top customers</Link></li>
      </ul>
    </section>
  );
}
