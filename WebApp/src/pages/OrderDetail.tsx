import { useState } from "react";
import { call, newIdempotencyKey, ordersApi } from "../api/clients";
import { useSession } from "../auth/AuthContext";
import { Money } from "../components/Money";
import { ProblemAlert } from "../components/ProblemAlert";
import { StatusBadge } from "../components/StatusBadge";
import { useLoad } from "../components/useLoad";
import { Link } from "../routing/Link";
import { useLocation } from "../routing/router";

type Transition = "cancel" | "confirm" | "ship";

/** One order as the shop recorded it: its lines at the prices of the day, its total, its status and what can be done next. */
export function OrderDetail({ id }: { id: string }) {
  const placed = useLocation().searchParams.get("placed") === "1";
  const { isAdmin } = useSession();
  const order = useLoad(() => call(ordersApi.GET("/api/v1/orders/{id}", { params: { path: { id } } })), [id]);
  const [problem, setProblem] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const move = async (to: Transition) => {
    if (!order.data) return;
    setBusy(true);
    setProblem(undefined);
    try {
      // If-Match: act on the order as shown, not on one that changed since (412 otherwise).
      const headers: Record<string, string> = order.data.etag ? { "If-Match": order.data.etag } : {};
      const path = { params: { path: { id }, header: { "Idempotency-Key": newIdempotencyKey() } }, headers };
      await call(to === "cancel" ? ordersApi.POST("/api/v1/orders/{id}/cancel", path)
        : to === "confirm" ? ordersApi.POST("/api/v1/orders/{id}/confirm", path)
        : ordersApi.POST("/api/v1/orders/{id}/ship", path));
      order.reload();
    } catch (e) {
      setProblem(e);
    } finally {
      setBusy(false);
    }
  };

  if (order.problem) return <ProblemAlert problem={order.problem} onRetry={order.reload} />;
  if (!order.data) return <p aria-busy="true">Loading the order…</p>;
  const o = order.data.data;
  return (
    <article className="panel">
      <p><Link href={isAdmin ? "/admin/orders" : "/orders"}>← Orders</Link></p>
      {placed && <p role="status" className="success">Thank you: order #{o.number} is placed. We have emailed you its details.</p>}
      <h1>Order #{o.number} <StatusBadge status={o.status} /></h1>
      <p className="muted">Placed {new Date(o.created_at).toLocaleString()}</p>
      <table className="lines">
        <thead><tr><th scope="col">Product</th><th scope="col">Quantity</th><th scope="col">Unit price</th><th scope="col">Line total</th></tr></thead>
        <tbody>
          {o.items.map((l) => (
            <tr key={l.sku}><th scope="row">{l.name}</th><td>{l.quantity}</td><td><Money amount={l.unit_price} currency={o.currency} /></td><td><Money amount={l.line_total} currency={o.currency} /></td></tr>
          ))}
        </tbody>
        <tfoot><tr><th scope="row" colSpan={3}>Total</th><td data-testid="order-total"><Money amount={o.total} currency={o.currency} /></td></tr></tfoot>
      </table>
      {problem ? <ProblemAlert problem={problem} /> : null}
      <div className="actions">
        {(o.status === "pending" || o.status === "confirmed") && <button type="button" className="secondary" disabled={busy} onClick={() => void move("cancel")}>Cancel order</button>}
        {isAdmin && o.status === "pending" && <button type="button" className="primary" disabled={busy} onClick={() => void move("confirm")}>Confirm</button>}
        {isAdmin && o.status === "confirmed" && <button type="button" className="primary" disabled={busy} onClick={() => void move("ship")}>Mark as shipped</button>}
      </div>
    </article>
  );
}
