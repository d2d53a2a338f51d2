using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ServiceDefaults.OpenApi;

/// <summary>
/// A member that can be null is left out of the JSON when it is (ApiJson: WhenWritingNull), so the document must not
/// call it required: a client generated from it would expect <c>"next_cursor": null</c> on a last page and find nothing.
/// It stays in the schema, typed as nullable; only its "required" goes.
/// </summary>
internal static class NullableMemberDocumentation
{
    public static Task OmitNullableFromRequiredAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (schema.Required is not { Count: > 0 } required || schema.Properties is null)
        {
            return Task.CompletedTask;
        }

        foreach (var (name, property) in schema.Properties)
        {
            if (IsNullable(property))
            {
                required.Remove(name);
            }
        }

        return Task.CompletedTask;
    }

    private static bool IsNullable(IOpenApiSchema property) =>
        property.Type is { } type && type.HasFlag(JsonSchemaType.Null)
        || property.OneOf?.Any(IsNullable) == true
        || property.AnyOf?.Any(IsNullable) == true;
}
