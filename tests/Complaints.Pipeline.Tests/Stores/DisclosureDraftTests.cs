using Complaints.Core;
using Complaints.Core.Ports;
using Complaints.Pipeline.Stages;
using Complaints.Pipeline.Tests.Support;
using Complaints.Testing;
using Xunit.Abstractions;

namespace Complaints.Pipeline.Tests.Stores;

/// <summary>The disclosures stage drafts once per complaint, however often it runs, and only for a closed complaint.</summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class DisclosureDraftTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task Ten_concurrent_drafting_runs_record_one_draft_whose_record_exists()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var ct = timeout.Token;
        await using var host = await PipelineHost.StartAsync(azurite, output, TestDeadlines.Far, ct, workers: false, tag: "drft");
        var id = await ByHand.ClosedAsync(host.Driver, ct);
        var handler = host.Get<DisclosureDraftHandler>();

        using var start = new ManualResetEventSlim(false);
        var runs = Enumerable.Range(0, 10).Select(_ => Task.Run(
            async () =>
            {
                start.Wait(ct);
                await handler.HandleAsync(id, ct);
            },
            ct)).ToList();
        start.Set();
        await Task.WhenAll(runs);

        var events = await PipelineAssert.CleanHistoryAsync(host.Driver.Store, id, ct);
        Assert.Single(events, e => e.Event is ComplaintEvent.DisclosureDrafted);
        var record = await PipelineAssert.DraftedAsync(host.Driver.Store, host.Get<IDisclosureStore>(), id, ComplaintOutcome.MonetaryRelief, ct);
        Assert.StartsWith("d", record.DisclosureId, StringComparison.Ordinal);

        // A later run (a redelivered message) reuses the recorded id and adds nothing.
        await handler.HandleAsync(id, ct);
        Assert.Equal(events.Count, (await host.Driver.Store.GetEventsAsync(id, 0, ct)).Count);
    }

    [Fact]
    public async Task A_drafting_run_for_a_complaint_that_is_still_open_drafts_nothing()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var ct = timeout.Token;
        await using var host = await PipelineHost.StartAsync(azurite, output, TestDeadlines.Far, ct, workers: false, tag: "drfo");
        var id = await ByHand.AcknowledgedAsync(host.Driver, ct);

        await host.Get<DisclosureDraftHandler>().HandleAsync(id, ct);
        await host.Get<DisclosureDraftHandler>().HandleAsync(TestNames.NewComplaintId(), ct);

        var state = (await host.Driver.Store.GetAsync(id, ct))!.State;
        Assert.Equal((DisclosureStatus.None, (string?)null, 3L), (state.Disclosure, state.DisclosureId, state.Version));
    }
}
