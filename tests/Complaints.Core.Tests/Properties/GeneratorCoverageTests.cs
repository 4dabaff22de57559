using Complaints.Core;
using FsCheck;
using FsCheck.Fluent;
using Xunit.Abstractions;

namespace Complaints.Core.Tests.Properties;

/// <summary>The property tests mean something only if the generators reach deep into the life of a complaint.</summary>
public class GeneratorCoverageTests(ITestOutputHelper output)
{
    private const int Samples = 400;

    private static Scenario[] Sample(Gen<Scenario> gen) => gen.Sample(Samples, new Rnd(20_261_122UL), 50);

    private void Report(string name, IEnumerable<string> reached)
    {
        foreach (var group in reached.GroupBy(r => r).OrderByDescending(g => g.Count()))
        {
            output.WriteLine($"{name}: {group.Key} ×{group.Count()}");
        }
    }

    [Fact]
    public void Random_decider_lives_reach_every_stage_and_every_kind_of_refusal()
    {
        var runs = Sample(Scenarios.ScenariosOf(Scenarios.Commands)).Select(Scenarios.PlayThroughDecider).ToList();
        var statuses = runs.SelectMany(r => r.States.Select(s => s.Status)).ToHashSet();
        Report("final", runs.Select(r => r.Final.Status.ToString()));

        Assert.Superset(
            new HashSet<ComplaintStatus>
            {
                ComplaintStatus.Assigned, ComplaintStatus.Acknowledged, ComplaintStatus.ResolutionProposed, ComplaintStatus.Refused,
                ComplaintStatus.Escalated, ComplaintStatus.InMediation, ComplaintStatus.AwaitingPayout, ComplaintStatus.Compensated,
                ComplaintStatus.RecoveryOpened, ComplaintStatus.Resolved, ComplaintStatus.Mediated, ComplaintStatus.Closed,
                ComplaintStatus.Withdrawn, ComplaintStatus.Disclosed,
            },
            statuses);
        Assert.True(runs.Count(r => r.History.Any(e => e is ComplaintEvent.AdvanceCompensationRequested)) >= 10);

        // The redress of issue 14: revisions, offers in mediation (accepted and declined), repayments, every way a claim ends, messages.
        var events = runs.SelectMany(r => r.History).ToList();
        Report("event", events.Select(e => e.Type));
        Report("claim ended", events.OfType<ComplaintEvent.RecoveryClaimEnded>().Select(e => $"{e.Reason} {e.Result}"));
        foreach (var type in new[] { "resolution-revised", "resolution-proposed-in-mediation", "proposal-declined", "repayment-recorded", "repayment-confirmed", "recovery-claim-ended", "message-posted" })
        {
            Assert.True(events.Count(e => e.Type == type) >= 3, $"{type} reached {events.Count(e => e.Type == type)} times");
        }

        Assert.Superset(
            new HashSet<RecoveryEndReason> { RecoveryEndReason.VenueRecorded, RecoveryEndReason.RepaidInFull, RecoveryEndReason.DeadlinePassed },
            events.OfType<ComplaintEvent.RecoveryClaimEnded>().Select(e => e.Reason).ToHashSet());
        Assert.Superset(Enum.GetValues<RecoveryResult>().ToHashSet(), events.OfType<ComplaintEvent.RecoveryClaimEnded>().Select(e => e.Result).ToHashSet());
        Assert.True(runs.Count(r => r.Final.IsTerminal) >= Samples / 5);
        Assert.True(runs.Sum(r => r.Refusals) > Samples);
    }

    [Fact]
    public void Random_workflow_lives_reach_every_outcome()
    {
        var sims = Sample(Scenarios.ScenariosOf(Scenarios.CommandsAndPumps)).Select(Scenarios.PlayThroughWorkflow).ToList();
        Report("outcome", sims.Select(s => s.State.Outcome?.ToString() ?? "open"));
        Report("disclosure", sims.Select(s => s.State.Disclosure.ToString()));

        Assert.Superset(Enum.GetValues<ComplaintOutcome>().ToHashSet(), sims.Select(s => s.State.Outcome ?? ComplaintOutcome.Withdrawn).ToHashSet());
        Assert.Contains(sims, s => s.State.Untimely);
        Assert.Contains(sims, s => s.State.Disclosure == DisclosureStatus.Published);
        Assert.Contains(sims, s => s.RefusedWorkflowCommands.Count > 0);
        Report("claim ended", sims.SelectMany(s => s.EventsOf<ComplaintEvent.RecoveryClaimEnded>()).Select(e => $"{e.Reason} {e.Result}"));
        Assert.Superset(
            new HashSet<RecoveryEndReason> { RecoveryEndReason.VenueRecorded, RecoveryEndReason.RepaidInFull, RecoveryEndReason.DeadlinePassed },
            sims.SelectMany(s => s.EventsOf<ComplaintEvent.RecoveryClaimEnded>()).Select(e => e.Reason).ToHashSet());
    }
}
