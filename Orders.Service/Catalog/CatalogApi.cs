using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Orders.Service.Data;
using ServiceDefaults.Api;
using ServiceDefaults.Authentication;
using ServiceDefaults.Callers;
using ServiceDefaults.Idempotency;
using ServiceDefaults.OpenApi;
using ServiceDefaults.Pagination;

namespace Orders.Service.Catalog;

/// <summary>
/// /api/v1/products: the catalog. Anyone, signed in or not, lists and reads active products; admins also see
/// inactive ones, and create, change, deactivate and reactivate products (never delete them).
/// </summary>
/// <remarks>
/// Identity.Service has no catalog scope: catalog administration is the orders API's admin write (scope
/// orders.write and the admin role), under a policy of its own so that a catalog scope can replace it later.
/// </remarks>
public static class CatalogApi
{
    public const string AdminWrite = "catalog.admin.write";

    public static void Policies(AuthorizationBuilder policies) => policies
        .AddScopePolicy(AdminWrite, "orders.write", Roles.Admin);

    public static RouteGroupBuilder MapCatalog(this IEndpointRouteBuilder routes)
    {
        var products = routes.MapGroup("/api/v1/products")
            .WithTag("Catalog", "Products with their prices and stock: anyone reads what is on sale, admins manage them.")
            .WithApiConventions();

        products.MapGet("/", ListProducts).AllowAnonymousWithValidTokensOnly().Produces(StatusCodes.Status304NotModified)
            .WithName("ListProducts").WithSummary("List and search products on sale, cursor-paged (anyone)");
        products.MapGet("/{sku}", GetProduct).AllowAnonymousWithValidTokensOnly().ProducesReadOutcomes()
            .WithName("GetProduct").WithSummary("Read a product (anyone)");
        products.MapPost("/", CreateProduct).RequireAuthorization(AdminWrite).WithIdempotency()
            .WithName("CreateProduct").WithSummary("Add a product (admin)");
        products.MapPut("/{sku}", ReplaceProduct).RequireAuthorization(AdminWrite).ProducesChangeOutcomes()
            .WithName("ReplaceProduct").WithSummary("Replace a product's name, description, price and stock (admin, If-Match)");
        products.MapPatch("/{sku}", PatchProduct).Accepts<ProductRequest>(ProductMergePatch.MediaType).RequireAuthorization(AdminWrite).ProducesChangeOutcomes()
            .WithName("PatchProduct").WithSummary("Change some of a product's fields with a JSON merge patch (admin, If-Match)");
        products.MapPost("/{sku}/deactivate", DeactivateProduct).RequireAuthorization(AdminWrite).WithIdempotency().ProducesChangeOutcomes()
            .WithName("DeactivateProduct").WithSummary("Take a product off sale (admin)");
        products.MapPost("/{sku}/activate", ActivateProduct).RequireAuthorization(AdminWrite).WithIdempotency().ProducesChangeOutcomes()
            .WithName("ActivateProduct").WithSummary("Put a product back on sale (admin)");
        return products;
    }

    /// <summary>Keyset pagination by SKU; <c>q</c> is a case-insensitive name prefix (index-backed). Customers see active products only.</summary>
    private static async Task<Results<Ok<CursorPage<ProductResponse>>, StatusCodeHttpResult>> ListProducts(
        [AsParameters] ListProductsQuery query, Caller caller, ProductCatalog catalog, IOptions<ShopSettings> shop, HttpContext http)
    {
        var rows = await catalog.ListAsync(query, caller, http.RequestAborted);
        var currency = shop.Value.Currency;
        var page = query.ToPage(rows, p => new ProductCursor(p.Sku), p => p.ToResponse(currency));

        CatalogHttpCaching.Apply(http.Response, caller, shop.Value.CatalogMaxAge);
        var etag = CatalogHttpCaching.PageTag(rows.Take(query.PageSize).Select(p => (p.Sku, p.Version)), currency, page.NextCursor);
        http.Response.Headers.ETag = etag;
        return ETags.ClientHasCurrent(http.Request, etag)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(page);
    }

    private static async Task<Results<Ok<ProductResponse>, StatusCodeHttpResult, ProblemHttpResult>> GetProduct(
        string sku, Caller caller, ProductCatalog catalog, IOptions<ShopSettings> shop, HttpContext http)
    {
        var outcome = await catalog.FindAsync(sku, caller, http.RequestAborted);
        if (outcome.Failure is null)
        {
            CatalogHttpCaching.Apply(http.Response, caller, shop.Value.CatalogMaxAge);
        }

        return outcome.ToReadResult(http, product => product);
    }

    private static async Task<Results<Created<ProductResponse>, ProblemHttpResult, ValidationProblem>> CreateProduct(
        CreateProductRequest body, ProductCatalog catalog, HttpContext http) =>
        (await catalog.CreateAsync(body, http.RequestAborted))
            .ToCreatedResult(http, product => $"/api/v1/products/{product.Sku}", product => ProductResponse.From(product, catalog.Currency));

    private static async Task<Results<Ok<ProductResponse>, ProblemHttpResult, ValidationProblem>> ReplaceProduct(
        string sku, ProductRequest body, ProductCatalog catalog, HttpContext http) =>
        (await catalog.UpdateAsync(sku, ETags.Expected(http.Request), (_, _) => body, http.RequestAborted))
            .ToChangedResult(http, product => ProductResponse.From(product, catalog.Currency));

    private static async Task<Results<Ok<ProductResponse>, ProblemHttpResult, ValidationProblem>> PatchProduct(
        string sku, JsonElement patch, ProductCatalog catalog, HttpContext http) =>
        (await catalog.UpdateAsync(sku, ETags.Expected(http.Request),
            (current, errors) => ProductMergePatch.Apply(patch, current, errors), http.RequestAborted))
            .ToChangedResult(http, product => ProductResponse.From(product, catalog.Currency));

    private static Task<Results<Ok<ProductResponse>, ProblemHttpResult, ValidationProblem>> DeactivateProduct(
        string sku, ProductCatalog catalog, HttpContext http) => SetActive(sku, false, catalog, http);

    private static Task<Results<Ok<ProductResponse>, ProblemHttpResult, ValidationProblem>> ActivateProduct(
        string sku, ProductCatalog catalog, HttpContext http) => SetActive(sku, true, catalog, http);

    private static async Task<Results<Ok<ProductResponse>, ProblemHttpResult, ValidationProblem>> SetActive(
        string sku, bool active, ProductCatalog catalog, HttpContext http) =>
        (await catalog.SetActiveAsync(sku, active, ETags.Expected(http.Request), http.RequestAborted))
            .ToChangedResult(http, product => ProductResponse.From(product, catalog.Currency));
}
