using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ServiceDefaults.OpenApi;

/// <summary>What every API document says: its title, and the bearer-token scheme every operation requires.</summary>
internal static class OpenApiConventions
{
    public const string BearerScheme = "Bearer";

    /// <summary>
    /// Title, tag descriptions, problem bodies with their extension members, the gateway as the (relative) server, and the bearer-token scheme
    /// every operation requires (health and docs are not in the document).
    /// </summary>
    public static void AddApiDocumentConventions(this OpenApiOptions options, string title) => options
        .AddOperationTransformer(RouteParameterDocumentation.AddMissingAsync)
        .AddOperationTransformer(HeaderDocumentation.AddIdempotencyKeyAsync)
        .AddSchemaTransformer(ProblemSchemaDocumentation.DescribeExtensionsAsync)
        .AddSchemaTransformer(NullableMemberDocumentation.OmitNullableFromRequiredAsync)
        .AddDocumentTransformer((document, context, _) =>
        {
            document.Info.Title = title;
            document.Info.Version = "v1";
            var descriptions = context.DescriptionGroups.SelectMany(group => group.Items)
                .SelectMany(api => api.ActionDescriptor.EndpointMetadata.OfType<TagDescription>())
                .DistinctBy(tag => tag.Name)
                .ToDictionary(tag => tag.Name, tag => tag.Description);
            foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
            {
                tag.Description ??= tag.Name is { } name && descriptions.TryGetValue(name, out var description) ? description : null;
            }

            // Relative: clients fetch the document through the gateway (/openapi/users.json), where every path is served.
            // The absolute URL the service saw would be its internal address, which no client can reach.
            document.Servers = [new OpenApiServer { Url = "/", Description = "The gateway this document was fetched from" }];

            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "An access token from Identity.Service (authorization code + PKCE, or client credentials), sent as Authorization: Bearer <token>.",
            };
            document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] }];
            return Task.CompletedTask;
        });
}
