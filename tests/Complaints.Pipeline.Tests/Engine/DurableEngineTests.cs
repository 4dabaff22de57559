using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Complaints.Core;
using Complaints.Core.Ports;
using Complaints.LocalHost.Durable;
using Complaints.Pipeline.Stages;
using Complaints.Pipeline.Tests.Support;
using Complaints.Pipeline.Workflow;
using Complaints.Storage;
using Complaints.Storage.Gateway;
using Complaints.Testing;
using Complaints.Workflow;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace Complaints.Pipeline.Tests.Engine;

/// <summary>
/// The local host's workflow engine itself: the Durable Task Framework with the Azure Storage provider on Azurite,
/// running the shared orchestration and activities.
/// </summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class DurableEngineTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task Every_activity_run_twice_leaves_what_one_run_left()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var ct = timeout.Token;
        await using var host = await PipelineHost.StartAsync(azurite, output, TestDeadlines.Far, ct, workers: false, tag: "twice");
        var driver = host.Driver;
        var id = await driver.FileAsync(TestParties.EnrolledVenue, ct, claim: 300m);
        var load = host.Get<LoadComplaintEvents>();
        var run = host.Get<RunWorkflowAction>();
        var at = DateTimeOffset.UtcNow;

        // Load: the same events, without free text, both times.
        var first = await load.RunAsync(new LoadEventsInput(id.Value, 0), ct);
        Assert.Equal(first, await load.RunAsync(new LoadEventsInput(id.Value, 0), ct));

        // A command: the second run records nothing (the decider sees the same command).
        var assign = new RunActionInput(id.Value, new WorkflowActionEnvelope(WorkflowActionKinds.AssignFirstResponder, at));
        Assert.Single((await run.RunAsync(assign, ct))!);
        Assert.Empty((await run.RunAsync(assign, ct))!);
        await driver.AcknowledgeAsync(id, TestParties.EnrolledVenue.Id, ct);
        await driver.RefuseAsync(id, ct);
        var request = new RunActionInput(id.Value, new WorkflowActionEnvelope(WorkflowActionKinds.RequestAdvanceCompensation, at, Trigger: nameof(AdvanceCompensationTrigger.Refusal)));
        Assert.Single((await run.RunAsync(request, ct))!);
        Assert.Empty((await run.RunAsync(request, ct))!);

        // A stage message twice: two messages, one payout.
        var payoutId = ComplaintDecider.PayoutIdFor(id);
        var pay = new RunActionInput(id.Value, new WorkflowActionEnvelope(WorkflowActionKinds.RunPayout, PayoutId: payoutId));
        Assert.Null(await run.RunAsync(pay, ct));
        Assert.Null(await run.RunAsync(pay, ct));
        var payouts = host.Get<IQueueGateway>();
        var messages = await payouts.ReceiveAsync(host.Names.PayoutsQueue, 32, TimeSpan.FromMinutes(1), ct);
        Assert.Equal(2, messages.Count(m => QueueMessages.Read(m.Body).ComplaintId == id.Value));
        foreach (var message in messages)
        {
            await host.Get<PayoutHandler>().HandleAsync(QueueMessages.Read(message.Body), ct);
        }

        Assert.Single(await host.Get<IPayoutLedger>().ListAsync(TestParties.EnrolledVenue.Id, ct), p => p.Complaint == id);

        // The projection that rides along: the second run writes nothing (the fingerprints match), the rows are the same.
        var projecting = new LoadEventsInput(id.Value, 0, Project: true);
        Assert.True((await load.RunAsync(projecting, ct)).Length > first.Length);
        var rows = (await host.Get<IProjectionStore>().GetAsync(id, ct))!;
        Assert.Contains(rows.Rows.Keys, k => k.StartsWith("TrackRecords|", StringComparison.Ordinal));
        await load.RunAsync(projecting, ct);
        await run.RunAsync(pay with { Project = true }, ct);
        var again = (await host.Get<IProjectionStore>().GetAsync(id, ct))!;
        Assert.Equal(rows.ETag, again.ETag);
        Assert.Equal(rows.Rows, again.Rows);

        await PipelineAssert.CleanHistoryAsync(driver.Store, id, ct);
    }

    [Fact]
    public async Task The_task_hub_holds_no_contact_detail_or_narrative_of_a_complaint_it_ran()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var ct = timeout.Token;
        await using var host = await PipelineHost.StartAsync(azurite, output, TestDeadlines.Far, ct, tag: "pii");
        var driver = host.Driver;
        var id = await driver.FileAsync(TestParties.EnrolledVenue, ct, claim: 900m);
        await driver.WaitForStatusAsync(id, ComplaintStatus.Assigned, ct);
        await driver.AcknowledgeAsync(id, TestParties.EnrolledVenue.Id, ct);
        await driver.ProposeAsync(id, Remedy.Refund, 50m, ct);
        await driver.DisputeAsync(id, ct);
        await driver.MediateAsync(id, MediationOutcome.NoAgreement, ct);
        await driver.WaitForDraftAsync(id, ct);
        var workflows = host.Get<IComplaintWorkflows>();
        await Eventually.Until(async () => (await workflows.GetAsync(id, ct))?.Status == WorkflowRuntimeStatus.Completed, TimeSpan.FromSeconds(30), $"orchestration {id} to complete", ct);

        string[] secrets =
        [
            ComplaintDriver.Consumer.Name, ComplaintDriver.Consumer.Phone!, ComplaintDriver.Consumer.Email!, ComplaintDriver.NarrativeCore,
            "ORDER-2026-0001", "We are sorry.", "A repair is not enough.", "The product was used.",
        ];
        var hub = host.Get<IOptions<LocalDurableOptions>>().Value.TaskHubName;
        var found = new List<string>();
        var scanned = 0;
        var tables = new TableServiceClient(azurite.ConnectionString);
        await foreach (var table in tables.QueryAsync(t => t.Name.CompareTo(hub) >= 0))
        {
            if (!table.Name.StartsWith(hub, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            await foreach (var row in tables.GetTableClient(table.Name).QueryAsync<TableEntity>(cancellationToken: ct))
            {
                scanned++;
                foreach (var (key, value) in row)
                {
                    var text = value?.ToString() ?? string.Empty;
                    found.AddRange(secrets.Where(s => text.Contains(s, StringComparison.Ordinal)).Select(s => $"{table.Name}/{row.PartitionKey}/{row.RowKey}.{key} has '{s}'"));
                }
            }
        }

        var blobs = new BlobServiceClient(azurite.ConnectionString);
        await foreach (var container in blobs.GetBlobContainersAsync(prefix: hub.ToLowerInvariant(), cancellationToken: ct))
        {
            var client = blobs.GetBlobContainerClient(container.Name);
            await foreach (var blob in client.GetBlobsAsync(cancellationToken: ct))
            {
                var text = (await client.GetBlobClient(blob.Name).DownloadContentAsync(ct)).Value.Content.ToString();
                found.AddRange(secrets.Where(s => text.Contains(s, StringComparison.Ordinal)).Select(s => $"blob {container.Name}/{blob.Name} has '{s}'"));
            }
        }

        var queues = new QueueServiceClient(azurite.ConnectionString);
        await foreach (var queue in queues.GetQueuesAsync(prefix: hub.ToLowerInvariant(), cancellationToken: ct))
        {
            foreach (var message in (await queues.GetQueueClient(queue.Name).PeekMessagesAsync(32, ct)).Value)
            {
                var text = message.Body.ToString();
                found.AddRange(secrets.Where(s => text.Contains(s, StringComparison.Ordinal)).Select(s => $"queue {queue.Name} has '{s}'"));
            }
        }

        Assert.True(scanned > 10, $"expected the task hub's tables ({hub}Instances, {hub}History, ...) to hold the orchestration; scanned {scanned} rows");
        Assert.True(found.Count == 0, string.Join("\n", found));
    }

    [Fact]
    public async Task A_completed_orchestration_is_purged_after_the_retention_and_its_complaint_still_takes_later_events()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var ct = timeout.Token;
        await using var host = await PipelineHost.StartAsync(azurite, output, TestDeadlines.Far, ct, tag: "purge",
            configure: s => s.Configure<WorkflowOptions>(o => o.HistoryRetention = TimeSpan.Zero));
        var driver = host.Driver;
        var workflows = host.Get<IComplaintWorkflows>();
        var done = await driver.FileAsync(TestParties.EnrolledVenue, ct, consent: true);
        var open = await driver.FileAsync(TestParties.EnrolledVenue, ct);
        await driver.WaitForStatusAsync(done, ComplaintStatus.Assigned, ct);
        await driver.AcknowledgeAsync(done, TestParties.EnrolledVenue.Id, ct);
        await driver.ProposeAsync(done, Remedy.Refund, 150m, ct);
        await driver.ConfirmAsync(done, ct);
        await driver.WaitForDraftAsync(done, ct);
        await Eventually.Until(async () => (await workflows.GetAsync(done, ct))?.Status == WorkflowRuntimeStatus.Completed, TimeSpan.FromSeconds(30), $"orchestration {done} to complete", ct);
        await Eventually.Until(async () => (await workflows.GetAsync(open, ct))?.Progress?.WaitingFor == "Acknowledge", TimeSpan.FromSeconds(30), $"orchestration {open} to wait for its acknowledgement", ct);

        // Within the retention nothing goes.
        var keepAnHour = new WorkflowHistoryPurge(
            Options.Create(new WorkflowOptions { HistoryRetention = TimeSpan.FromHours(1) }), TimeProvider.System, host.Get<ILogger<WorkflowHistoryPurge>>());
        Assert.Equal(0, await keepAnHour.PurgeOnceAsync(workflows, ct));
        Assert.NotNull(await workflows.GetAsync(done, ct));

        // Past it the completed one goes, status and history; the running one stays.
        Assert.Equal(1, await host.Get<WorkflowHistoryPurge>().PurgeOnceAsync(workflows, ct));
        Assert.Null(await workflows.GetAsync(done, ct));
        Assert.Null(await workflows.GetHistoryAsync(done, ct));
        Assert.Equal(WorkflowRuntimeStatus.Running, (await workflows.GetAsync(open, ct))?.Status);
        Assert.Equal(0, await host.Get<WorkflowHistoryPurge>().PurgeOnceAsync(workflows, ct));

        // The complaint still takes what comes after its draft: the regulator publishes, and the complaint-events stage
        // projects it although no orchestration is left to tell.
        var published = await driver.ActAsync(done, now => new ComplaintCommand.PublishDisclosure(new Actor.Regulator(TestParties.Regulator.Id), now), ct);
        var disclosureId = published.State.DisclosureId!;
        var readModels = host.Get<IReadModelStore>();
        await Eventually.Until(
            async () => (await readModels.QueryAsync(ReadModel.Disclosures, DisclosurePartitions.Status(DisclosureStatus.Published), 50, null, ct)).Items.Any(r => r.Row == disclosureId),
            TimeSpan.FromSeconds(30), $"the published disclosure {disclosureId} to be projected", ct);
        Assert.Null(await workflows.GetAsync(done, ct)); // not started again
        await PipelineAssert.CleanHistoryAsync(driver.Store, done, ct);
    }

    [Fact]
    public async Task The_regulator_reads_the_orchestrations_history_from_the_local_engine()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var ct = timeout.Token;
        await using var host = await PipelineHost.StartAsync(azurite, output, TestDeadlines.Far, ct, tag: "hist");
        var id = await host.Driver.FileAsync(null, ct);
        await host.Driver.WaitForStatusAsync(id, ComplaintStatus.Assigned, ct);
        var workflows = host.Get<IComplaintWorkflows>();

        var instance = await Eventually.Until(() => workflows.GetAsync(id, ct), i => i?.Progress?.WaitingFor == "Acknowledge", TimeSpan.FromSeconds(30), "the orchestration to arm the acknowledgement deadline", ct);
        var history = await workflows.GetHistoryAsync(id, ct);

        Assert.Equal(WorkflowRuntimeStatus.Running, instance!.Status);
        Assert.Equal(2, instance.Progress!.LastVersion);
        Assert.NotNull(history);
        Assert.Contains(history, h => h.Kind == "ExecutionStarted" && h.Name == ComplaintOrchestration.Name);
        Assert.Contains(history, h => h.Kind == "TaskScheduled" && h.Name == LoadComplaintEvents.Name);
        Assert.Contains(history, h => h.Kind == "TaskScheduled" && h.Name == RunWorkflowAction.Name);
        Assert.Contains(history, h => h.Kind == "TimerCreated");
    }

    [Fact]
    public async Task Two_hosts_on_one_task_hub_share_the_orchestrations_and_double_no_effect()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(150));
        var ct = timeout.Token;
        var prefix = TestNames.Prefix("two");
        await using var a = await PipelineHost.StartAsync(azurite, output, TestDeadlines.Far, ct, prefix: prefix);
        await using var b = await PipelineHost.StartAsync(azurite, output, TestDeadlines.Far, ct, prefix: prefix);
        var ids = new List<ComplaintId>();
        for (var i = 0; i < 12; i++)
        {
            ids.Add(await (i % 2 == 0 ? a : b).Driver.FileAsync(TestParties.EnrolledVenue, ct, claim: 100m + i));
        }

        foreach (var id in ids)
        {
            await a.Driver.WaitForStatusAsync(id, ComplaintStatus.Assigned, ct);
            await b.Driver.AcknowledgeAsync(id, TestParties.EnrolledVenue.Id, ct);
            await a.Driver.RefuseAsync(id, ct);
        }

        var paid = new List<PayoutEntry>();
        foreach (var id in ids)
        {
            await b.Driver.WaitForDraftAsync(id, ct);
            await PipelineAssert.CleanHistoryAsync(a.Driver.Store, id, ct);
            // Paid in advance, the orchestration outlives the closing: it waits for the recovery claim to end.
            await Eventually.Until(async () => (await a.Get<IComplaintWorkflows>().GetAsync(id, ct)) is { Status: WorkflowRuntimeStatus.Running, Progress.WaitingFor: "Recovery" }, TimeSpan.FromSeconds(30), $"orchestration {id} to wait for the recovery deadline", ct);
        }

        paid.AddRange(await a.Get<IPayoutLedger>().ListAsync(TestParties.EnrolledVenue.Id, ct));
        Assert.Equal(ids.Select(i => i.Value).Order(StringComparer.Ordinal), paid.Select(p => p.Complaint.Value).Order(StringComparer.Ordinal));
    }
}
