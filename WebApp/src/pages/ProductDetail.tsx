import { useState } from "react";
import { call, ordersApi } from "../api/clients";
import { cart } from "../cart/cart";
import { Money } from "../components/Money";
import { ProblemAlert } from "../components/ProblemAlert";
import { useLoad } from "../components/useLoad";
import { Link } from "../routing/Link";

export function ProductDetail({ sku }: { sku: string }) {
  const product = useLoad(async () => (await call(ordersApi.GET("/api/v1/products/{sku}", { params: { path: { sku } } }))).data, [sku]);
  const [quantity, setQuantity] = useState(1);
  const [added, setAdded] = useState(false);

  if (product.problem) return <ProblemAlert problem={product.problem} onRetry={product.reload} />;
  if (!product.data) return <p aria-busy="true">Loading…</p>;
  const p = product.data;
  return (
    <article className="panel">
      <p><Link href="/">← All products</Link></p>
      <h1>{p.name}</h1>
      <p className="muted small">SKU {p.sku}</p>
      {p.description && <p>{p.description}</p>}
      <p className="price"><Money amount={p.unit_price} currency={p.currency} /></p>
      <p>{p.active ? (p.stock > 0 ? `${p.stock} in stock` : "Out of stock") : "No longer sold"}</p>
      {p.active && p.stock > 0 && (
        <form className="inline" onSubmit={(e) => { e.preventDefault(); cart.add({ sku: p.sku, name: p.name, unitPrice: p.unit_price, currency: p.currency }, quantity); setAdded(true); }}>
          <label htmlFor="quantity">Quantity</label>
          <input id="quantity" type="number" min={1} max={p.stock} value={quantity} onChange={(e) => setQuantity(Math.max(1, Number(e.target.value) || 1))} />
          <button type="submit">Add to cart</button>
        </form>
      )}
      {added && <p role="status">Added. <Link href="/cart">Go to the cart</Link></p>}
    </article>
  );
}
