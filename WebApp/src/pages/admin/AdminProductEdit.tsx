import { useEffect, useState, type FormEvent } from "react";
import { call, newIdempotencyKey, ordersApi } from "../../api/clients";
import { TextField } from "../../components/TextField";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useLoad } from "../../components/useLoad";
import { Link } from "../../routing/Link";

/** One product's name, price and stock, changed with If-Match: two admins editing at once never overwrite each other unseen. */
export function AdminProductEdit({ sku }: { sku: string }) {
  const product = useLoad(() => call(ordersApi.GET("/api/v1/products/{sku}", { params: { path: { sku } } })), [sku]);
  const [form, setForm] = useState({ name: "", description: "", unit_price: "", stock: "" });
  const [problem, setProblem] = useState<unknown>();
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    const p = product.data?.data;
    if (p) setForm({ name: p.name, description: p.description ?? "", unit_price: String(p.unit_price), stock: String(p.stock) });
  }, [product.data]);

  const versioned = (): Record<string, string> => (product.data?.etag ? { "If-Match": product.data.etag } : {});

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(undefined);
    setSaved(false);
    try {
      await call(ordersApi.PUT("/api/v1/products/{sku}", {
        params: { path: { sku } },
        headers: versioned(),
        body: { name: form.name, description: form.description || null, unit_price: Number(form.unit_price), stock: Number(form.stock) },
      }));
      setSaved(true);
      product.reload();
    } catch (error) {
      setProblem(error);
    }
  };

  const setActive = async (active: boolean) => {
    setProblem(undefined);
    try {
      const options = { params: { path: { sku }, header: { "Idempotency-Key": newIdempotencyKey() } }, headers: versioned() };
      await call(active ? ordersApi.POST("/api/v1/products/{sku}/activate", options) : ordersApi.POST("/api/v1/products/{sku}/deactivate", options));
      product.reload();
    } catch (error) {
      setProblem(error);
    }
  };

  if (product.problem) return <ProblemAlert problem={product.problem} onRetry={product.reload} />;
  if (!product.data) return <p aria-busy="true">Loading…</p>;
  const p = product.data.data;
  const field = (name: keyof typeof form, label: string, type: "text" | "number" = "text") => (
    <TextField id={`edit-${name}`} label={label} field={name} type={type} value={form[name]} problem={problem}
      onChange={(value) => setForm({ ...form, [name]: value })} />
  );

  return (
    <section>
      <p><Link href="/admin/products">← Products</Link></p>
      <h1>{p.sku} {p.active ? null : <span className="badge badge-cancelled">off sale</span>}</h1>
      <form className="panel form grid" onSubmit={(e) => void save(e)} noValidate>
        {field("name", "Name")}
        {field("description", "Description")}
        {field("unit_price", `Unit price (${p.currency})`, "number")}
        {field("stock", "Stock", "number")}
        {problem && Object.keys((problem as { errors?: object }).errors ?? {}).length === 0 ? <ProblemAlert problem={problem} onRetry={product.reload} /> : null}
        {saved && <p role="status" className="success">Saved.</p>}
        <div className="actions">
          <button type="submit" className="primary">Save</button>
          {p.active
            ? <button type="button" className="secondary" onClick={() => void setActive(false)}>Take off sale</button>
            : <button type="button" className="secondary" onClick={() => void setActive(true)}>Put back on sale</button>}
        </div>
      </form>
    </section>
  );
}
