namespace ServiceDefaults.Problems;

/// <summary>Recognises one dependency's "temporarily unreachable" exceptions, which the API answers with 503 and Retry-After.</summary>
public interface IDependencyOutage
{
    bool IsOutage(Exception exception);
}
