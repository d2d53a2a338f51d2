import { useSyncExternalStore } from "react";

/** A line of the cart. Name and price are the catalog's at the time, shown as a guide: the server prices the order. */
export interface CartLine {
  sku: string;
  name: string;
  unitPrice: number;
  currency: string;
  quantity: number;
}

// The cart is no secret and should survive a reload or a sign-in, so it lives in localStorage (tokens never do).
const key = "shop.cart";
const listeners = new Set<() => void>();
let snapshot: CartLine[] = read();

window.addEventListener("storage", (e) => { if (e.key === key) { snapshot = read(); listeners.forEach((l) => l()); } });

function read(): CartLine[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(key) ?? "[]");
    return Array.isArray(parsed) ? (parsed as CartLine[]).filter((l) => typeof l?.sku === "string" && Number.isInteger(l.quantity) && l.quantity > 0) : [];
  } catch {
    return [];
  }
}

function write(lines: CartLine[]): void {
  snapshot = lines;
  localStorage.setItem(key, JSON.stringify(lines));
  listeners.forEach((l) => l());
}

export const cart = {
  add(line: Omit<CartLine, "quantity">, quantity = 1): void {
    const existing = snapshot.find((l) => l.sku === line.sku);
    write(existing
      ? snapshot.map((l) => (l.sku === line.sku ? { ...l, ...line, quantity: l.quantity + quantity } : l))
      : [...snapshot, { ...line, quantity }]);
  },
  setQuantity(sku: string, quantity: number): void {
    write(quantity <= 0 ? snapshot.filter((l) => l.sku !== sku) : snapshot.map((l) => (l.sku === sku ? { ...l, quantity } : l)));
  },
  remove(sku: string): void {
    write(snapshot.filter((l) => l.sku !== sku));
  },
  clear(): void {
    write([]);
  },
};

export function useCart(): CartLine[] {
  return useSyncExternalStore((l) => { listeners.add(l); return () => listeners.delete(l); }, () => snapshot);
}
