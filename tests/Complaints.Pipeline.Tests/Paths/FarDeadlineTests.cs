using Complaints.Core;
using Complaints.Pipeline.Tests.Support;
using Complaints.Pipeline.Workers;
using Complaints.Storage;
using Complaints.Storage.Gateway;
using Complaints.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Xunit.Abstractions;

namespace Complaints.Pipeline.Tests.Paths;

/// <summary>
/// Deadlines beyond the timer horizon wait as rows in the timers table, not as long-delayed queue messages (Azurite
/// scans every stored message on each queue call); the timer pump moves them onto complaint-events when they are near.
/// </summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class FarDeadlineTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private static readonly TimeSpan Horizon = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_far_deadline_waits_in_the_timers_table_and_still_fires()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var ct = timeout.Token;
        RecordingQueueGateway? recorder = null;
        await using var host = await StartAsync(TestDeadlines.Far with { Acknowledge = TimeSpan.FromSeconds(9) }, r => recorder = r, ct);
        var id = await host.Driver.FileAsync(TestParties.EnrolledVenue, ct);

        var escalated = await host.Driver.WaitForStatusAsync(id, ComplaintStatus.Escalated, ct);

        var delays = recorder!.Sent
            .Where(m => m.Queue == host.Names.EventsQueue && QueueMessages.Read(m.Body) is { Kind: QueueMessages.TimerKind } t && t.ComplaintId == id.Value)
            .Select(m => m.Delay ?? TimeSpan.Zero)
            .ToList();
        output.WriteLine($"timer messages: {string.Join(", ", delays.Select(d => d.TotalSeconds))} s");
        Assert.Equal(DeadlineKind.Acknowledge, Assert.Single(escalated.MissedDeadlines).Kind);
        Assert.NotEmpty(delays);
        Assert.All(delays, d => Assert.True(d <= Horizon + TimeSpan.FromSeconds(1), $"A timer went onto the queue delayed by {d}, beyond the {Horizon} horizon."));
    }

    [Fact]
    public async Task A_replaced_far_deadline_leaves_no_row_behind()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var ct = timeout.Token;
        await using var host = await StartAsync(TestDeadlines.Far, _ => { }, ct);
        var id = await host.Driver.FileAsync(TestParties.EnrolledVenue, ct);
        await host.Driver.WaitForStatusAsync(id, ComplaintStatus.Assigned, ct);
        var tables = host.Services.GetRequiredService<ITableGateway>();
        await Eventually.Until(async () => (await RowsOfAsync(tables, host.Names, id, ct)).Count == 1, TimeSpan.FromSeconds(30), "the acknowledge deadline's row", ct);

        await host.Driver.AcknowledgeAsync(id, TestParties.EnrolledVenue.Id, ct);

        // The resolve deadline replaces the acknowledge deadline: one row, and it is the resolve deadline's.
        var rows = await Eventually.Until(
            () => RowsOfAsync(tables, host.Names, id, ct),
            r => r.Count == 1 && r[0].GetString("Kind") == nameof(DeadlineKind.Resolve),
            TimeSpan.FromSeconds(30),
            "only the resolve deadline's row in the timers table",
            ct);
        Assert.Equal(nameof(DeadlineKind.Resolve), Assert.Single(rows).GetString("Kind"));
    }

    private async Task<PipelineHost> StartAsync(TestDeadlines deadlines, Action<RecordingQueueGateway> recorded, CancellationToken ct) =>
        await PipelineHost.StartAsync(azurite, output, deadlines, ct, tag: "far", configure: services =>
        {
            services.Configure<QueueWorkerOptions>(o =>
            {
                o.TimerHorizon = Horizon;
                o.TimerPumpInterval = TimeSpan.FromMilliseconds(250);
            });
            var real = services.Single(d => d.ServiceType == typeof(IQueueGateway)).ImplementationInstance as IQueueGateway;
            var recorder = new RecordingQueueGateway(real!);
            recorded(recorder);
            services.Replace(ServiceDescriptor.Singleton<IQueueGateway>(recorder));
        });

    private static async Task<IReadOnlyList<TableRow>> RowsOfAsync(ITableGateway tables, StorageNames names, ComplaintId id, CancellationToken ct) =>
        [.. (await tables.QueryPartitionAsync(names.TimersTable, "due", null, 1000, null, ct)).Rows.Where(r => r.GetString("ComplaintId") == id.Value)];
}
