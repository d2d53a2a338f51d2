using System.Net;
using System.Text.Json;
using Backend.Testing;

namespace Orders.Service.Tests;

/// <summary>The product catalog: admins manage it, anyone reads the active part of it (Gateway.Tests checks the public route).</summary>
public sealed class CatalogTests(OrdersFixture orders)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string NewSku(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(64, prefix.Length + 13)];

    private ApiClient Anonymous() => new(orders.Orders);

    private static async Task<(JsonElement Product, string ETag)> CreateAsync(ApiClient admin, string sku, string name, decimal price = 9.99m, int stock = 5)
    {
        using var created = await admin.PostAsync("/api/v1/products", new { sku, name, description = $"About {name}", unit_price = price, stock }, ct: Ct);
        var body = await ApiClient.ReadJsonAsync(created, Ct);
        Assert.True(created.StatusCode == HttpStatusCode.Created, body.ToString());
        return (body, created.Headers.ETag!.ToString());
    }

    private static Task<HttpResponseMessage> PatchAsync(ApiClient api, string sku, string json, string? ifMatch = null) =>
        api.SendAsync(HttpMethod.Patch, $"/api/v1/products/{sku}", json, "application/merge-patch+json",
            ifMatch is null ? [] : [("If-Match", ifMatch)], Ct);

    [Fact]
    public async Task An_admin_creates_updates_and_deactivates_a_product_and_anyone_reads_it_while_active()
    {
        using var admin = orders.As(orders.Admin);
        using var anonymous = Anonymous();
        var sku = NewSku("MUG");

        using (var created = await admin.PostAsync("/api/v1/products", new { sku, name = "Blue mug", description = "Holds tea.", unit_price = 12.5m, stock = 7 }, ct: Ct))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            Assert.Equal($"/api/v1/products/{sku}", created.Headers.Location!.OriginalString);
            Assert.NotNull(created.Headers.ETag);
        }

        using var read = await anonymous.GetAsync($"/api/v1/products/{sku}", ct: Ct);
        var product = await ApiClient.ReadJsonAsync(read, Ct);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("Blue mug", product.GetProperty("name").GetString());
        Assert.Equal(12.5m, product.GetProperty("unit_price").GetDecimal());
        Assert.Equal("EUR", product.GetProperty("currency").GetString());
        Assert.Equal(7, product.GetProperty("stock").GetInt32());
        Assert.True(product.GetProperty("active").GetBoolean());
        Assert.True(read.Headers.CacheControl!.Public);
        Assert.NotNull(read.Headers.CacheControl.MaxAge);

        using var patched = await PatchAsync(admin, sku, """{ "unit_price": 13.75, "stock": 0 }""", read.Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.NotEqual(read.Headers.ETag.ToString(), patched.Headers.ETag!.ToString());
        using var replaced = await admin.SendAsync(HttpMethod.Put, $"/api/v1/products/{sku}",
            """{ "name": "Big blue mug", "unit_price": 14, "stock": 3 }""", headers: [("If-Match", patched.Headers.ETag.ToString())], ct: Ct);
        var afterPut = await ApiClient.ReadJsonAsync(replaced, Ct);
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.Equal("Big blue mug", afterPut.GetProperty("name").GetString());
        Assert.False(afterPut.TryGetProperty("description", out var description) && description.ValueKind != JsonValueKind.Null, afterPut.ToString());

        using var deactivated = await admin.PostAsync($"/api/v1/products/{sku}/deactivate", new { }, ct: Ct);
        Assert.False((await ApiClient.ReadJsonAsync(deactivated, Ct)).GetProperty("active").GetBoolean());

        using var hidden = await anonymous.GetAsync($"/api/v1/products/{sku}", ct: Ct);
        using var customer = orders.As(orders.Alice);
        using var hiddenFromCustomer = await customer.GetAsync($"/api/v1/products/{sku}", ct: Ct);
        using var adminSees = await admin.GetAsync($"/api/v1/products/{sku}", ct: Ct);
        await ProblemAssert.IsProblemAsync(hidden, HttpStatusCode.NotFound, Ct);
        await ProblemAssert.IsProblemAsync(hiddenFromCustomer, HttpStatusCode.NotFound, Ct);
        Assert.Equal(HttpStatusCode.OK, adminSees.StatusCode);
        Assert.False(adminSees.Headers.CacheControl!.Public);
        Assert.False((await ApiClient.ReadJsonAsync(adminSees, Ct)).GetProperty("active").GetBoolean());

        using var reactivated = await admin.PostAsync($"/api/v1/products/{sku}/activate", new { }, ct: Ct);
        using var visibleAgain = await anonymous.GetAsync($"/api/v1/products/{sku}", ct: Ct);
        Assert.Equal(HttpStatusCode.OK, visibleAgain.StatusCode);
    }

    [Fact]
    public async Task A_duplicate_sku_is_409_and_the_first_product_is_unchanged()
    {
        using var admin = orders.As(orders.Admin);
        var sku = NewSku("DUP");
        await CreateAsync(admin, sku, "First");

        using var duplicate = await admin.PostAsync("/api/v1/products", new { sku, name = "Second", unit_price = 1m, stock = 1 }, ct: Ct);
        using var read = await admin.GetAsync($"/api/v1/products/{sku}", ct: Ct);

        await ProblemAssert.IsProblemAsync(duplicate, HttpStatusCode.Conflict, Ct);
        Assert.Equal("First", (await ApiClient.ReadJsonAsync(read, Ct)).GetProperty("name").GetString());
    }

    [Fact]
    public async Task Conditional_reads_answer_304_and_a_stale_if_match_is_412()
    {
        using var admin = orders.As(orders.Admin);
        using var anonymous = Anonymous();
        var sku = NewSku("COND");
        var (_, etag) = await CreateAsync(admin, sku, "Conditional");

        using var notModified = await anonymous.GetAsync($"/api/v1/products/{sku}", ("If-None-Match", etag), Ct);
        using var changed = await PatchAsync(admin, sku, """{ "stock": 42 }""", etag);
        using var stale = await PatchAsync(admin, sku, """{ "stock": 1 }""", etag);
        using var staleDeactivate = await admin.SendAsync(HttpMethod.Post, $"/api/v1/products/{sku}/deactivate", "{}", headers: [("If-Match", etag)], ct: Ct);
        using var modified = await anonymous.GetAsync($"/api/v1/products/{sku}", ("If-None-Match", etag), Ct);

        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        await ProblemAssert.IsProblemAsync(stale, HttpStatusCode.PreconditionFailed, Ct);
        await ProblemAssert.IsProblemAsync(staleDeactivate, HttpStatusCode.PreconditionFailed, Ct);
        Assert.Equal(HttpStatusCode.OK, modified.StatusCode);
        Assert.Equal(42, (await ApiClient.ReadJsonAsync(modified, Ct)).GetProperty("stock").GetInt32());

        // The list's ETag covers its page: unchanged page, 304; a product of the page changes, 200.
        var list = $"/api/v1/products?q=conditional&limit=100";
        using var first = await anonymous.GetAsync(list, ct: Ct);
        var listTag = first.Headers.ETag!.ToString();
        using var again = await anonymous.GetAsync(list, ("If-None-Match", listTag), Ct);
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        (await PatchAsync(admin, sku, """{ "stock": 43 }""")).Dispose();
        using var afterChange = await anonymous.GetAsync(list, ("If-None-Match", listTag), Ct);
        Assert.Equal(HttpStatusCode.OK, afterChange.StatusCode);
    }

    [Fact]
    public async Task Invalid_products_and_patches_are_validation_problems_keyed_by_field()
    {
        using var admin = orders.As(orders.Admin);
        var sku = NewSku("VAL");
        await CreateAsync(admin, sku, "Valid");

        using var invalid = await admin.PostAsync("/api/v1/products", new { sku = "NO SPACES", name = "", unit_price = 0m, stock = -1 }, ct: Ct);
        using var badPatch = await PatchAsync(admin, sku, """{ "sku": "OTHER", "unit_price": 1.001 }""");
        using var badQuery = await Anonymous().GetAsync("/api/v1/products?limit=0&cursor=garbage", ct: Ct);

        var errors = (await ProblemAssert.IsProblemAsync(invalid, HttpStatusCode.BadRequest, Ct)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("sku", out _) && errors.TryGetProperty("name", out _)
            && errors.TryGetProperty("unit_price", out _) && errors.TryGetProperty("stock", out _), errors.ToString());
        var patchErrors = (await ProblemAssert.IsProblemAsync(badPatch, HttpStatusCode.BadRequest, Ct)).GetProperty("errors");
        Assert.True(patchErrors.TryGetProperty("sku", out _), patchErrors.ToString());
        var queryErrors = (await ProblemAssert.IsProblemAsync(badQuery, HttpStatusCode.BadRequest, Ct)).GetProperty("errors");
        Assert.True(queryErrors.TryGetProperty("limit", out _) && queryErrors.TryGetProperty("cursor", out _), queryErrors.ToString());
    }

    [Fact]
    public async Task Customers_and_anonymous_callers_cannot_change_the_catalog()
    {
        using var admin = orders.As(orders.Admin);
        using var customer = orders.As(orders.Alice);
        var sku = NewSku("RO");
        await CreateAsync(admin, sku, "Read only");

        using var customerCreates = await customer.PostAsync("/api/v1/products", new { sku = NewSku("X"), name = "X", unit_price = 1m, stock = 1 }, ct: Ct);
        using var customerPatches = await PatchAsync(customer, sku, """{ "stock": 0 }""");
        using var anonymousDeactivates = await Anonymous().PostAsync($"/api/v1/products/{sku}/deactivate", new { }, ct: Ct);

        await ProblemAssert.IsProblemAsync(customerCreates, HttpStatusCode.Forbidden, Ct);
        await ProblemAssert.IsProblemAsync(customerPatches, HttpStatusCode.Forbidden, Ct);
        await ProblemAssert.IsProblemAsync(anonymousDeactivates, HttpStatusCode.Unauthorized, Ct);
    }

    [Fact]
    public async Task Anyone_lists_and_searches_active_products_page_by_page()
    {
        using var admin = orders.As(orders.Admin);
        var word = $"zq{Guid.NewGuid():N}"[..12];
        var skus = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var sku = $"{word}-{i}";
            await CreateAsync(admin, sku, $"{word.ToUpperInvariant()} item {i}");
            skus.Add(sku);
        }

        (await admin.PostAsync($"/api/v1/products/{skus[3]}/deactivate", new { }, ct: Ct)).Dispose();
        using var otherName = await admin.PostAsync("/api/v1/products", new { sku = $"{word}-other", name = "Unrelated", unit_price = 1m, stock = 1 }, ct: Ct);

        using var anonymousReader = Anonymous();
        var seen = new List<string>();
        string? cursor = null;
        do
        {
            using var page = await anonymousReader.GetAsync($"/api/v1/products?q={word}&limit=2" + (cursor is null ? "" : $"&cursor={cursor}"), ct: Ct);
            var body = await ApiClient.ReadJsonAsync(page, Ct);
            Assert.True(page.StatusCode == HttpStatusCode.OK, body.ToString());
            Assert.True(page.Headers.CacheControl!.Public);
            seen.AddRange(body.GetProperty("data").EnumerateArray().Select(p => p.GetProperty("sku").GetString()!));
            cursor = body.TryGetProperty("next_cursor", out var next) ? next.GetString() : null;
        }
        while (cursor is not null);
        using var adminList = await admin.GetAsync($"/api/v1/products?q={word.ToUpperInvariant()}&limit=100", ct: Ct);
        using var single = await anonymousReader.GetAsync($"/api/v1/products/{skus[0]}", ct: Ct);

        Assert.Equal([skus[0], skus[1], skus[2], skus[4]], seen);
        Assert.Equal([.. skus], (await ApiClient.ReadJsonAsync(adminList, Ct)).GetProperty("data").EnumerateArray().Select(p => p.GetProperty("sku").GetString()));
        Assert.Equal(HttpStatusCode.OK, single.StatusCode);
    }

    [Fact]
    public async Task A_product_update_is_visible_on_another_instance_as_soon_as_the_admin_s_request_returns()
    {
        using var admin = orders.As(orders.Admin);
        await using var second = await orders.SecondInstanceAsync();
        using var secondAdmin = second.ApiClient(orders.Admin.AccessToken);
        using var secondAnonymous = second.ApiClient();
        using var anonymous = Anonymous();
        var sku = NewSku("RAW");
        await CreateAsync(admin, sku, "Everywhere", stock: 100);

        for (var round = 0; round < 10; round++)
        {
            // Both instances read (and cache) the product, then one of them changes it.
            using var firstRead = await anonymous.GetAsync($"/api/v1/products/{sku}", ct: Ct);
            using var secondRead = await secondAnonymous.GetAsync($"/api/v1/products/{sku}", ct: Ct);
            Assert.Equal(HttpStatusCode.OK, firstRead.StatusCode);
            Assert.Equal(HttpStatusCode.OK, secondRead.StatusCode);
            var writer = round % 2 == 0 ? admin : secondAdmin;
            using var patched = await PatchAsync(writer, sku, $$"""{ "stock": {{round}} }""");
            Assert.Equal(HttpStatusCode.OK, patched.StatusCode);

            foreach (var reader in new[] { anonymous, secondAnonymous })
            {
                using var read = await reader.GetAsync($"/api/v1/products/{sku}", ct: Ct);
                Assert.Equal(round, (await ApiClient.ReadJsonAsync(read, Ct)).GetProperty("stock").GetInt32());
            }
        }

        using var deactivated = await secondAdmin.PostAsync($"/api/v1/products/{sku}/deactivate", new { }, ct: Ct);
        using var gone = await anonymous.GetAsync($"/api/v1/products/{sku}", ct: Ct);
        await ProblemAssert.IsProblemAsync(gone, HttpStatusCode.NotFound, Ct);
    }

    [Fact]
    public async Task A_cached_list_page_shows_every_change_on_both_instances_as_soon_as_the_admin_s_request_returns()
    {
        using var admin = orders.As(orders.Admin);
        await using var second = await orders.SecondInstanceAsync();
        using var secondAdmin = second.ApiClient(orders.Admin.AccessToken);
        using var firstReader = Anonymous();
        using var secondReader = second.ApiClient();
        ApiClient[] readers = [firstReader, secondReader];
        var word = $"zl{Guid.NewGuid():N}"[..12];
        var first = $"{word}-1";
        await CreateAsync(admin, first, $"{word} first", stock: 5);
        var page = $"/api/v1/products?q={word}&limit=10";

        async Task<List<(string Sku, string Name, int Stock)>> ListAsync(ApiClient reader)
        {
            using var response = await reader.GetAsync(page, ct: Ct);
            var body = await ApiClient.ReadJsonAsync(response, Ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToString());
            return [.. body.GetProperty("data").EnumerateArray()
                .Select(p => (p.GetProperty("sku").GetString()!, p.GetProperty("name").GetString()!, p.GetProperty("stock").GetInt32()))];
        }

        async Task BothSeeAsync(params (string Sku, string Name, int Stock)[] expected)
        {
            foreach (var reader in readers)
            {
                // Twice: the first read may fill the caches, the second is served from them.
                Assert.Equal(expected, await ListAsync(reader));
                Assert.Equal(expected, await ListAsync(reader));
            }
        }

        await BothSeeAsync((first, $"{word} first", 5));

        var added = $"{word}-2";
        await CreateAsync(secondAdmin, added, $"{word} second", stock: 7);
        await BothSeeAsync((first, $"{word} first", 5), (added, $"{word} second", 7));

        using (var restocked = await PatchAsync(admin, first, """{ "stock": 9 }"""))
        {
            Assert.Equal(HttpStatusCode.OK, restocked.StatusCode);
        }

        await BothSeeAsync((first, $"{word} first", 9), (added, $"{word} second", 7));

        using (var customer = orders.As(orders.Alice))
        {
            await OrdersFixture.PlaceAsync(customer, Shop.Order((first, 4)));
        }

        await BothSeeAsync((first, $"{word} first", 5), (added, $"{word} second", 7));

        using (var renamed = await PatchAsync(secondAdmin, added, """{ "name": "Something else" }"""))
        {
            Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        }

        await BothSeeAsync((first, $"{word} first", 5));

        using (var deactivated = await admin.PostAsync($"/api/v1/products/{first}/deactivate", new { }, ct: Ct))
        {
            Assert.Equal(HttpStatusCode.OK, deactivated.StatusCode);
        }

        await BothSeeAsync();
    }

    [Fact]
    public async Task A_public_read_with_a_forged_or_garbage_token_is_refused_not_read_as_anonymous()
    {
        using var tampered = new ApiClient(orders.Orders, TokenForge.Tampered(orders.Alice.AccessToken));
        using var garbage = new ApiClient(orders.Orders, "not-a-token");

        using var list = await tampered.GetAsync("/api/v1/products", ct: Ct);
        using var one = await garbage.GetAsync("/api/v1/products/ANY-1", ct: Ct);

        await ProblemAssert.IsProblemAsync(list, HttpStatusCode.Unauthorized, Ct);
        await ProblemAssert.IsProblemAsync(one, HttpStatusCode.Unauthorized, Ct);
        Assert.Contains("invalid_token", list.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }
}
