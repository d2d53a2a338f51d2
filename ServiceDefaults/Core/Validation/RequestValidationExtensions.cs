using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ServiceDefaults.Validation;

public static class RequestValidationExtensions
{
    /// <summary>
    /// Validates every <see cref="IValidatableRequest"/> argument of the group's endpoints before the
    /// handler runs: 400 problem+json with an <c>errors</c> object keyed by field.
    /// </summary>
    public static RouteGroupBuilder WithRequestValidation(this RouteGroupBuilder group)
    {
        group.AddEndpointFilter(async (context, next) =>
        {
            var errors = new ValidationErrors();
            foreach (var argument in context.Arguments.OfType<IValidatableRequest>())
            {
                argument.Validate(errors);
            }

            return errors.IsEmpty
                ? await next(context)
                : TypedResults.ValidationProblem(errors.ToDictionary(), title: "Some fields are invalid.");
        });
        group.ProducesValidationProblem();
        return group;
    }
}
