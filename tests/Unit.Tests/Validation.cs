using ServiceDefaults.Validation;

namespace Unit.Tests;

/// <summary>Runs a validation and returns its errors as the API answers them (field → messages).</summary>
internal static class Validation
{
    public static Dictionary<string, string[]> ErrorsOf(IValidatableRequest request) => ErrorsOf(request.Validate);

    public static Dictionary<string, string[]> ErrorsOf(Action<ValidationErrors> validate)
    {
        var errors = new ValidationErrors();
        validate(errors);
        return errors.ToDictionary();
    }
}
