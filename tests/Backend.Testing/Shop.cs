using System.Net;
using System.Text.Json;

namespace Backend.Testing;

/// <summary>
/// The shop as tests use it, through its API: an admin puts products in the catalog (unique SKUs, so tests never
/// share stock), a customer orders them by SKU and quantity, each order with its own Idempotency-Key.
/// </summary>
public static class Shop
{
    /// <summary>Creates an active product; returns its SKU (<paramref name="skuPrefix"/> and a unique suffix).</summary>
    public static async Task<string> AddProductAsync(ApiClient admin, string skuPrefix, string name, decimal unitPrice, int stock = 10_000,
        CancellationToken ct = default)
    {
        var sku = $"{skuPrefix}-{Guid.NewGuid():N}"[..Math.Min(64, skuPrefix.Length + 13)];
        using var response = await admin.PostAsync("/api/v1/products", new { sku, name, unit_price = unitPrice, stock },
            ("Idempotency-Key", Guid.NewGuid().ToString()), ct);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new BackendAssertionException($"Creating product {sku}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
        }

        return sku;
    }

    /// <summary>An order request: SKUs and quantities, nothing else (the server prices it).</summary>
    public static object Order(params (string Sku, int Quantity)[] lines) =>
        new { items = lines.Select(l => new { sku = l.Sku, quantity = l.Quantity }).ToArray() };

    /// <summary>POST /api/v1/orders with <paramref name="idempotencyKey"/>, or a new one.</summary>
    public static Task<HttpResponseMessage> PlaceOrderAsync(this ApiClient api, object order, string? idempotencyKey = null, CancellationToken ct = default) =>
        api.PostAsync("/api/v1/orders", order, ("Idempotency-Key", idempotencyKey ?? Guid.NewGuid().ToString()), ct);

    /// <summary>Places an order that must be accepted; returns it.</summary>
    public static async Task<JsonElement> PlaceAcceptedOrderAsync(this ApiClient api, object order, string? idempotencyKey = null, CancellationToken ct = default)
    {
        using var response = await api.PlaceOrderAsync(order, idempotencyKey, ct);
        var json = await ApiClient.ReadJsonAsync(response, ct);
        return response.StatusCode == HttpStatusCode.Created
            ? json
            : throw new BackendAssertionException($"Placing an order: {(int)response.StatusCode} {json}");
    }
}
