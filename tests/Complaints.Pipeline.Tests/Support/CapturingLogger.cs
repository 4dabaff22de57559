using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Complaints.Pipeline.Tests.Support;

/// <summary>Keeps what a component logged (level, event id, message), so that a test can assert on it.</summary>
public sealed class CapturingLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<(LogLevel Level, int EventId, string Message)> entries = new();

    public IReadOnlyList<(LogLevel Level, int EventId, string Message)> Entries => [.. entries];

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        entries.Enqueue((logLevel, eventId.Id, formatter(state, exception) + (exception is null ? string.Empty : $" [{exception.GetType().Name}: {exception.Message}]")));
}
