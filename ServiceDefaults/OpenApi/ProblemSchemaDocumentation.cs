using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using ServiceDefaults.Problems;

namespace ServiceDefaults.OpenApi;

/// <summary>
/// The problem body as it is sent (RFC 9457): its standard members, the <c>trace_id</c> every problem carries (to find
/// the request in the logs), and room for other extension members, which RFC 9457 allows and a generated client must
/// not refuse.
/// </summary>
internal static class ProblemSchemaDocumentation
{
    public static Task DescribeExtensionsAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (!typeof(ProblemDetails).IsAssignableFrom(context.JsonTypeInfo.Type))
        {
            return Task.CompletedTask;
        }

        schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
        schema.Properties[ProblemDetailsExtensions.TraceIdKey] = new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Description = "The W3C trace id of the request (32 hex digits): quote it to find the request in the logs.",
        };
        schema.AdditionalPropertiesAllowed = true;
        schema.AdditionalProperties = null;
        return Task.CompletedTask;
    }
}
