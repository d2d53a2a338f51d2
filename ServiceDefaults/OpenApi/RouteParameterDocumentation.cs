using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.OpenApi;

namespace ServiceDefaults.OpenApi;

/// <summary>
/// Documents every parameter of an operation's route, including those a handler reads through a type of its
/// own (a <c>BindAsync</c> such as Users.Service's ProfileId) that the framework leaves out of the document.
/// A client generated from the document must know that <c>/users/{id}</c> takes an id, and of what format.
/// </summary>
internal static class RouteParameterDocumentation
{
    public static Task AddMissingAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Description.RelativePath is not { } template)
        {
            return Task.CompletedTask;
        }

        operation.Parameters ??= [];
        foreach (var parameter in RoutePatternFactory.Parse("/" + template.TrimStart('/')).Parameters)
        {
            if (operation.Parameters.Any(p => p.In == ParameterLocation.Path && p.Name == parameter.Name))
            {
                continue;
            }

            operation.Parameters.Add(new OpenApiParameter
            {
                Name = parameter.Name,
                In = ParameterLocation.Path,
                Required = true,
                Schema = SchemaFor(parameter),
            });
        }

        return Task.CompletedTask;
    }

    private static OpenApiSchema SchemaFor(RoutePatternParameterPart parameter) =>
        parameter.ParameterPolicies.Select(policy => policy.Content).FirstOrDefault() switch
        {
            "guid" => new OpenApiSchema { Type = JsonSchemaType.String, Format = "uuid" },
            "int" => new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
            "long" => new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int64" },
            _ => new OpenApiSchema { Type = JsonSchemaType.String },
        };
}
