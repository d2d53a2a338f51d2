using System.Security.Cryptography;
using System.Text;
using Microsoft.Net.Http.Headers;
using ServiceDefaults.Callers;

namespace Orders.Service.Catalog;

/// <summary>
/// HTTP caching of catalog reads: what customers see is public for <see cref="ShopSettings.CatalogMaxAge"/>
/// (browsers and shared caches may reuse it); what an admin sees (inactive products too) is private and
/// revalidated each time. Responses vary with Authorization, so a shared cache never hands an admin's
/// view to a customer or the other way round.
/// </summary>
public static class CatalogHttpCaching
{
    public static void Apply(HttpResponse response, Caller caller, TimeSpan maxAge)
    {
        response.Headers.CacheControl = caller.IsAdmin
            ? "private, no-cache"
            : $"public, max-age={(int)maxAge.TotalSeconds}";
        response.Headers.Vary = HeaderNames.Authorization;
    }

    /// <summary>A strong ETag over a page's content: each product's SKU and version, the currency, the next cursor.</summary>
    public static string PageTag(IEnumerable<(string Sku, uint Version)> products, string currency, string? nextCursor)
    {
        var content = new StringBuilder(currency).Append('|').Append(nextCursor);
        foreach (var (sku, version) in products)
        {
            content.Append('|').Append(sku).Append(':').Append(version);
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(content.ToString()));
        return $"\"{Convert.ToBase64String(hash, 0, 18).Replace('+', '-').Replace('/', '_')}\"";
    }
}
