using System.Diagnostics;
using Complaints.Core;
using Complaints.Core.Ports;
using Complaints.Pipeline.Tests.Support;
using Complaints.Storage;
using Complaints.Storage.Gateway;
using Complaints.Testing;
using Xunit.Abstractions;

namespace Complaints.Pipeline.Tests.Crash;

/// <summary>
/// A batch of complaints runs through a real local host process, which is killed mid-run with no graceful drain;
/// a fresh process on the same storage finishes the job. Nothing is lost, nothing is paid or recorded twice.
/// </summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class CrashRecoveryTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const int FirstWave = 20;
    private const int SecondWave = 10;
    private const int KillAfterPayouts = 2;

    private enum Plan
    {
        /// <summary>The merchant refuses; the enrolled venue pays first and holds a recovery claim.</summary>
        Refusal,

        /// <summary>The merchant offers a refund; the consumer confirms.</summary>
        Resolved,

        /// <summary>The consumer withdraws (at once, or once the complaint is assigned).</summary>
        Withdrawn,
    }

    [Fact]
    public async Task A_local_host_killed_mid_run_loses_nothing_and_doubles_nothing_once_a_fresh_one_takes_over()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var ct = timeout.Token;
        var clock = Stopwatch.StartNew();
        var prefix = TestNames.Prefix("crash");

        // The test's own view of the storage: stores only, no workers. It provisions and seeds before any host starts.
        await using var client = await PipelineHost.StartAsync(azurite, output, TestDeadlines.Far, ct, workers: false, prefix: prefix);
        var log = client.Log;
        var driver = client.Driver;
        var settings = PipelineHost.Settings(TestDeadlines.Far, prefix);
        settings[StorageConnection.Name] = azurite.ConnectionString;

        var plans = new Dictionary<ComplaintId, Plan>();
        var drivers = new List<Task>();

        await using (var first = LocalHostProcess.Start("host-1", settings, log))
        {
            await first.WaitUntilReadyAsync(ct);
            foreach (var (id, plan, i) in await Task.WhenAll(Enumerable.Range(0, FirstWave).Select(i => FileAsync(driver, i, ct))))
            {
                plans[id] = plan;
                drivers.Add(DriveAsync(driver, id, plan, i, ct));
            }

            // Kill once payouts are flowing: some are in the ledger, others (and closings, disclosures) are still on their way.
            log.Write($"filed the first wave of {FirstWave}; waiting for {KillAfterPayouts} payouts in the ledger before the kill");
            var payouts = client.Get<IPayoutLedger>();
            await Eventually.Until(
                async () => (await payouts.ListAsync(TestParties.EnrolledVenue.Id, ct)).Count,
                paid => paid >= KillAfterPayouts,
                TimeSpan.FromSeconds(45),
                $"{KillAfterPayouts} advance-compensation payouts of the first wave to be recorded under host-1",
                ct);
            first.Kill();
        }

        var atKill = await SnapshotAsync(client, plans.Keys, ct);
        log.Write($"at the kill: {atKill}");

        // While no host runs: the second wave is filed (intake messages wait on the queue) and the drivers go on where they can.
        foreach (var (id, plan, i) in await Task.WhenAll(Enumerable.Range(FirstWave, SecondWave).Select(i => FileAsync(driver, i, ct))))
        {
            plans[id] = plan;
            drivers.Add(DriveAsync(driver, id, plan, i, ct));
        }

        log.Write($"filed the second wave of {SecondWave} with no host running; {await SnapshotAsync(client, plans.Keys, ct)}");

        await using (var second = LocalHostProcess.Start("host-2", settings, log))
        {
            await second.WaitUntilReadyAsync(ct);
            await Task.WhenAll(drivers);
            log.Write("every consumer and operator action is done; waiting for every complaint to end with a disclosure draft");
            await Eventually.Until(
                () => CountDraftedAsync(driver, plans.Keys, ct),
                drafted => drafted == plans.Count,
                TimeSpan.FromSeconds(60),
                $"all {plans.Count} complaints to be terminal with a disclosure draft under host-2",
                ct);
            log.Write($"all done after {clock.Elapsed.TotalSeconds:0.0} s: {await SnapshotAsync(client, plans.Keys, ct)}");
        }

        // Every complaint: a clean history and the right ending, with its disclosure draft.
        var disclosures = client.Get<IDisclosureStore>();
        foreach (var (id, plan) in plans)
        {
            var events = await PipelineAssert.CleanHistoryAsync(driver.Store, id, ct);
            var expected = plan switch
            {
                Plan.Refusal => ComplaintOutcome.AdvanceCompensated,
                Plan.Resolved => ComplaintOutcome.MonetaryRelief,
                _ => ComplaintOutcome.Withdrawn,
            };
            await PipelineAssert.DraftedAsync(driver.Store, disclosures, id, expected, ct);
            Assert.True(
                events.Count(e => e.Event is ComplaintEvent.PayoutSettled) == (plan == Plan.Refusal ? 1 : 0),
                $"{id} ({plan}): wrong number of payout-settled events in {PipelineAssert.Types(events)}.");
        }

        // Exactly one ledger row per advance-compensated complaint, and none for any other.
        var refusals = plans.Where(p => p.Value == Plan.Refusal).Select(p => p.Key).ToHashSet();
        var ledger = await client.Get<IPayoutLedger>().ListAsync(TestParties.EnrolledVenue.Id, ct);
        var unexpected = ledger.Where(r => !refusals.Contains(r.Complaint)).Select(r => r.PayoutId).ToList();
        Assert.True(unexpected.Count == 0, $"Payouts recorded for complaints that were not advance-compensated: {string.Join(", ", unexpected)}.");
        var paidTwice = ledger.GroupBy(r => r.Complaint).Where(g => g.Count() > 1).Select(g => g.Key.Value).ToList();
        Assert.True(paidTwice.Count == 0, $"Complaints paid more than once: {string.Join(", ", paidTwice)}.");
        var unpaid = refusals.Where(id => !ledger.Any(r => r.Complaint == id && r.PayoutId == ComplaintDecider.PayoutIdFor(id))).ToList();
        Assert.True(unpaid.Count == 0, $"Advance-compensated complaints without their ledger row: {string.Join(", ", unpaid)}.");
        Assert.Equal(refusals.Count, ledger.Count);

        var claims = await PipelineAssert.RecoveryClaimsOfAsync(client.Get<IReadModelStore>(), TestParties.EnrolledVenue.Id, ct);
        Assert.Equal(
            refusals.Select(id => id.Value).Order(StringComparer.Ordinal).ToList(),
            claims.Select(c => c.ComplaintId.Value).Order(StringComparer.Ordinal).ToList());

        // Nothing ended up on a poison queue: every message the crash interrupted was retried and handled.
        var queues = client.Get<IQueueGateway>();
        foreach (var queue in client.Names.Queues)
        {
            var poisoned = await queues.ApproximateCountAsync(StorageNames.PoisonQueueOf(queue), ct);
            Assert.True(poisoned == 0, $"{poisoned} message(s) on {StorageNames.PoisonQueueOf(queue)} after the crash and restart.");
        }

        log.Write($"checked {plans.Count} complaints ({refusals.Count} advance-compensated, {ledger.Count} ledger rows) in {clock.Elapsed.TotalSeconds:0.0} s");
    }

    private static Plan PlanFor(int i) => (i % 3) switch
    {
        0 => Plan.Refusal,
        1 => Plan.Resolved,
        _ => Plan.Withdrawn,
    };

    private static async Task<(ComplaintId Id, Plan Plan, int Index)> FileAsync(ComplaintDriver driver, int i, CancellationToken ct)
    {
        var plan = PlanFor(i);
        var venue = plan == Plan.Withdrawn && i % 2 == 0 ? null : TestParties.EnrolledVenue;
        var id = await driver.FileAsync(venue, ct, claim: 100m + (37m * i), consent: i % 2 == 0);
        return (id, plan, i);
    }

    /// <summary>What the consumer and the operators do for one complaint; waiting on the pipeline where their turn depends on it.</summary>
    private static async Task DriveAsync(ComplaintDriver driver, ComplaintId id, Plan plan, int i, CancellationToken ct)
    {
        var wait = TimeSpan.FromSeconds(100);
        if (plan == Plan.Withdrawn && i % 4 == 2)
        {
            await driver.WithdrawAsync(id, ct);
            return;
        }

        var assigned = await driver.WaitAsync(id, s => s.FirstResponder is not null, "assigned", ct, wait);
        switch (plan)
        {
            case Plan.Withdrawn:
                await driver.WithdrawAsync(id, ct);
                break;
            case Plan.Refusal:
                await driver.AcknowledgeAsync(id, assigned.FirstResponder!.Value, ct);
                await driver.RefuseAsync(id, ct);
                break;
            case Plan.Resolved:
                await driver.AcknowledgeAsync(id, assigned.FirstResponder!.Value, ct);
                await driver.ProposeAsync(id, Remedy.Refund, 50m, ct);
                await driver.ConfirmAsync(id, ct);
                break;
        }
    }

    private static async Task<int> CountDraftedAsync(ComplaintDriver driver, IEnumerable<ComplaintId> ids, CancellationToken ct)
    {
        var states = await Task.WhenAll(ids.Select(id => driver.Store.GetAsync(id, ct)));
        return states.Count(s => s?.State is { IsTerminal: true, Disclosure: DisclosureStatus.Draft });
    }

    /// <summary>Statuses, drafts, payouts, waiting messages and pending outboxes, in one line for the test output.</summary>
    private static async Task<string> SnapshotAsync(PipelineHost client, IEnumerable<ComplaintId> ids, CancellationToken ct)
    {
        var states = (await Task.WhenAll(ids.Select(id => client.Driver.Store.GetAsync(id, ct)))).Select(s => s?.State).ToList();
        var statuses = string.Join(", ", states.GroupBy(s => s?.Status.ToString() ?? "missing").OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}"));
        var drafted = states.Count(s => s?.Disclosure == DisclosureStatus.Draft);
        var paid = (await client.Get<IPayoutLedger>().ListAsync(TestParties.EnrolledVenue.Id, ct)).Count;
        var queues = client.Get<IQueueGateway>();
        var waiting = new List<string>();
        foreach (var queue in client.Names.Queues)
        {
            waiting.Add($"{queue[(client.Names.Prefix.Length + 1)..]} {await queues.ApproximateCountAsync(queue, ct)}");
        }

        var outboxes = (await client.Driver.Store.FindStaleOutboxesAsync(TimeSpan.Zero, ct)).Count;
        return $"{statuses}; drafted {drafted}; ledger rows {paid}; queued: {string.Join(", ", waiting)}; marked outboxes {outboxes}";
    }
}
