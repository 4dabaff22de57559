using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Complaints.Pipeline.Tests.Support;

/// <summary>
/// Sends host logs to the test's output, with the time since the test started. Writes after the test has ended
/// (a worker still stopping) are dropped. Errors are also kept, so a test can show them when it fails.
/// </summary>
public sealed class TestOutputLoggerProvider(ITestOutputHelper output, LogLevel minimum) : ILoggerProvider
{
    private readonly Stopwatch clock = Stopwatch.StartNew();

    internal LogLevel Minimum { get; } = minimum;

    public ConcurrentQueue<string> Errors { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName[(categoryName.LastIndexOf('.') + 1)..]);

    public void Dispose()
    {
    }

    /// <summary>Writes a progress line (also used by the tests themselves).</summary>
    public void Write(string line)
    {
        try
        {
            output.WriteLine($"[{clock.Elapsed.TotalSeconds,6:0.00}s] {line}");
        }
        catch (InvalidOperationException)
        {
            // The test is over; nobody is listening.
        }
    }

    private sealed class Logger(TestOutputLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= provider.Minimum && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var line = $"{logLevel,-11} {category}: {formatter(state, exception)}"
                + (exception is null ? string.Empty : $" [{exception.GetType().Name}: {exception.Message}]");
            if (logLevel >= LogLevel.Error)
            {
                provider.Errors.Enqueue(line);
            }

            provider.Write(line);
        }
    }

}
