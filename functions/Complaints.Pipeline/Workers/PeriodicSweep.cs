using Microsoft.Extensions.Hosting;

namespace Complaints.Pipeline.Workers;

/// <summary>
/// A sweep the local host runs as a hosted service: <see cref="SweepAsync"/> once per <see cref="Interval"/> on the
/// injected clock, until the host stops. The Functions app calls the same sweep from a timer trigger instead.
/// </summary>
public abstract class PeriodicSweep(TimeProvider clock) : BackgroundService
{
    /// <summary>The clock the sweep reads and ticks on.</summary>
    protected TimeProvider Clock { get; } = clock;

    protected abstract TimeSpan Interval { get; }

    /// <summary>One sweep; it handles its own storage faults (the next tick tries again).</summary>
    protected abstract Task SweepAsync(CancellationToken cancellationToken);

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, Clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await SweepAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
