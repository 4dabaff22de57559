using Complaints.Core;
using Complaints.Core.Credit;
using Complaints.Core.Ports;
using Complaints.Pipeline.Stages;
using Complaints.Pipeline.Tests.Support;
using Complaints.Storage;
using Complaints.Testing;
using Xunit.Abstractions;

namespace Complaints.Pipeline.Tests.Paths;

/// <summary>The orchestration projects the read models as a complaint moves: rows appear, change and disappear.</summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class ReadModelTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task Operator_inboxes_track_records_and_the_disclosure_list_follow_the_complaint()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var ct = timeout.Token;
        await using var host = await PipelineHost.StartAsync(azurite, output, TestDeadlines.Far, ct, tag: "rm");
        var driver = host.Driver;
        var readModels = host.Get<IReadModelStore>();
        var merchant = TestParties.Merchant.Id.Value;
        var venue = TestParties.EnrolledVenue.Id.Value;
        var id = await driver.FileAsync(TestParties.EnrolledVenue, ct);

        // Assigned: only the first responder (the venue) is asked to acknowledge.
        var toAcknowledge = await WaitForRowAsync(readModels, ReadModel.Inbox, venue, id, present: true, ct);
        var item = StorageJson.Deserialize<InboxItem>(toAcknowledge!.Json);
        Assert.Equal(("acknowledge", ComplaintStatus.Assigned), (item.Action, item.Status));
        Assert.Null(await RowAsync(readModels, ReadModel.Inbox, merchant, id, ct));

        // Acknowledged: both the merchant and the venue see it waiting for a resolution.
        await driver.AcknowledgeAsync(id, TestParties.EnrolledVenue.Id, ct);
        foreach (var party in new[] { merchant, venue })
        {
            var row = await Eventually.Until(
                () => RowAsync(readModels, ReadModel.Inbox, party, id, ct),
                r => r is not null && StorageJson.Deserialize<InboxItem>(r.Json).Action == "resolve",
                TimeSpan.FromSeconds(30),
                $"{party}'s inbox to ask for a resolution of {id}",
                ct);
            Assert.Equal(ComplaintStatus.Acknowledged, StorageJson.Deserialize<InboxItem>(row!.Json).Status);
        }

        // Resolved and closed: nothing left in anyone's inbox; the track records count the outcome; the draft is listed.
        await driver.ProposeAsync(id, Remedy.Refund, 80m, ct);
        await driver.ConfirmAsync(id, ct);
        var closed = await driver.WaitForDraftAsync(id, ct);
        await WaitForRowAsync(readModels, ReadModel.Inbox, merchant, id, present: false, ct);
        await WaitForRowAsync(readModels, ReadModel.Inbox, venue, id, present: false, ct);
        var merchantRecord = await Eventually.Until(
            () => TrackRecordAsync(readModels, TestParties.Merchant.Id, id, ct),
            r => r is { Closed: 1 },
            TimeSpan.FromSeconds(30),
            "the merchant's track record to count the closed complaint",
            ct);
        Assert.Equal((1, 1, 0, 0), (merchantRecord!.Complaints, merchantRecord.ClosedWithRelief, merchantRecord.Refusals, merchantRecord.UntimelyResponses));
        var venueRecord = await TrackRecordAsync(readModels, TestParties.EnrolledVenue.Id, id, ct);
        Assert.Equal((1, 1, 1), (venueRecord?.Complaints, venueRecord?.AcknowledgementsDue, venueRecord?.AcknowledgedOnTime));
        var listed = await WaitForRowAsync(readModels, ReadModel.Disclosures, DisclosurePartitions.Status(DisclosureStatus.Draft), closed.DisclosureId!, present: true, ct);
        var listItem = StorageJson.Deserialize<DisclosureListItem>(listed!.Json);
        Assert.Equal((id, DisclosureStatus.Draft), (listItem.ComplaintId, listItem.Status));
        Assert.Empty((await readModels.QueryAsync(ReadModel.RegulatorQueue, "escalated", 10, null, ct)).Items);
    }

    [Fact]
    public async Task The_regulators_queue_lists_a_disputed_complaint_until_the_mediation_outcome_is_recorded()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var ct = timeout.Token;
        await using var host = await PipelineHost.StartAsync(azurite, output, TestDeadlines.Far, ct, tag: "rmq");
        var driver = host.Driver;
        var readModels = host.Get<IReadModelStore>();
        var id = await driver.FileAsync(TestParties.EnrolledVenue, ct);
        await driver.WaitForStatusAsync(id, ComplaintStatus.Assigned, ct);
        await driver.AcknowledgeAsync(id, TestParties.EnrolledVenue.Id, ct);
        await driver.ProposeAsync(id, Remedy.Repair, null, ct);

        var disputed = await driver.DisputeAsync(id, ct);
        var row = await WaitForRowAsync(readModels, ReadModel.RegulatorQueue, "in-mediation", id, present: true, ct);
        var item = StorageJson.Deserialize<RegulatorQueueItem>(row!.Json);
        Assert.Equal((ComplaintStatus.InMediation, disputed.State.MediationBy, false), (item.Status, item.MediationBy, item.Untimely));

        await driver.MediateAsync(id, MediationOutcome.MerchantUpheld, ct);
        await driver.WaitForDraftAsync(id, ct);
        await WaitForRowAsync(readModels, ReadModel.RegulatorQueue, "in-mediation", id, present: false, ct);
        await PipelineAssert.DraftedAsync(driver.Store, host.Get<IDisclosureStore>(), id, ComplaintOutcome.Mediated, ct);
    }

    internal static Task<ReadModelRow?> WaitForRowAsync(IReadModelStore readModels, ReadModel model, string partition, ComplaintId id, bool present, CancellationToken ct) =>
        WaitForRowAsync(readModels, model, partition, id.Value, present, ct);

    internal static async Task<ReadModelRow?> WaitForRowAsync(IReadModelStore readModels, ReadModel model, string partition, string row, bool present, CancellationToken ct) =>
        await Eventually.Until(
            () => RowAsync(readModels, model, partition, row, ct),
            r => (r is not null) == present,
            TimeSpan.FromSeconds(30),
            $"{model} row {partition}/{row} to be {(present ? "projected" : "removed")}",
            ct);

    internal static async Task<TrackRecord?> TrackRecordAsync(IReadModelStore readModels, PartyId party, ComplaintId id, CancellationToken ct) =>
        await RowAsync(readModels, ReadModel.TrackRecords, party.Value, id.Value, ct) is { } row
            ? StorageJson.Deserialize<TrackRecordRow>(row.Json).Contribution
            : null;

    private static Task<ReadModelRow?> RowAsync(IReadModelStore readModels, ReadModel model, string partition, ComplaintId id, CancellationToken ct) =>
        RowAsync(readModels, model, partition, id.Value, ct);

    private static async Task<ReadModelRow?> RowAsync(IReadModelStore readModels, ReadModel model, string partition, string row, CancellationToken ct)
    {
        string? cursor = null;
        do
        {
            var page = await readModels.QueryAsync(model, partition, 200, cursor, ct);
            if (page.Items.FirstOrDefault(r => r.Row == row) is { } found)
            {
                return found;
            }

            cursor = page.Cursor;
        }
        while (cursor is not null);
        return null;
    }
}
