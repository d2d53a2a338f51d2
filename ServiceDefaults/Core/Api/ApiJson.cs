using System.Text.Json;
using System.Text.Json.Serialization;

namespace ServiceDefaults.Api;

/// <summary>
/// The JSON every API speaks: snake_case names, enums as snake_case strings, and a strict reader —
/// unknown or duplicated fields and absurd nesting are refused instead of silently ignored.
/// </summary>
public static class ApiJson
{
    public const int MaxDepth = 32;

    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DictionaryKeyPolicy = null;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        // Mass assignment (OWASP API3): a client sending "id", "role" or "created_at" learns that they are not accepted.
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.AllowDuplicateProperties = false;
        options.MaxDepth = MaxDepth;
        options.NumberHandling = JsonNumberHandling.Strict;
    }
}
