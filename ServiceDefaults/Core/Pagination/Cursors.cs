using System.Buffers.Text;
using System.Text.Json;

namespace ServiceDefaults.Pagination;

/// <summary>Opaque cursors: base64url of the sort key's JSON. Opaque to clients, not secret.</summary>
public static class Cursors
{
    public static string Encode<TKey>(TKey key) => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(key, JsonOptions));

    public static TKey Decode<TKey>(string cursor) where TKey : class =>
        TryDecode<TKey>(cursor, out var key) ? key : throw new FormatException("Invalid cursor.");

    public static bool TryDecode<TKey>(string cursor, out TKey key) where TKey : class
    {
        key = null!;
        if (cursor.Length is 0 or > 512 || !Base64Url.IsValid(cursor))
        {
            return false;
        }

        try
        {
            key = JsonSerializer.Deserialize<TKey>(Base64Url.DecodeFromChars(cursor), JsonOptions)!;
            return key is not null;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

}
