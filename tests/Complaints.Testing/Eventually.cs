using System.Diagnostics;

namespace Complaints.Testing;

/// <summary>Bounded polling for things that become true later (delayed messages, visibility timeouts).</summary>
public static class Eventually
{
    private static readonly TimeSpan FirstStep = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan LongestStep = TimeSpan.FromMilliseconds(500);

    /// <summary>Polls <paramref name="condition"/> until it holds; throws <see cref="TimeoutException"/> saying what it waited for.</summary>
    public static async Task Until(
        Func<Task<bool>> condition,
        TimeSpan timeout,
        string whatWeWaitFor,
        CancellationToken cancellationToken) =>
        await Until(condition, ok => ok, timeout, whatWeWaitFor, cancellationToken);

    /// <summary>
    /// Polls <paramref name="probe"/> until <paramref name="done"/> accepts its result, and returns that result;
    /// throws <see cref="TimeoutException"/> saying what it waited for, how long, and what it saw last.
    /// </summary>
    public static async Task<T> Until<T>(
        Func<Task<T>> probe,
        Func<T, bool> done,
        TimeSpan timeout,
        string whatWeWaitFor,
        CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var step = FirstStep;
        while (true)
        {
            var seen = await probe();
            if (done(seen))
            {
                return seen;
            }

            if (clock.Elapsed >= timeout)
            {
                throw new TimeoutException(
                    $"Waited {timeout.TotalSeconds:0.#} s for {whatWeWaitFor}, but it did not happen; last seen: {Describe(seen)}.");
            }

            try
            {
                await Task.Delay(step, cancellationToken);
            }
            catch (OperationCanceledException e)
            {
                throw new OperationCanceledException(
                    $"Cancelled (test timeout?) after {clock.Elapsed.TotalSeconds:0.#} s of waiting for {whatWeWaitFor}; last seen: {Describe(seen)}.",
                    e,
                    cancellationToken);
            }

            step = TimeSpan.FromTicks(Math.Min(step.Ticks * 2, LongestStep.Ticks));
        }
    }

    private static string Describe<T>(T value) => value switch
    {
        null => "null",
        System.Collections.ICollection c => $"{c.Count} item(s)",
        _ => value.ToString() ?? "?",
    };
}
