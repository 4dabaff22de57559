using Complaints.Pipeline.Stages;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Complaints.Pipeline.Workers;

/// <summary>Every <see cref="QueueWorkerOptions.TimerPumpInterval"/>, moves deadlines that are now within the horizon from the timers table onto complaint-events.</summary>
public sealed class TimerPump(DeadlineTimers timers, IOptions<QueueWorkerOptions> options, TimeProvider clock, ILogger<TimerPump> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.TimerPumpInterval, clock);
        try
        {
            do
            {
                try
                {
                    await timers.PumpOnceAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Log.TimerPumpFailed(logger, e);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
