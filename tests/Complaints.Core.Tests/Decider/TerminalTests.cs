using Complaints.Core;
using Complaints.Core.Tests.Support;
using static Complaints.Core.Tests.Support.Commands;
using static Complaints.Core.Tests.Support.Fixtures;

namespace Complaints.Core.Tests.Decider;

public class TerminalTests
{
    public static IEnumerable<(string Name, ComplaintEvent[] History)> TerminalHistories() =>
    [
        ("closed", Story.At(Mall).ClosedResolved()),
        ("closed advance-compensated", Story.At(Mall).ClosedAdvanceCompensated()),
        ("withdrawn", Story.At(Mall).Withdrawn()),
        ("disclosed", Story.At(Mall).Published()),
        ("withdrawn and disclosed", [.. Story.At(Mall).Withdrawn(), Events.Drafted(), Events.Published()]),
    ];

    /// <summary>Commands that move a live complaint, each by an actor allowed to issue it.</summary>
    public static IEnumerable<(string Name, ComplaintCommand Command)> MovingCommands() =>
    [
        ("acknowledge", Acknowledge(Op(Mall))),
        ("propose", ProposeRefund(Op(Merchant))),
        ("refuse", Refuse(Op(Merchant), "New reason.")),
        ("dispute", Dispute()),
        ("record mediation", RecordMediation(MediationOutcome.ConsumerUpheld)),
        ("escalate", Escalate()),
        ("request advance compensation", RequestAdvanceCompensation()),
        ("open recovery claim", OpenRecoveryClaim()),
        ("assign", AssignFirstResponder()),
    ];

    public static TheoryData<string, string> RefusedInTerminal()
    {
        var data = new TheoryData<string, string>();
        foreach (var (state, _) in TerminalHistories())
        {
            foreach (var (command, _) in MovingCommands())
            {
                data.Add(state, command);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RefusedInTerminal))]
    public void A_terminal_complaint_refuses_commands_that_would_move_it(string state, string command)
    {
        var history = TerminalHistories().Single(h => h.Name == state).History;
        var cmd = MovingCommands().Single(c => c.Name == command).Command;
        Spec.Given(history).When(cmd).ThenThrows(ViolationKind.Conflict);
    }

    [Fact]
    public void A_closed_complaint_cannot_be_withdrawn() =>
        Spec.Given(Story.At(Mall).ClosedResolved()).When(Withdraw()).ThenThrows(ViolationKind.Conflict);

    [Fact]
    public void A_withdrawn_complaint_cannot_be_closed() =>
        Spec.Given(Story.At(Mall).Withdrawn()).When(Close()).ThenThrows(ViolationKind.Conflict);

    [Fact]
    public void A_withdrawn_complaint_cannot_be_closed_after_its_disclosure_is_published() =>
        Spec.Given([.. Story.At(Mall).Withdrawn(), Events.Drafted(), Events.Published()]).When(Close()).ThenThrows(ViolationKind.Conflict);

    [Fact]
    public void A_settled_payout_reported_again_after_closing_changes_nothing() =>
        Spec.Given(Story.At(Mall).ClosedAdvanceCompensated()).When(SettlePayout()).ThenNothing();

    [Fact]
    public void Withdrawing_again_changes_nothing() =>
        Spec.Given(Story.At(Mall).Withdrawn()).When(Withdraw()).ThenNothing();

    [Fact]
    public void Withdrawing_again_after_the_disclosure_is_published_changes_nothing() =>
        Spec.Given([.. Story.At(Mall).Withdrawn(), Events.Drafted(), Events.Published()]).When(Withdraw()).ThenNothing();

    [Fact]
    public void Closing_a_disclosed_complaint_again_changes_nothing() =>
        Spec.Given(Story.At(Mall).Published()).When(Close()).ThenNothing();

    [Fact]
    public void Confirming_a_closed_complaint_again_changes_nothing() =>
        Spec.Given(Story.At(Mall).ClosedResolved()).When(Confirm()).ThenNothing();

    [Fact]
    public void Confirming_a_complaint_that_never_had_a_proposal_is_a_conflict_once_closed() =>
        Spec.Given(Story.At(Mall).ClosedAdvanceCompensated()).When(Confirm()).ThenThrows(ViolationKind.Conflict);

    [Fact]
    public void Filing_a_closed_complaint_again_changes_nothing() =>
        Spec.Given(Story.At(Mall).ClosedResolved()).When(File(Mall)).ThenNothing();

    [Fact]
    public void Late_timers_change_nothing_once_terminal() =>
        Spec.Given(Story.At(Mall).Withdrawn()).When(MissDeadline(DeadlineKind.Resolve, Times.ResolveBy)).ThenNothing();

    [Fact]
    public void A_stranger_is_still_forbidden_on_a_terminal_complaint() =>
        Spec.Given(Story.At(Mall).ClosedResolved()).When(Evaluate(5, by: OtherConsumer)).ThenThrows(ViolationKind.Forbidden);
}

public class EvaluationTests
{
    [Fact]
    public void Consumer_rates_a_closed_complaint() =>
        Spec.Given(Story.At(Mall).ClosedResolved())
            .When(Evaluate(4, "Quick and polite.", at: Times.Closed.AddDays(2)))
            .Then(new ComplaintEvent.Evaluated(4, "Quick and polite.", Times.Closed.AddDays(2)))
            .ThenState(s => Assert.Equal(new EvaluationInfo(4, "Quick and polite.", Times.Closed.AddDays(2)), s.Evaluation));

    [Fact]
    public void Rating_on_the_last_day_of_the_window_is_accepted() =>
        Spec.Given(Story.At(Mall).ClosedResolved())
            .When(Evaluate(3, at: Times.EvaluateBy))
            .Then(Events.Evaluated(3, at: Times.EvaluateBy));

    [Fact]
    public void Rating_after_the_window_is_a_conflict() =>
        Spec.Given(Story.At(Mall).ClosedResolved())
            .When(Evaluate(3, at: Times.EvaluateBy.AddSeconds(1)))
            .ThenThrows(ViolationKind.Conflict);

    [Fact]
    public void A_disclosed_complaint_can_still_be_rated_within_the_window() =>
        Spec.Given(Story.At(Mall).Published())
            .When(Evaluate(5, at: Times.Closed.AddDays(10)))
            .Then(Events.Evaluated(5, at: Times.Closed.AddDays(10)));

    [Fact]
    public void A_withdrawn_complaint_cannot_be_rated() =>
        Spec.Given(Story.At(Mall).Withdrawn()).When(Evaluate(1)).ThenThrows(ViolationKind.Conflict);

    [Fact]
    public void A_withdrawn_complaint_cannot_be_rated_after_its_disclosure_is_published() =>
        Spec.Given([.. Story.At(Mall).Withdrawn(), Events.Drafted(), Events.Published()])
            .When(Evaluate(1))
            .ThenThrows(ViolationKind.Conflict);

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    [InlineData(-1)]
    public void A_rating_outside_one_to_five_is_invalid(int rating) =>
        Spec.Given(Story.At(Mall).ClosedResolved()).When(Evaluate(rating)).ThenThrows(ViolationKind.Invalid);

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public void Ratings_at_the_ends_of_the_scale_are_accepted(int rating) =>
        Spec.Given(Story.At(Mall).ClosedResolved()).When(Evaluate(rating)).Then(Events.Evaluated(rating));

    [Fact]
    public void A_comment_over_two_thousand_characters_is_invalid() =>
        Spec.Given(Story.At(Mall).ClosedResolved()).When(Evaluate(4, new string('c', 2_001))).ThenThrows(ViolationKind.Invalid);

    [Fact]
    public void The_same_rating_again_changes_nothing() =>
        Spec.Given([.. Story.At(Mall).ClosedResolved(), Events.Evaluated(4, "ok")])
            .When(Evaluate(4, "ok", at: Times.Closed.AddDays(3)))
            .ThenNothing();

    [Fact]
    public void A_different_second_rating_is_a_conflict() =>
        Spec.Given([.. Story.At(Mall).ClosedResolved(), Events.Evaluated(4, "ok")]).When(Evaluate(2, "ok")).ThenThrows(ViolationKind.Conflict);

    [Fact]
    public void The_evaluation_window_follows_the_configured_duration()
    {
        var decider = new ComplaintDecider(new DeadlineOptions { EvaluationWindow = TimeSpan.FromDays(60) });
        Spec.Given(Story.At(Mall).ClosedResolved())
            .When(Evaluate(3, at: Times.Closed.AddDays(45)), decider)
            .Then(Events.Evaluated(3, at: Times.Closed.AddDays(45)));
    }
}

public class WithdrawTests
{
    public static TheoryData<string, ComplaintEvent[]> BeforeMoneyMoves => new()
    {
        { "filed", Story.At(Mall).Filed() },
        { "assigned", Story.At(Mall).Assigned() },
        { "acknowledged", Story.At(Mall).Acknowledged() },
        { "proposed", Story.At(Mall).Proposed() },
        { "refused", Story.At(Mall).Refused() },
        { "escalated", Story.At(Market).EscalatedAfterRefusal() },
        { "in mediation", Story.At(Mall).InMediation() },
        { "untimely and escalated", Story.At(Mall).AcknowledgeDeadlineMissed() },
    };

    [Theory]
    [MemberData(nameof(BeforeMoneyMoves))]
    public void Consumer_withdraws_before_money_moves(string stage, ComplaintEvent[] history)
    {
        var at = Times.Answered.AddHours(4);
        Spec.Given(history)
            .When(Withdraw(at: at))
            .Then(new ComplaintEvent.Withdrawn(at))
            .ThenState(s =>
            {
                Assert.Equal(ComplaintStatus.Withdrawn, s.Status);
                Assert.Equal(ComplaintOutcome.Withdrawn, s.Outcome);
                Assert.Equal(at, s.ClosedAt);
                Assert.True(s.IsTerminal, stage);
            });
    }

    public static TheoryData<string, ComplaintEvent[]> AfterMoneyMoves => new()
    {
        { "awaiting payout", Story.At(Mall).AwaitingPayout() },
        { "compensated", Story.At(Mall).Compensated() },
        { "recovery opened", Story.At(Mall).RecoveryOpened() },
        { "resolved", Story.At(Mall).Resolved() },
        { "mediated", Story.At(Market).Mediated(MediationOutcome.ConsumerUpheld) },
    };

    [Theory]
    [MemberData(nameof(AfterMoneyMoves))]
    public void Consumer_cannot_withdraw_once_money_moves_or_the_matter_is_settled(string stage, ComplaintEvent[] history)
    {
        var violation = Spec.Given(history).When(Withdraw()).ThenThrows(ViolationKind.Conflict);
        Assert.False(string.IsNullOrWhiteSpace(violation.Message), stage);
    }
}
