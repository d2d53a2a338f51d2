import { useState } from "react";
import { call, ordersApi } from "../../api/clients";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useLoad } from "../../components/useLoad";

/** The customers who spent the most, above a minimum total (the report's own cursor paging). */
export function AdminReport() {
  const [minTotal, setMinTotal] = useState(0);
  const report = useLoad(async () => (await call(ordersApi.GET("/api/v1/reports/top-customers", { params: { query: { min_total: minTotal, limit: 20 } } }))).data, [minTotal]);

  return (
    <section>
      <h1>Top customers</h1>
      <form className="inline" onSubmit={(e) => { e.preventDefault(); setMinTotal(Number(new FormData(e.currentTarget).get("min") ?? 0)); }}>
        <label htmlFor="min">Spent at least</label>
        <input id="min" name="min" type="number" min={0} step="any" defaultValue={minTotal} />
        <button type="submit">Show</button>
      </form>
      {report.problem ? <ProblemAlert problem={report.problem} onRetry={report.reload} /> : null}
      {report.data && (
        <table className="lines">
          <thead><tr><th scope="col">Customer</th><th scope="col">Orders</th><th scope="col">Spent (in the shop's currency)</th></tr></thead>
          <tbody>
            {report.data.data.map((c) => (
              <tr key={c.user_id}><th scope="row">{c.name ?? "(deleted account)"}</th><td>{c.order_count}</td><td>{c.total_spent.toFixed(2)}</td></tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
