using Complaints.Core;
using FsCheck;
using Complaints.Core.Tests.Support;
using FsCheck.Fluent;
using static Complaints.Core.Tests.Support.Fixtures;

namespace Complaints.Core.Tests.Properties;

/// <summary>
/// Invariants over random lives of a complaint: random commands by random actors (the complaint's consumer, another
/// complaint's consumer, merchant, venue and unrelated operators, a regulator, the pipeline) at non-decreasing times,
/// applied through the decider; a refused command leaves the state as it was.
/// </summary>
public class DeciderProperties
{
    internal static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(400).WithQuietOnSuccess(true);

    private static void ForAll(Action<Scenario, Run> property, int cases = 400) =>
        Check.One(Config.WithMaxTest(cases), Prop.ForAll(Scenarios.DeciderScenarios, scenario => property(scenario, Scenarios.PlayThroughDecider(scenario))));

    private static string Describe(Run run) => string.Join(" → ", run.History.Select(e => e.Type));

    [Fact]
    public void Never_two_payouts() => ForAll((_, run) =>
    {
        Assert.True(run.History.OfType<ComplaintEvent.AdvanceCompensationRequested>().Count() <= 1, Describe(run));
        Assert.True(run.History.OfType<ComplaintEvent.PayoutSettled>().Count() <= 1, Describe(run));
        Assert.True(run.History.OfType<ComplaintEvent.RecoveryClaimOpened>().Count() <= 1, Describe(run));
    });

    [Fact]
    public void A_terminal_state_is_never_left() => ForAll((_, run) =>
    {
        var firstTerminal = run.States.ToList().FindIndex(s => s.IsTerminal);
        if (firstTerminal >= 0)
        {
            Assert.All(run.States.Skip(firstTerminal), s => Assert.True(s.IsTerminal, $"left the terminal state: {Describe(run)}"));
        }
    });

    [Fact]
    public void Version_equals_the_number_of_events_applied() => ForAll((_, run) =>
    {
        Assert.Equal(run.History.Count, run.Final.Version);
        for (var i = 0; i < run.States.Count; i++)
        {
            Assert.Equal(i, run.States[i].Version);
        }
    });

    [Fact]
    public void The_payout_is_what_the_filing_promised_and_the_recovery_claims_exactly_it() => ForAll((scenario, run) =>
    {
        var terms = scenario.Setup.Terms;
        foreach (var requested in run.History.OfType<ComplaintEvent.AdvanceCompensationRequested>())
        {
            Assert.True(terms.Eligible, $"paid by an ineligible venue: {scenario.Setup}");
            Assert.Equal(scenario.Setup.Venue!.Id, requested.Venue);
            Assert.Equal(terms.Amount, requested.Amount);
            Assert.Equal(!scenario.Setup.Merchant.IdentityKnownToVenue, requested.Statutory);
            Assert.True(requested.Amount.Amount <= scenario.Setup.Claim.Amount);
            if (!requested.Statutory && scenario.Setup.Venue.AdvanceCompensation.CapPerComplaint is { } cap)
            {
                Assert.True(requested.Amount.Amount <= cap.Amount);
            }

            Assert.Equal(ComplaintDecider.PayoutIdFor(Id), requested.PayoutId);
        }

        foreach (var recovery in run.History.OfType<ComplaintEvent.RecoveryClaimOpened>())
        {
            var paid = run.History.OfType<ComplaintEvent.AdvanceCompensationRequested>().Single();
            Assert.Equal(paid.Amount, recovery.Amount);
            Assert.Equal((paid.Venue, scenario.Setup.Merchant.Id), (recovery.Venue, recovery.Merchant));
            Assert.Single(run.History.OfType<ComplaintEvent.PayoutSettled>());
        }
    });

    [Fact]
    public void A_complaint_ends_once_and_is_drafted_and_decided_at_most_once() => ForAll((_, run) =>
    {
        Assert.True(run.History.Count(e => e is ComplaintEvent.Closed or ComplaintEvent.Withdrawn) <= 1, Describe(run));
        Assert.True(run.History.OfType<ComplaintEvent.DisclosureDrafted>().Count() <= 1, Describe(run));
        Assert.True(run.History.Count(e => e is ComplaintEvent.DisclosurePublished or ComplaintEvent.DisclosureWithheld) <= 1, Describe(run));
        Assert.True(run.History.OfType<ComplaintEvent.Evaluated>().Count() <= 1, Describe(run));

        // Nothing but evaluation, disclosure decisions, the recovery claim running to its end and the thread's last
        // messages follows the end.
        var end = run.History.ToList().FindIndex(e => e is ComplaintEvent.Closed or ComplaintEvent.Withdrawn);
        if (end >= 0)
        {
            Assert.All(run.History.Skip(end + 1), e => Assert.True(
                e is ComplaintEvent.Evaluated or ComplaintEvent.DisclosureDrafted or ComplaintEvent.DisclosurePublished
                    or ComplaintEvent.DisclosureWithheld or ComplaintEvent.RepaymentRecorded or ComplaintEvent.RepaymentConfirmed
                    or ComplaintEvent.RecoveryClaimEnded or ComplaintEvent.MessagePosted,
                $"{e.Type} after the end: {Describe(run)}"));
        }
    });

    [Fact]
    public void A_withdrawn_complaint_is_never_rated_and_nobody_withdraws_once_money_moved() => ForAll((_, run) =>
    {
        var withdrawn = run.History.Any(e => e is ComplaintEvent.Withdrawn);
        Assert.False(withdrawn && run.History.Any(e => e is ComplaintEvent.Evaluated), Describe(run));
        Assert.False(withdrawn && run.History.Any(e => e is ComplaintEvent.AdvanceCompensationRequested), Describe(run));
    });

    [Fact]
    public void The_complaint_is_untimely_exactly_when_an_acknowledge_or_resolve_deadline_was_missed_or_answered_late() => ForAll((_, run) =>
        Assert.Equal(
            run.History.OfType<ComplaintEvent.DeadlineMissed>().Any(m => m.Kind is DeadlineKind.Acknowledge or DeadlineKind.Resolve)
                || run.History.OfType<ComplaintEvent.Acknowledged>().Any(a => !a.Timely)
                || run.History.OfType<ComplaintEvent.ResolutionProposed>().Any(p => !p.Timely)
                || run.History.OfType<ComplaintEvent.Refused>().Any(r => !r.Timely),
            run.Final.Untimely));

    public static readonly Actor[] Strangers = [OtherConsumer, new Actor.Operator(OtherVenue.Id), new Actor.Operator(OtherMerchant.Id)];

    [Fact]
    public void A_stranger_is_forbidden_whatever_the_state() => ForAll((scenario, run) =>
    {
        // Authority is checked before any state rule, so a stranger learns nothing about the complaint.
        var filed = run.States.Where(s => s.Status != ComplaintStatus.None).ToList();
        foreach (var state in filed.Count == 0 ? [] : new[] { filed[filed.Count / 2], filed[^1] })
        {
            foreach (var stranger in Strangers)
            {
                foreach (var move in Enum.GetValues<Move>().Where(m => m is not (Move.File or Move.Pump)))
                {
                    var command = Scenarios.Materialize(new Step(move, Who.Natural, 1, 0), scenario.Setup, state, T0.AddYears(1)) with { Actor = stranger };
                    var violation = Assert.Throws<ComplaintRuleViolation>(() => Fixtures.Decider.Decide(command, state));
                    Assert.Equal(ViolationKind.Forbidden, violation.Kind);
                }
            }
        }
    }, cases: 200);

    [Fact]
    public void A_recovery_claim_ends_once_and_accounts_for_every_unit_advanced() => ForAll((_, run) =>
    {
        Assert.True(run.History.OfType<ComplaintEvent.RecoveryClaimEnded>().Count() <= 1, Describe(run));
        foreach (var state in run.States.Where(s => s.Recovery is not null))
        {
            var claim = state.Recovery!;
            Assert.True(claim.Repaid is null || !claim.Repaid.IsMoreThan(claim.Amount), $"repaid {claim.Repaid} of {claim.Amount}");
            if (claim.Ending is { } ending)
            {
                var recovered = ending.Recovered?.Amount ?? 0m;
                Assert.Equal(claim.Amount.Amount, recovered + (ending.Unrecovered?.Amount ?? 0m));
                Assert.True(claim.Repaid is null || recovered >= claim.Repaid.Amount, $"recovered {recovered} below the {claim.Repaid} confirmed");
                Assert.Equal(ending.Result, recovered == claim.Amount.Amount ? RecoveryResult.Recovered : recovered == 0m ? RecoveryResult.Unrecovered : RecoveryResult.PartlyRecovered);
                Assert.Null(claim.Pending);
            }
        }

        // Once ended, nothing about the claim changes.
        var end = run.History.ToList().FindIndex(e => e is ComplaintEvent.RecoveryClaimEnded);
        if (end >= 0)
        {
            Assert.DoesNotContain(run.History.Skip(end + 1), e => e is ComplaintEvent.RepaymentRecorded or ComplaintEvent.RepaymentConfirmed);
        }
    });

    [Fact]
    public void The_consumer_never_acts_on_the_recovery_claim() => ForAll((scenario, run) =>
    {
        foreach (var state in run.States.Where(s => s.Recovery is not null).Take(3))
        {
            foreach (var move in new[] { Move.RecordRepayment, Move.ConfirmRepayment, Move.RecordRecovery })
            {
                var command = Scenarios.Materialize(new Step(move, Who.Natural, 1, 0), scenario.Setup, state, state.FiledAt.AddDays(1)) with { Actor = ConsumerActor };
                Assert.Equal(ViolationKind.Forbidden, Assert.Throws<ComplaintRuleViolation>(() => Fixtures.Decider.Decide(command, state)).Kind);
            }
        }
    });

    [Fact]
    public void Every_proposal_above_the_claim_is_flagged_and_no_other() => ForAll((scenario, run) =>
    {
        foreach (var e in run.History)
        {
            var (amount, flagged) = e switch
            {
                ComplaintEvent.ResolutionProposed p => (p.Amount, p.ExceedsClaim),
                ComplaintEvent.ResolutionRevised r => (r.Amount, r.ExceedsClaim),
                ComplaintEvent.ResolutionProposedInMediation m => (m.Amount, m.ExceedsClaim),
                _ => (null, false),
            };
            Assert.Equal(amount is not null && amount.Amount > scenario.Setup.Claim.Amount, flagged);
        }
    });

    [Fact]
    public void Messages_are_numbered_in_order_within_their_size_limit() => ForAll((_, run) =>
    {
        var messages = run.History.OfType<ComplaintEvent.MessagePosted>().ToList();
        Assert.Equal(Enumerable.Range(1, messages.Count), messages.Select(m => m.Number));
        Assert.All(messages, m => Assert.InRange(m.Text.Length, 1, ComplaintDecider.MaxTextLength));
        Assert.Equal(messages.Count, run.Final.Messages);
    });
}
