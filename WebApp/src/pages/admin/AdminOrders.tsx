import { useState } from "react";
import { call, newIdempotencyKey, ordersApi } from "../../api/clients";
import type { components } from "../../api/generated/orders";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useLoad } from "../../components/useLoad";
import { OrderTable } from "../MyOrders";

type OrderStatus = components["schemas"]["OrderStatus"];
const statuses: OrderStatus[] = ["pending", "confirmed", "shipped", "cancelled"];

/** Every customer's orders by status: pending ones to confirm, confirmed ones to ship. */
export function AdminOrders() {
  const [status, setStatus] = useState<OrderStatus>("pending");
  const [problem, setProblem] = useState<unknown>();
  const orders = useLoad(async () => (await call(ordersApi.GET("/api/v1/orders", { params: { query: { all_customers: true, status, limit: 50 } } }))).data, [status]);

  const move = async (id: string, to: "confirm" | "ship") => {
    setProblem(undefined);
    try {
      const options = { params: { path: { id }, header: { "Idempotency-Key": newIdempotencyKey() } } };
      await call(to === "confirm" ? ordersApi.POST("/api/v1/orders/{id}/confirm", options) : ordersApi.POST("/api/v1/orders/{id}/ship", options));
      orders.reload();
    } catch (error) {
      setProblem(error);
    }
  };

  return (
    <section>
      <h1>Orders</h1>
      <div className="tabs" role="group" aria-label="Status">
        {statuses.map((s) => <button key={s} type="button" aria-pressed={s === status} onClick={() => setStatus(s)}>{s}</button>)}
      </div>
      {problem ? <ProblemAlert problem={problem} /> : null}
      {orders.problem ? <ProblemAlert problem={orders.problem} onRetry={orders.reload} /> : null}
      {orders.data && orders.data.data.length === 0 && <p>No {status} orders.</p>}
      {orders.data && orders.data.data.length > 0 && (
        <OrderTable orders={orders.data.data} actions={(o) =>
          o.status === "pending" ? <button type="button" onClick={() => void move(o.id, "confirm")} aria-label={`Confirm order ${o.number}`}>Confirm</button>
          : o.status === "confirmed" ? <button type="button" onClick={() => void move(o.id, "ship")} aria-label={`Ship order ${o.number}`}>Ship</button>
          : null} />
      )}
    </section>
  );
}
