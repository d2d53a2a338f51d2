using Microsoft.Extensions.Logging;

namespace Backend.Testing;

/// <summary>One category's logger of <see cref="LogFileProvider"/>: a timestamped line per entry, its exception below it.</summary>
internal sealed class LogFileLogger(string category, Action<string> write) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        var line = $"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel,-11} {category}: {formatter(state, exception)}";
        write(exception is null ? line : line + Environment.NewLine + exception);
    }
}
