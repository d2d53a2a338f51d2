using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using ServiceDefaults.Api;

namespace ServiceDefaults.OpenApi;

/// <summary>Lists the Idempotency-Key header on the operations that honour it: it is part of their contract (428 without it where required).</summary>
internal static class HeaderDocumentation
{
    public static Task AddIdempotencyKeyAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<IdempotencyKeyHeader>().LastOrDefault() is not { } header)
        {
            return Task.CompletedTask;
        }

        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = IdempotencyKeyHeader.Name,
            In = ParameterLocation.Header,
            Required = header.Required,
            Description = "A new key (a UUID) for each new request, the same one for its retries: a retry never does the work twice.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = header.MaxLength },
        });
        return Task.CompletedTask;
    }
}
