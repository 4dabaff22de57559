using Complaints.Core;
using Complaints.Core.Tests.Support;
using static Complaints.Core.Tests.Support.Commands;
using static Complaints.Core.Tests.Support.Fixtures;

namespace Complaints.Core.Tests.Decider;

/// <summary>
/// The venue's recovery claim against the merchant after it paid the consumer first (300 CNY here), from its opening
/// to its end: repayments the merchant records and the venue confirms, the venue's own record of what it recovered,
/// and the recovery deadline. It is between venue and merchant: nobody else acts on it.
/// </summary>
public class RecoveryClaimTests
{
    private static readonly string ClaimId = ComplaintDecider.RecoveryClaimIdFor(Id);

    private static readonly ComplaintEvent[] Open = Story.At(Mall).DraftedAdvanceCompensated();

    private static readonly DateTimeOffset Later = Times.Closed.AddDays(5);

    // Repayments

    [Fact]
    public void The_merchant_records_a_repayment_which_awaits_the_venue() =>
        Spec.Given(Open)
            .When(RecordRepayment(Cny(100m), "TX-0001", Op(Merchant), Later))
            .Then(new ComplaintEvent.RepaymentRecorded(ClaimId, Merchant.Id, Cny(100m), "TX-0001", Later))
            .ThenState(s =>
            {
                Assert.Equal(new PendingRepayment(Cny(100m), "TX-0001", Later), s.Recovery!.Pending);
                Assert.Null(s.Recovery.Repaid);
                Assert.True(s.Recovery.IsOpen);
            });

    [Fact]
    public void The_venue_confirms_a_part_repayment_and_the_claim_stays_open() =>
        Spec.Given([.. Open, Events.RepaymentRecorded(Cny(100m))])
            .When(ConfirmRepayment(Op(Mall), Later.AddDays(1)))
            .Then(new ComplaintEvent.RepaymentConfirmed(ClaimId, Mall.Id, Cny(100m), Later.AddDays(1)))
            .ThenState(s =>
            {
                Assert.Equal(Cny(100m), s.Recovery!.Repaid);
                Assert.Equal(Cny(200m), s.Recovery.Outstanding);
                Assert.Null(s.Recovery.Pending);
                Assert.True(s.Recovery.IsOpen);
                Assert.Equal((DeadlineKind.Recovery, Times.RecoverBy), s.CurrentDeadline);
            });

    [Fact]
    public void Repaid_in_full_the_claim_ends_recovered() =>
        Spec.Given([.. Open, Events.RepaymentRecorded(Claim)])
            .When(ConfirmRepayment(Op(Mall), Later))
            .Then(
                new ComplaintEvent.RepaymentConfirmed(ClaimId, Mall.Id, Claim, Later),
                new ComplaintEvent.RecoveryClaimEnded(ClaimId, RecoveryResult.Recovered, Claim, null, RecoveryEndReason.RepaidInFull, Mall.Id, Later))
            .ThenState(s =>
            {
                Assert.False(s.Recovery!.IsOpen);
                Assert.True(s.Recovery.Recovered);
                Assert.Null(s.CurrentDeadline);
            });

    [Fact]
    public void Repayments_add_up_to_the_whole() =>
        Spec.Given([.. Open, Events.RepaymentRecorded(Cny(100m)), Events.RepaymentConfirmed(Cny(100m)), Events.RepaymentRecorded(Cny(200m), "TX-0002")])
            .When(ConfirmRepayment(Op(Mall), Later))
            .Then(
                new ComplaintEvent.RepaymentConfirmed(ClaimId, Mall.Id, Cny(200m), Later),
                new ComplaintEvent.RecoveryClaimEnded(ClaimId, RecoveryResult.Recovered, Claim, null, RecoveryEndReason.RepaidInFull, Mall.Id, Later));

    [Fact]
    public void A_new_repayment_record_replaces_one_the_venue_has_not_confirmed() =>
        Spec.Given([.. Open, Events.RepaymentRecorded(Cny(100m))])
            .When(RecordRepayment(Cny(120m), "TX-0001", at: Later))
            .Then(new ComplaintEvent.RepaymentRecorded(ClaimId, Merchant.Id, Cny(120m), "TX-0001", Later))
            .ThenState(s => Assert.Equal(Cny(120m), s.Recovery!.Pending!.Amount));

    [Fact]
    public void Recording_the_same_repayment_again_changes_nothing() =>
        Spec.Given([.. Open, Events.RepaymentRecorded(Cny(100m))]).When(RecordRepayment(Cny(100m))).ThenNothing();

    [Fact]
    public void The_claim_can_be_repaid_before_the_complaint_closes() =>
        Spec.Given(Story.At(Mall).RecoveryOpened())
            .When(RecordRepayment(Cny(50m), at: Times.Settled.AddHours(1)))
            .Then(new ComplaintEvent.RepaymentRecorded(ClaimId, Merchant.Id, Cny(50m), "TX-0001", Times.Settled.AddHours(1)));

    [Fact]
    public void A_repayment_above_what_is_still_owed_is_invalid_naming_the_amount()
    {
        var violation = Spec.Given([.. Open, Events.RepaymentRecorded(Cny(100m)), Events.RepaymentConfirmed(Cny(100m))])
            .When(RecordRepayment(Cny(200.01m)))
            .ThenThrows(ViolationKind.Invalid);
        Assert.Equal("amount", violation.Field);
        Assert.Contains("200 CNY still owed", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_repayment_in_another_currency_is_invalid_naming_the_currency() =>
        Assert.Equal("amount.currency", Spec.Given(Open).When(RecordRepayment(Money.Of(50m, "USD"))).ThenThrows(ViolationKind.Invalid).Field);

    [Fact]
    public void A_payment_reference_over_200_characters_is_invalid_naming_the_reference()
    {
        Assert.Equal("reference", Spec.Given(Open).When(RecordRepayment(Cny(50m), new string('R', 201))).ThenThrows(ViolationKind.Invalid).Field);
        Spec.Given(Open).When(RecordRepayment(Cny(50m), new string('R', 200))).Then(e => Assert.Single(e));
    }

    [Fact]
    public void Confirming_with_nothing_recorded_is_a_conflict() =>
        Spec.Given(Open).When(ConfirmRepayment()).ThenThrows(ViolationKind.Conflict);

    [Fact]
    public void Confirming_again_what_was_confirmed_changes_nothing() =>
        Spec.Given([.. Open, Events.RepaymentRecorded(Cny(100m)), Events.RepaymentConfirmed(Cny(100m))]).When(ConfirmRepayment()).ThenNothing();

    [Fact]
    public void Confirming_again_after_the_claim_was_repaid_in_full_changes_nothing() =>
        Spec.Given([.. Open, Events.RepaymentRecorded(Claim), Events.RepaymentConfirmed(Claim), Events.RecoveryEnded(RecoveryResult.Recovered, Claim, null, RecoveryEndReason.RepaidInFull)])
            .When(ConfirmRepayment())
            .ThenNothing();

    [Fact]
    public void A_repayment_after_the_claim_ended_is_a_conflict() =>
        Spec.Given([.. Open, Events.RecoveryEnded(RecoveryResult.Unrecovered, null, Claim, RecoveryEndReason.DeadlinePassed)])
            .When(RecordRepayment(Cny(50m)))
            .ThenThrows(ViolationKind.Conflict);

    // The venue's record

    [Fact]
    public void The_venue_records_that_it_recovered_everything() =>
        Spec.Given(Open)
            .When(RecordRecovery(Claim, Op(Mall), Later))
            .Then(new ComplaintEvent.RecoveryClaimEnded(ClaimId, RecoveryResult.Recovered, Claim, null, RecoveryEndReason.VenueRecorded, Mall.Id, Later));

    [Fact]
    public void The_venue_records_that_it_recovered_part() =>
        Spec.Given(Open)
            .When(RecordRecovery(Cny(120.50m), Op(Mall), Later))
            .Then(new ComplaintEvent.RecoveryClaimEnded(ClaimId, RecoveryResult.PartlyRecovered, Cny(120.50m), Cny(179.50m), RecoveryEndReason.VenueRecorded, Mall.Id, Later))
            .ThenState(s => Assert.Equal(new RecoveryEnding(RecoveryResult.PartlyRecovered, Cny(120.50m), Cny(179.50m), RecoveryEndReason.VenueRecorded, Later), s.Recovery!.Ending));

    [Fact]
    public void The_venue_records_that_it_recovered_nothing() =>
        Spec.Given(Open)
            .When(RecordRecovery(null, Op(Mall), Later))
            .Then(new ComplaintEvent.RecoveryClaimEnded(ClaimId, RecoveryResult.Unrecovered, null, Claim, RecoveryEndReason.VenueRecorded, Mall.Id, Later))
            .ThenState(s => Assert.False(s.Recovery!.Recovered));

    [Fact]
    public void The_venue_record_ends_the_claim_with_an_unconfirmed_repayment_dropped() =>
        Spec.Given([.. Open, Events.RepaymentRecorded(Cny(100m))])
            .When(RecordRecovery(null))
            .ThenState(s =>
            {
                Assert.Null(s.Recovery!.Pending);
                Assert.Equal(RecoveryResult.Unrecovered, s.Recovery.Ending!.Result);
            });

    [Fact]
    public void The_venue_cannot_record_less_than_it_confirmed()
    {
        var given = Spec.Given([.. Open, Events.RepaymentRecorded(Cny(100m)), Events.RepaymentConfirmed(Cny(100m))]);
        Assert.Equal("amount", given.When(RecordRecovery(Cny(99m))).ThenThrows(ViolationKind.Invalid).Field);
        Assert.Equal("amount", given.When(RecordRecovery(null)).ThenThrows(ViolationKind.Invalid).Field);
        given.When(RecordRecovery(Cny(100m), at: Later))
            .Then(new ComplaintEvent.RecoveryClaimEnded(ClaimId, RecoveryResult.PartlyRecovered, Cny(100m), Cny(200m), RecoveryEndReason.VenueRecorded, Mall.Id, Later));
    }

    [Fact]
    public void The_venue_cannot_record_more_than_it_claimed() =>
        Assert.Equal("amount", Spec.Given(Open).When(RecordRecovery(Cny(300.01m))).ThenThrows(ViolationKind.Invalid).Field);

    [Fact]
    public void A_recovery_in_another_currency_is_invalid_naming_the_currency() =>
        Assert.Equal("amount.currency", Spec.Given(Open).When(RecordRecovery(Money.Of(10m, "USD"))).ThenThrows(ViolationKind.Invalid).Field);

    [Fact]
    public void Recording_the_same_end_again_changes_nothing() =>
        Spec.Given([.. Open, Events.RecoveryEnded(RecoveryResult.PartlyRecovered, Cny(100m), Cny(200m))]).When(RecordRecovery(Cny(100m))).ThenNothing();

    [Fact]
    public void Recording_another_end_is_a_conflict()
    {
        Spec.Given([.. Open, Events.RecoveryEnded(RecoveryResult.PartlyRecovered, Cny(100m), Cny(200m))]).When(RecordRecovery(Claim)).ThenThrows(ViolationKind.Conflict);
        Spec.Given([.. Open, Events.RecoveryEnded(RecoveryResult.Unrecovered, null, Claim, RecoveryEndReason.DeadlinePassed)]).When(RecordRecovery(Claim)).ThenThrows(ViolationKind.Conflict);
    }

    [Fact]
    public void The_claim_outlives_a_published_disclosure() =>
        Spec.Given([.. Open, Events.Published()])
            .When(RecordRecovery(Claim, at: Later))
            .ThenState(s =>
            {
                Assert.Equal(ComplaintStatus.Disclosed, s.Status);
                Assert.True(s.Recovery!.Recovered);
            });

    [Fact]
    public void The_venue_records_before_the_complaint_closes_and_the_complaint_still_closes_advance_compensated() =>
        Spec.Given([.. Story.At(Mall).RecoveryOpened(), Events.RecoveryEnded(RecoveryResult.Recovered, Claim, null, at: Times.Settled.AddHours(1))])
            .When(Close())
            .Then(Events.Closed(ComplaintOutcome.AdvanceCompensated));

    // The recovery deadline

    [Fact]
    public void The_recovery_deadline_ends_the_claim_unrecovered() =>
        Spec.Given(Open)
            .When(MissDeadline(DeadlineKind.Recovery, Times.RecoverBy))
            .Then(new ComplaintEvent.RecoveryClaimEnded(ClaimId, RecoveryResult.Unrecovered, null, Claim, RecoveryEndReason.DeadlinePassed, null, Times.RecoverBy))
            .ThenState(s => Assert.Null(s.CurrentDeadline));

    [Fact]
    public void The_recovery_deadline_counts_what_was_confirmed_and_drops_what_was_not() =>
        Spec.Given([.. Open, Events.RepaymentRecorded(Cny(100m)), Events.RepaymentConfirmed(Cny(100m)), Events.RepaymentRecorded(Cny(50m), "TX-0002")])
            .When(MissDeadline(DeadlineKind.Recovery, Times.RecoverBy))
            .Then(new ComplaintEvent.RecoveryClaimEnded(ClaimId, RecoveryResult.PartlyRecovered, Cny(100m), Cny(200m), RecoveryEndReason.DeadlinePassed, null, Times.RecoverBy));

    [Fact]
    public void The_recovery_deadline_is_configurable()
    {
        var decider = new ComplaintDecider(new DeadlineOptions { Recovery = TimeSpan.FromDays(30) });
        Spec.Given(Story.At(Mall).Compensated())
            .When(OpenRecoveryClaim(at: Times.RecoveryOpened), decider)
            .Then(e => Assert.Equal(Times.RecoveryOpened.AddDays(30), Assert.IsType<ComplaintEvent.RecoveryClaimOpened>(Assert.Single(e)).RecoverBy));
    }

    [Fact]
    public void An_early_or_stale_recovery_timer_changes_nothing()
    {
        Spec.Given(Open).When(MissDeadline(DeadlineKind.Recovery, Times.RecoverBy, at: Times.RecoverBy.AddSeconds(-1))).ThenNothing();
        Spec.Given(Open).When(MissDeadline(DeadlineKind.Recovery, Times.RecoverBy.AddDays(-1))).ThenNothing();
        Spec.Given([.. Open, Events.RecoveryEnded(RecoveryResult.Recovered, Claim, null)]).When(MissDeadline(DeadlineKind.Recovery, Times.RecoverBy)).ThenNothing();
        Spec.Given(Story.At(Mall).Drafted()).When(MissDeadline(DeadlineKind.Recovery, Times.RecoverBy)).ThenNothing();
    }

    [Fact]
    public void Only_the_pipeline_reports_the_recovery_deadline() =>
        Spec.Given(Open).When(MissDeadline(DeadlineKind.Recovery, Times.RecoverBy, by: Op(Mall))).ThenThrows(ViolationKind.Forbidden);

    // Who may act on the claim

    public static TheoryData<string, ComplaintCommand> ByTheWrongParty => new()
    {
        { "consumer records a repayment", RecordRepayment(Cny(50m), by: ConsumerActor) },
        { "consumer confirms a repayment", ConfirmRepayment(ConsumerActor) },
        { "consumer records the recovery", RecordRecovery(null, ConsumerActor) },
        { "venue records the merchant's repayment", RecordRepayment(Cny(50m), by: Op(Mall)) },
        { "merchant confirms its own repayment", ConfirmRepayment(Op(Merchant)) },
        { "merchant records the recovery", RecordRecovery(Claim, Op(Merchant)) },
        { "another venue confirms", ConfirmRepayment(Op(OtherVenue)) },
        { "another venue records the recovery", RecordRecovery(Claim, Op(OtherVenue)) },
        { "another merchant repays", RecordRepayment(Cny(50m), by: Op(OtherMerchant)) },
        { "regulator records the recovery", RecordRecovery(Claim, RegulatorActor) },
        { "regulator confirms", ConfirmRepayment(RegulatorActor) },
        { "regulator records a repayment", RecordRepayment(Cny(50m), by: RegulatorActor) },
        { "pipeline records the recovery", RecordRecovery(Claim, SystemActor) },
        { "another complaint's consumer repays", RecordRepayment(Cny(50m), by: OtherConsumer) },
    };

    [Theory]
    [MemberData(nameof(ByTheWrongParty))]
    public void Only_the_merchant_repays_and_only_the_venue_that_paid_confirms_or_records(string who, ComplaintCommand command)
    {
        var violation = Spec.Given([.. Open, Events.RepaymentRecorded(Cny(50m), "TX-9")]).When(command).ThenThrows(ViolationKind.Forbidden);
        Assert.False(string.IsNullOrEmpty(violation.Message), who);
    }

    [Fact]
    public void Authority_comes_before_state_even_without_a_claim()
    {
        Spec.Given(Story.At(Mall).ClosedResolved()).When(RecordRecovery(Claim, ConsumerActor)).ThenThrows(ViolationKind.Forbidden);
        Spec.Given(Story.Direct.ClosedResolved()).When(RecordRecovery(Claim, Op(Mall))).ThenThrows(ViolationKind.Forbidden);
    }

    [Fact]
    public void Without_a_claim_the_parties_meet_a_conflict()
    {
        Spec.Given(Story.At(Mall).ClosedResolved()).When(RecordRecovery(Claim)).ThenThrows(ViolationKind.Conflict);
        Spec.Given(Story.At(Mall).Compensated()).When(RecordRepayment(Cny(50m))).ThenThrows(ViolationKind.Conflict);
        Spec.Given(Story.At(Mall).Acknowledged()).When(ConfirmRepayment()).ThenThrows(ViolationKind.Conflict);
    }
}
