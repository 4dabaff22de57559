using Complaints.Pipeline.Workers;
using Microsoft.Azure.Functions.Worker;

namespace Complaints.Functions;

/// <summary>
/// Finishes outboxes that a crash left between commit and send (the local host runs the same sweeper as a hosted
/// service). Every 15 seconds; the sweeper only touches complaints marked longer ago than its sweep age.
/// </summary>
public sealed class MaintenanceFunctions(OutboxSweeper sweeper)
{
    [Function(nameof(SweepOutboxes))]
    public Task SweepOutboxes([TimerTrigger("*/15 * * * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        sweeper.SweepOnceAsync(cancellationToken);
}
