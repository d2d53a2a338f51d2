using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ServiceDefaults.OpenApi;

/// <summary>What every API document says: its title, and the bearer-token scheme every operation requires.</summary>
internal static class OpenApiConventions
{
    public const string BearerScheme = "Bearer";

    /// <summary>Title, and the bearer-token scheme every operation requires (health and docs are not in the document).</summary>
    public static void AddApiDocumentConventions(this OpenApiOptions options, string title) => options
        .AddOperationTransformer(RouteParameterDocumentation.AddMissingAsync)
        .AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = title;
            document.Info.Version = "v1";
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
