namespace Backend.Testing;

/// <summary>
/// A failed check of the shared test kit (<see cref="ProblemAssert"/>, <see cref="Consistently"/>). The kit has no test
/// framework in it (the benchmark uses it too): the runner reports this exception as the test's failure.
/// </summary>
public sealed class BackendAssertionException : Exception
{
    public BackendAssertionException()
    {
    }

    public BackendAssertionException(string message)
        : base(message)
    {
    }

    public BackendAssertionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
