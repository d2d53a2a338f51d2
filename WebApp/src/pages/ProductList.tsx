import { useState, type FormEvent } from "react";
import { call, ordersApi } from "../api/clients";
import type { components } from "../api/generated/orders";
import { cart } from "../cart/cart";
import { Money } from "../components/Money";
import { ProblemAlert } from "../components/ProblemAlert";
import { useCursorPages } from "../components/useCursorPages";
import { pageSize } from "../config";
import { Link } from "../routing/Link";
import { navigate, useLocation } from "../routing/router";

type Product = components["schemas"]["ProductResponse"];

/** The storefront: active products by name search, a page at a time (the API's cursor, never an offset). */
export function ProductList() {
  const query = useLocation().searchParams.get("q") ?? "";
  const [search, setSearch] = useState(query);
  const list = useCursorPages(async (cursor) =>
    (await call(ordersApi.GET("/api/v1/products", { params: { query: { q: query || undefined, limit: pageSize, cursor } } }))).data, [query]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    navigate(search.trim() ? `/?q=${encodeURIComponent(search.trim())}` : "/");
  };

  const products = list.items;
  return (
    <section>
      <h1>Products</h1>
      <form role="search" className="search" onSubmit={submit}>
        <label htmlFor="search">Search by name</label>
        <input id="search" type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="e.g. Guide" />
        <button type="submit">Search</button>
      </form>
      {list.problem ? <ProblemAlert problem={list.problem} onRetry={list.reload} /> : null}
      {list.loading && <p aria-busy="true">Loading products…</p>}
      {!list.loading && !list.problem && products.length === 0 && <p>No products{query ? ` whose name starts with “${query}”` : ""}.</p>}
      <ul className="product-grid" aria-label="Products">
        {products.map((p) => <ProductCard key={p.sku} product={p} />)}
      </ul>
      {list.moreProblem ? <ProblemAlert problem={list.moreProblem} onRetry={list.loadMore} /> : null}
      {list.hasMore && <button type="button" className="secondary" onClick={list.loadMore}>More products</button>}
    </section>
  );
}

function ProductCard({ product }: { product: Product }) {
  const soldOut = product.stock === 0;
  return (
    <li className="card" data-sku={product.sku}>
      <h2><Link href={`/products/${encodeURIComponent(product.sku)}`}>{product.name}</Link></h2>
      <p className="price"><Money amount={product.unit_price} currency={product.currency} /></p>
      <p className="muted small">{soldOut ? "Out of stock" : `${product.stock} in stock`}</p>
      <button type="button" disabled={soldOut} aria-label={`Add ${product.name} to cart`}
        onClick={() => cart.add({ sku: product.sku, name: product.name, unitPrice: product.unit_price, currency: product.currency })}>
        Add to cart
      </button>
    </li>
  );
}
