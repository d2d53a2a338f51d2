using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
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

    /// <summary>The version a write expects, from If-Match (strong comparison: a weak tag never matches).</summary>
    public static ExpectedVersion Expected(HttpRequest request)
    {
        var ifMatch = request.Headers.IfMatch;
        return ifMatch.Count == 0 ? ExpectedVersion.Any : ExpectedVersion.Matching(version => Matches(ifMatch, For(version), weak: false));
    }

    public static void Set(HttpResponse response, uint version) => response.Headers.ETag = For(version);

    private static bool Matches(StringValues header, string etag, bool weak)
    {
        if (!EntityTagHeaderValue.TryParseList(header, out var tags))
        {
            return false;
        }

        var current = EntityTagHeaderValue.Parse(etag);
        return tags.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(current, useStrongComparison: !weak));
    }
}
