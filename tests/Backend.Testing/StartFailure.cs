namespace Backend.Testing;

/// <summary>Why a service instance failed to start: every message in the exception's chain (inner and aggregated ones).</summary>
public static class StartFailure
{
    public static string MessagesOf(Exception exception) => string.Join(" | ", Chain(exception).Select(e => e.Message));

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Chain))
                {
                    yield return inner;
                }
            }
        }
    }
}
