using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace ServiceDefaults.Api;

/// <summary>
/// Strong entity tags from a row's concurrency token: <c>If-None-Match</c> on reads (304) and
/// <c>If-Match</c> on writes (412 when the client's copy is outdated: no lost updates).
/// </summary>
public static class ETags
{
    public static string For(uint version) => $"\"{version}\"";

    /// <summary>True when the client already has this version (answer 304 Not Modified).</summary>
    public static bool ClientHasCurrent(HttpRequest request, string etag) =>
        request.Headers.IfNoneMatch.Count > 0 && Matches(request.Headers.IfNoneMatch, etag, weak: true);

    /// <summary>True when If-Match is present and names another version (answer 412 Precondition Failed).</summary>
    public static bool PreconditionFails(HttpRequest request, string etag) =>
        request.Headers.IfMatch.Count > 0 && !Matches(request.Headers.IfMatch, etag, weak: false);

    public static void Set(HttpResponse response, string etag) => response.Headers.ETag = etag;

    private static bool Matches(Microsoft.Extensions.Primitives.StringValues header, string etag, bool weak)
    {
        if (!EntityTagHeaderValue.TryParseList(header, out var tags))
        {
            return false;
        }

        var current = EntityTagHeaderValue.Parse(etag);
        return tags.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(current, useStrongComparison: !weak));
    }
}
