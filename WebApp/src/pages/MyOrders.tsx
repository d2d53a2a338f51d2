import { call, ordersApi } from "../api/clients";
import type { components } from "../api/generated/orders";
import { Money } from "../components/Money";
import { ProblemAlert } from "../components/ProblemAlert";
import { StatusBadge } from "../components/StatusBadge";
import { useCursorPages } from "../components/useCursorPages";
import { Link } from "../routing/Link";

type OrderSummary = components["schemas"]["OrderSummary"];

/** The signed-in customer's orders, newest first, a page at a time. The API shows each customer only their own. */
export function MyOrders() {
  const list = useCursorPages(async (cursor) =>
    (await call(ordersApi.GET("/api/v1/orders", { params: { query: { limit: 20, cursor } } }))).data, []);

  const orders = list.items;
  return (
    <section>
      <h1>My orders</h1>
      {list.problem ? <ProblemAlert problem={list.problem} onRetry={list.reload} /> : null}
      {list.loading && <p aria-busy="true">Loading your orders…</p>}
      {!list.loading && !list.problem && orders.length === 0 && <p>You have no orders yet. <Link href="/">Browse the products</Link>.</p>}
      {orders.length > 0 && <OrderTable orders={orders} />}
      {list.moreProblem ? <ProblemAlert problem={list.moreProblem} onRetry={list.loadMore} /> : null}
      {list.hasMore && <button type="button" className="secondary" onClick={list.loadMore}>More orders</button>}
    </section>
  );
}

export function OrderTable({ orders, actions }: { orders: OrderSummary[]; actions?: (order: OrderSummary) => React.ReactNode }) {
  return (
    <table className="lines">
      <thead><tr><th scope="col">Order</th><th scope="col">Placed</th><th scope="col">Items</th><th scope="col">Total</th><th scope="col">Status</th>{actions && <th scope="col">Actions</th>}</tr></thead>
      <tbody>
        {orders.map((o) => (
          <tr key={o.id} data-order={o.number}>
            <th scope="row"><Link href={`/orders/${o.id}`}>#{o.number}</Link></th>
            <td>{new Date(o.created_at).toLocaleString()}</td>
            <td>{o.item_count}</td>
            <td><Money amount={o.total} currency={o.currency} /></td>
            <td><StatusBadge status={o.status} /></td>
            {actions && <td>{actions(o)}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
