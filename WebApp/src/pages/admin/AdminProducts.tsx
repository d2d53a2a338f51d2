import { useState, type FormEvent } from "react";
import { call, newIdempotencyKey, ordersApi } from "../../api/clients";
import { Money } from "../../components/Money";
import { TextField } from "../../components/TextField";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useCursorPages } from "../../components/useCursorPages";
import { Link } from "../../routing/Link";

/** Every product, on sale or not (the API shows admins both), and a form for a new one. */
export function AdminProducts() {
  const list = useCursorPages(async (cursor) =>
    (await call(ordersApi.GET("/api/v1/products", { params: { query: { limit: 50, cursor } } }))).data, []);

  const products = list.items;
  return (
    <section>
      <h1>Products</h1>
      <NewProductForm onCreated={list.reload} />
      {list.problem ? <ProblemAlert problem={list.problem} onRetry={list.reload} /> : null}
      <table className="lines">
        <thead><tr><th scope="col">SKU</th><th scope="col">Name</th><th scope="col">Price</th><th scope="col">Stock</th><th scope="col">On sale</th></tr></thead>
        <tbody>
          {products.map((p) => (
            <tr key={p.sku} data-sku={p.sku}>
              <th scope="row"><Link href={`/admin/products/${encodeURIComponent(p.sku)}`}>{p.sku}</Link></th>
              <td>{p.name}</td>
              <td><Money amount={p.unit_price} currency={p.currency} /></td>
              <td>{p.stock}</td>
              <td>{p.active ? "Yes" : "No"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {list.moreProblem ? <ProblemAlert problem={list.moreProblem} onRetry={list.loadMore} /> : null}
      {list.hasMore && <button type="button" className="secondary" onClick={list.loadMore}>More products</button>}
    </section>
  );
}

function NewProductForm({ onCreated }: { onCreated: () => void }) {
  const empty = { sku: "", name: "", description: "", unit_price: "", stock: "" };
  const [form, setForm] = useState(empty);
  const [problem, setProblem] = useState<unknown>();
  const [created, setCreated] = useState<string>();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(undefined);
    try {
      const { data } = await call(ordersApi.POST("/api/v1/products", {
        params: { header: { "Idempotency-Key": newIdempotencyKey() } },
        body: {
          sku: form.sku, name: form.name, description: form.description || null,
          unit_price: form.unit_price === "" ? null : Number(form.unit_price),
          stock: form.stock === "" ? null : Number(form.stock),
        },
      }));
      setCreated(data.sku);
      setForm(empty);
      onCreated();
    } catch (error) {
      setProblem(error);
    }
  };

  const field = (name: keyof typeof form, label: string, type: "text" | "number" = "text") => (
    <TextField id={`new-${name}`} label={label} field={name} type={type} value={form[name]} problem={problem}
      onChange={(value) => setForm({ ...form, [name]: value })} />
  );

  return (
    <form className="panel form grid" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="new-product">
      <h2 id="new-product">New product</h2>
      {field("sku", "SKU")}
      {field("name", "Name")}
      {field("description", "Description")}
      {field("unit_price", "Unit price", "number")}
      {field("stock", "Stock", "number")}
      {problem && Object.keys((problem as { errors?: object }).errors ?? {}).length === 0 ? <ProblemAlert problem={problem} /> : null}
      {created && <p role="status" className="success">Created {created}.</p>}
      <button type="submit" className="primary">Create product</button>
    </form>
  );
}
