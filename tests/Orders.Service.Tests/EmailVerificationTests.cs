using System.Net;
using Backend.Testing;
using Microsoft.EntityFrameworkCore;

namespace Orders.Service.Tests;

/// <summary>
/// Only an account whose address is verified orders: the token's email_verified, checked at order time. Registered,
/// a person can read and edit their profile but not order until they follow the emailed link and get a fresh token.
/// </summary>
public sealed class EmailVerificationTests(OrdersFixture orders)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<int> StockAsync(string sku)
    {
        using var admin = orders.As(orders.Admin);
        using var response = await admin.GetAsync($"/api/v1/products/{sku}", ct: Ct);
        return (await ApiClient.ReadJsonAsync(response, Ct)).GetProperty("stock").GetInt32();
    }

    [Fact(Timeout = 180_000)]
    public async Task An_unverified_account_is_refused_403_with_nothing_written_and_after_the_emailed_link_and_a_refresh_the_same_order_is_placed()
    {
        using var admin = orders.As(orders.Admin);
        var sku = await Shop.AddProductAsync(admin, "VERIFY", "For verified buyers", 9.50m, stock: 5, ct: Ct);
        var newcomer = await TestAccounts.RegisterAsync(orders.Identity, "Unverified Newcomer", ct: Ct);
        var order = Shop.Order((sku, 2));

        var idempotencyKey = Guid.NewGuid().ToString();
        using (var unverified = orders.As(newcomer))
        {
            using var refused = await unverified.PlaceOrderAsync(order, idempotencyKey, Ct);
            using var mine = await unverified.GetAsync("/api/v1/orders", ct: Ct);

            var problem = await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.Forbidden, Ct);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.Equal("Verify your email address before placing orders.", problem.GetProperty("title").GetString());
            Assert.Contains("link in the email", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Equal(0, (await ApiClient.ReadJsonAsync(mine, Ct)).GetProperty("data").GetArrayLength());
        }

        Assert.Equal(5, await StockAsync(sku));
        await using (var db = await orders.DatabaseAsync())
        {
            Assert.False(await db.Orders.AnyAsync(o => o.UserId == newcomer.Id, Ct));
            Assert.Equal(0, await db.Customers.Where(c => c.UserId == newcomer.Id).SumAsync(c => c.OrderCount, Ct));
        }

        await TestAccounts.VerifyEmailAsync(orders.Identity, orders.Mailbox, newcomer.Email, Ct);
        using var browser = new OidcClient(orders.Identity);
        var refreshed = await browser.RefreshAsync("web", newcomer.RefreshToken!, Ct);
        using var verified = new ApiClient(orders.Orders, refreshed.AccessToken);
        // The same Idempotency-Key: a 403 is not its answer for good, the verified retry runs.
        using var placed = await verified.PlaceOrderAsync(order, idempotencyKey, Ct);

        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        Assert.Equal(newcomer.Id.ToString(), (await ApiClient.ReadJsonAsync(placed, Ct)).GetProperty("user_id").GetString());
        Assert.Equal(3, await StockAsync(sku));
    }
}
