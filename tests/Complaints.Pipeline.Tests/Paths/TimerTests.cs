using Complaints.Core;
using Complaints.Pipeline.Tests.Support;
using Complaints.Storage;
using Complaints.Storage.Gateway;
using Complaints.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Xunit.Abstractions;

namespace Complaints.Pipeline.Tests.Paths;

/// <summary>Deadline timers are delayed messages on complaint-events; a deadline costs a handful of them, whatever the clock's fractions.</summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class TimerTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task A_passing_deadline_is_not_re_armed_in_a_hot_loop()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var ct = timeout.Token;
        RecordingQueueGateway? recorder = null;
        await using var host = await PipelineHost.StartAsync(
            azurite,
            output,
            TestDeadlines.Far with { Acknowledge = TimeSpan.FromSeconds(2.5) },
            ct,
            tag: "tmr",
            configure: services =>
            {
                var real = services.Single(d => d.ServiceType == typeof(IQueueGateway)).ImplementationInstance as IQueueGateway;
                recorder = new RecordingQueueGateway(real!);
                services.Replace(ServiceDescriptor.Singleton<IQueueGateway>(recorder));
            });
        var id = await host.Driver.FileAsync(TestParties.EnrolledVenue, ct);

        var escalated = await host.Driver.WaitForStatusAsync(id, ComplaintStatus.Escalated, ct);

        var timers = recorder!.Sent
            .Where(m => m.Queue == host.Names.EventsQueue)
            .Select(m => (Message: QueueMessages.Read(m.Body), m.Delay))
            .Where(m => m.Message.Kind == QueueMessages.TimerKind && m.Message.ComplaintId == id.Value && QueueMessages.DeadlineOf(m.Message) == DeadlineKind.Acknowledge)
            .ToList();
        output.WriteLine($"acknowledge timers sent: {timers.Count}; delays: {string.Join(", ", timers.Select(t => t.Delay?.TotalMilliseconds.ToString("0", System.Globalization.CultureInfo.InvariantCulture)))} ms");
        Assert.Equal(DeadlineKind.Acknowledge, Assert.Single(escalated.MissedDeadlines).Kind);
        Assert.True(
            timers.Count <= 4,
            $"Expected the acknowledge deadline to be armed a few times at most (once, plus duplicates of concurrent reactions); it was sent {timers.Count} times.");
    }
}
