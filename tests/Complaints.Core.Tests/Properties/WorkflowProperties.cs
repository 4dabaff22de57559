using Complaints.Core;
using Complaints.Core.Tests.Support;
using FsCheck;
using FsCheck.Fluent;

namespace Complaints.Core.Tests.Properties;

/// <summary>
/// The same invariants, driven by decider and workflow together: random outside commands interleaved with the
/// runtime running the workflow's commands, payouts, drafts and timers; then the runtime runs until idle.
/// </summary>
public class WorkflowProperties
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(300).WithQuietOnSuccess(true);

    private static void ForAll(Action<Scenario, Simulation> property) =>
        Check.One(Config, Prop.ForAll(Scenarios.WorkflowScenarios, scenario => property(scenario, Scenarios.PlayThroughWorkflow(scenario))));

    [Fact]
    public void Never_two_payouts() => ForAll((_, sim) =>
    {
        Assert.True(sim.EventsOf<ComplaintEvent.AdvanceCompensationRequested>().Count() <= 1, sim.Trace);
        Assert.True(sim.EventsOf<ComplaintEvent.PayoutSettled>().Count() <= 1, sim.Trace);
    });

    [Fact]
    public void A_terminal_state_is_never_left() => ForAll((_, sim) =>
    {
        var firstTerminal = sim.States.FindIndex(s => s.IsTerminal);
        if (firstTerminal >= 0)
        {
            Assert.All(sim.States.Skip(firstTerminal), s => Assert.True(s.IsTerminal, sim.Trace));
        }
    });

    [Fact]
    public void Version_equals_the_number_of_events_applied_and_the_workflow_saw_them_all() => ForAll((_, sim) =>
    {
        Assert.Equal(sim.History.Count, sim.State.Version);
        Assert.Equal(sim.History.Count, sim.Workflow.LastVersion);
    });

    [Fact]
    public void Every_path_that_reaches_closed_yields_a_disclosure_draft() => ForAll((_, sim) =>
    {
        if (sim.History.Any(e => e is ComplaintEvent.Closed))
        {
            Assert.Single(sim.EventsOf<ComplaintEvent.DisclosureDrafted>());
            Assert.NotEqual(DisclosureStatus.None, sim.State.Disclosure);
        }
    });

    [Fact]
    public void Left_alone_every_complaint_ends_drafted_and_the_workflow_completes() => ForAll((_, sim) =>
    {
        Assert.True(sim.State.IsTerminal, $"stuck in {sim.State.Status}:{Environment.NewLine}{sim.Trace}");
        Assert.NotEqual(DisclosureStatus.None, sim.State.Disclosure);
        Assert.True(sim.Workflow.Completed, sim.Trace);
        Assert.False(sim.HasPendingWork);
    });

    [Fact]
    public void The_pipeline_always_has_the_authority_for_what_the_workflow_asks() => ForAll((_, sim) =>
    {
        // A workflow command may lose a race with an outside command (a conflict), but is never forbidden or malformed.
        Assert.All(sim.RefusedWorkflowCommands, r => Assert.True(
            r.Violation.Kind == ViolationKind.Conflict,
            $"{r.Command.GetType().Name} refused as {r.Violation.Kind}: {r.Violation.Message}{Environment.NewLine}{sim.Trace}"));
    });

    [Fact]
    public void The_workflow_completes_only_with_the_draft_made_and_no_recovery_claim_open() => ForAll((_, sim) =>
    {
        // Left alone to the end: completed, and any recovery claim has ended (at the latest by its deadline).
        Assert.True(sim.State.Recovery is null or { IsOpen: false }, sim.Trace);
        Assert.True(sim.Workflow.Completed && sim.Workflow.DisclosureDrafted, sim.Trace);
        Assert.Null(sim.Workflow.Deadline);
    });

    [Fact]
    public void While_a_recovery_claim_is_open_its_deadline_is_the_one_armed()
    {
        Check.One(Config, Prop.ForAll(Scenarios.WorkflowScenarios, scenario =>
        {
            // Replay the lived history, checking the workflow after every event.
            var sim = Scenarios.PlayThroughWorkflow(scenario);
            var workflow = Complaints.Core.Workflow.WorkflowState.Start(Fixtures.Id);
            var state = Complaint.Initial;
            foreach (var e in sim.History)
            {
                state = Complaint.Evolve(state, e);
                workflow = Complaints.Core.Workflow.ComplaintWorkflow.React(workflow, new Complaints.Core.Workflow.WorkflowInput.EventRecorded(e, state.Version), e.At).State;
                if (state.Recovery is { IsOpen: true } claim && e is not ComplaintEvent.RecoveryClaimOpened)
                {
                    Assert.Equal(new Complaints.Core.Workflow.WorkflowTimer(DeadlineKind.Recovery, claim.RecoverBy), workflow.Deadline);
                    Assert.False(workflow.Completed, sim.Trace);
                }
            }
        }));
    }
}
