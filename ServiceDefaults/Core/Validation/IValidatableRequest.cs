namespace ServiceDefaults.Validation;

/// <summary>A request body or query object that can say what is wrong with it, field by field (JSON names).</summary>
public interface IValidatableRequest
{
    void Validate(ValidationErrors errors);
}
