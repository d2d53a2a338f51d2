using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ServiceDefaults.Validation;

/// <summary>A request body or query object that can say what is wrong with it, field by field (JSON names).</summary>
public interface IValidatableRequest
{
    void Validate(ValidationErrors errors);
}

public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsEmpty => _errors.Count == 0;

    public ValidationErrors Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }

        messages.Add(message);
        return this;
    }

    public Dictionary<string, string[]> ToDictionary() =>
        _errors.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal);
}

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
