import { useState } from "react";
import { call, newIdempotencyKey, ordersApi } from "../api/clients";
import { Problem } from "../api/Problem";
import { useSession } from "../auth/AuthContext";
import { cart, useCart } from "../cart/cart";
import { FieldErrors, hasErrors } from "../components/FieldErrors";
import { Money } from "../components/Money";
import { ProblemAlert } from "../components/ProblemAlert";
import { Link } from "../routing/Link";
import { navigate } from "../routing/router";
import { accountPage } from "./accountPages";

/**
 * The cart and checkout. The request carries only SKUs and quantities; the shop prices them and the order shows its
 * total. One Idempotency-Key per intended order: pressing again or retrying after a lost answer never orders twice.
 */
export function CartPage() {
  const lines = useCart();
  const { user, signIn } = useSession();
  const [problem, setProblem] = useState<unknown>();
  const [placing, setPlacing] = useState(false);
  const [attempt, setAttempt] = useState<{ key: string; cart: string }>();

  const estimate = lines.reduce((sum, l) => sum + l.unitPrice * l.quantity, 0);
  const currency = lines[0]?.currency ?? "EUR";

  const placeOrder = async () => {
    const snapshot = JSON.stringify(lines.map((l) => [l.sku, l.quantity]));
    const key = attempt?.cart === snapshot ? attempt.key : newIdempotencyKey();
    setAttempt({ key, cart: snapshot });
    setPlacing(true);
    setProblem(undefined);
    try {
      const { data } = await call(ordersApi.POST("/api/v1/orders", {
        params: { header: { "Idempotency-Key": key } },
        body: { items: lines.map((l) => ({ sku: l.sku, quantity: l.quantity })) },
      }));
      cart.clear();
      navigate(`/orders/${data.id}?placed=1`);
    } catch (e) {
      setProblem(e);
    } finally {
      setPlacing(false);
    }
  };

  if (lines.length === 0) {
    return <section><h1>Your cart</h1><p>Your cart is empty. <Link href="/">Browse the products</Link>.</p></section>;
  }

  const unverified = problem instanceof Problem && problem.status === 403;
  // Problems about lines are shown on their lines; the summary then only says so.
  const lineProblems = problem instanceof Problem && Object.keys(problem.errors).length > 0
    && Object.keys(problem.errors).every((field) => field.startsWith("items["));
  return (
    <section>
      <h1>Your cart</h1>
      <table className="lines">
        <caption className="visually-hidden">Products in your cart</caption>
        <thead><tr><th scope="col">Product</th><th scope="col">Price</th><th scope="col">Quantity</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr></thead>
        <tbody>
          {lines.map((l, i) => (
            <tr key={l.sku} data-sku={l.sku} className={hasErrors(problem, `items[${i}]`) ? "line-error" : undefined}>
              <th scope="row">
                <Link href={`/products/${encodeURIComponent(l.sku)}`}>{l.name}</Link>
                <FieldErrors id={`line-${i}-error`} problem={problem} field={`items[${i}]`} />
              </th>
              <td><Money amount={l.unitPrice} currency={l.currency} /></td>
              <td>
                <label className="visually-hidden" htmlFor={`quantity-${i}`}>Quantity of {l.name}</label>
                <input id={`quantity-${i}`} type="number" min={0} value={l.quantity} aria-invalid={hasErrors(problem, `items[${i}]`)}
                  aria-describedby={hasErrors(problem, `items[${i}]`) ? `line-${i}-error` : undefined}
                  onChange={(e) => cart.setQuantity(l.sku, Math.max(0, Math.floor(Number(e.target.value) || 0)))} />
              </td>
              <td><button type="button" className="link" onClick={() => cart.remove(l.sku)} aria-label={`Remove ${l.name}`}>Remove</button></td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>Estimated total: <Money amount={estimate} currency={currency} /> <span className="muted small">(the shop confirms prices when you order)</span></p>
      {lineProblems
        ? <p className="alert" role="alert">Some lines cannot be ordered as they are: change them as shown above, then place the order again. Nothing was reserved.</p>
        : problem ? <ProblemAlert problem={problem} onRetry={() => void placeOrder()} /> : null}
      {unverified && <p><a href={accountPage("resend-verification")}>Send the verification email again</a></p>}
      {user
        ? <button type="button" className="primary" disabled={placing} onClick={() => void placeOrder()}>{placing ? "Placing your order…" : "Place order"}</button>
        : user === undefined && <button type="button" className="primary" onClick={() => void signIn("/cart")}>Sign in to order</button>}
    </section>
  );
}
