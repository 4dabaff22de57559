using System.Globalization;
using Complaints.Core;
using Complaints.Core.Tests.Support;
using FsCheck;
using FsCheck.Fluent;
using static Complaints.Core.Tests.Support.Fixtures;

namespace Complaints.Core.Tests.Properties;

/// <summary>Who issues a generated command. <see cref="Natural"/> is the party the rules expect for that command.</summary>
public enum Who
{
    Natural,
    Consumer,
    OtherConsumer,
    MerchantOperator,
    VenueOperator,
    OtherOperator,
    Regulator,
    System,
}

/// <summary>A generated command kind, or (for the workflow driver) <see cref="Pump"/>: let the runtime do some pending work.</summary>
public enum Move
{
    File,
    Assign,
    Acknowledge,
    Propose,
    Refuse,
    Confirm,
    Dispute,
    Withdraw,
    RecordMediation,
    Escalate,
    RequestAdvanceCompensation,
    SettlePayout,
    OpenRecoveryClaim,
    RecordRepayment,
    ConfirmRepayment,
    RecordRecovery,
    PostMessage,
    Close,
    Evaluate,
    Draft,
    Publish,
    Withhold,
    MissDeadline,

    /// <summary>Whatever moves the complaint on from where it is now (chosen at run time from the state).</summary>
    Next,

    Pump,
}

/// <summary>One generated step: a command template (materialized against the state at run time) after a delay.</summary>
public sealed record Step(Move Move, Who Who, int Variant, long DelayMinutes)
{
    public override string ToString() =>
        Move == Move.Pump
            ? $"pump×{Variant.ToString(CultureInfo.InvariantCulture)}"
            : $"+{DelayMinutes.ToString(CultureInfo.InvariantCulture)}m {Move}/{Who}/{Variant.ToString(CultureInfo.InvariantCulture)}";
}

/// <summary>What the complaint is filed against.</summary>
public sealed record Setup(Party.Venue? Venue, Party.Merchant Merchant, Category Category, Money Claim, bool Consent)
{
    public AdvanceCompensationTerms Terms =>
        AdvanceCompensationTerms.For(MerchantSnapshot.From(Merchant), Venue is null ? null : VenueSnapshot.From(Venue), Category, Claim);

    public override string ToString() =>
        $"venue={Venue?.Id.Value ?? "none"} merchantKnown={Merchant.IdentityKnownToVenue} {Category} claim={Claim} consent={Consent}";
}

/// <summary>A generated life of one complaint: the setup and the steps that follow its filing.</summary>
public sealed record Scenario(Setup Setup, Step[] Steps)
{
    public override string ToString() => $"{Setup}{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", Steps.Select(s => s.ToString()));
}

/// <summary>The history a scenario produced.</summary>
public sealed record Run(IReadOnlyList<ComplaintEvent> History, IReadOnlyList<Complaint> States, int Refusals)
{
    public Complaint Final => States[^1];
}

/// <summary>Generators for complaint lives, and the drivers that play them through the decider (and the workflow).</summary>
public static class Scenarios
{
    /// <summary>A mall enrolled with a cap in another currency: it never covers a CNY claim.</summary>
    public static readonly Party.Venue UsdCappedMall = Mall with
    {
        Id = new PartyId("v-usd-mall"),
        AdvanceCompensation = Mall.AdvanceCompensation with { CapPerComplaint = Money.Of(100m, "USD") },
    };

    private static readonly Remedy[] Remedies = Enum.GetValues<Remedy>();
    private static readonly string[] Reasons = ["The goods were used.", "Outside the return period.", " ", "Not our product."];

    public static Gen<Setup> Setups { get; } =
        from venue in Gen.Frequency(
            (3, Gen.Constant<Party.Venue?>(Mall)),
            (2, Gen.Constant<Party.Venue?>(Platform)),
            (2, Gen.Constant<Party.Venue?>(Market)),
            (1, Gen.Constant<Party.Venue?>(UsdCappedMall)),
            (2, Gen.Constant<Party.Venue?>(null)))
        from known in Gen.Frequency((4, Gen.Constant(true)), (1, Gen.Constant(false)))
        from category in Gen.Elements(Enum.GetValues<Category>())
        from yuan in Gen.Choose(1, 2_000)
        from fen in Gen.Frequency((3, Gen.Constant(0)), (1, Gen.Choose(1, 99)))
        from consent in Gen.Frequency((4, Gen.Constant(true)), (1, Gen.Constant(false)))
        select new Setup(venue, Merchant with { IdentityKnownToVenue = known }, category, Cny(yuan + (fen / 100m)), consent);

    private static Gen<long> Delays { get; } = Gen.Frequency(
        (4, Gen.Constant(0L)),
        (6, Gen.Choose(1, 59).Select(m => (long)m)),
        (5, Gen.Choose(1, 23).Select(h => h * 60L)),
        (4, Gen.Choose(1, 10).Select(d => d * 1_440L)),
        (1, Gen.Choose(20, 50).Select(d => d * 1_440L)));

    private static Gen<Move> Moves { get; } = Gen.Frequency(
        (100, Gen.Constant(Move.Next)),
        (1, Gen.Constant(Move.File)),
        (4, Gen.Constant(Move.Assign)),
        (10, Gen.Constant(Move.Acknowledge)),
        (8, Gen.Constant(Move.Propose)),
        (6, Gen.Constant(Move.Refuse)),
        (6, Gen.Constant(Move.Confirm)),
        (5, Gen.Constant(Move.Dispute)),
        (1, Gen.Constant(Move.Withdraw)),
        (6, Gen.Constant(Move.RecordMediation)),
        (3, Gen.Constant(Move.Escalate)),
        (5, Gen.Constant(Move.RequestAdvanceCompensation)),
        (5, Gen.Constant(Move.SettlePayout)),
        (5, Gen.Constant(Move.OpenRecoveryClaim)),
        (3, Gen.Constant(Move.RecordRepayment)),
        (3, Gen.Constant(Move.ConfirmRepayment)),
        (2, Gen.Constant(Move.RecordRecovery)),
        (3, Gen.Constant(Move.PostMessage)),
        (6, Gen.Constant(Move.Close)),
        (4, Gen.Constant(Move.Evaluate)),
        (4, Gen.Constant(Move.Draft)),
        (3, Gen.Constant(Move.Publish)),
        (2, Gen.Constant(Move.Withhold)),
        (8, Gen.Constant(Move.MissDeadline)));

    private static Gen<Who> Actors { get; } = Gen.Frequency(
        (13, Gen.Constant(Who.Natural)),
        (1, Gen.Constant(Who.Consumer)),
        (1, Gen.Constant(Who.OtherConsumer)),
        (1, Gen.Constant(Who.MerchantOperator)),
        (1, Gen.Constant(Who.VenueOperator)),
        (1, Gen.Constant(Who.OtherOperator)),
        (1, Gen.Constant(Who.Regulator)),
        (1, Gen.Constant(Who.System)));

    public static Gen<Step> Commands { get; } =
        from move in Moves
        from who in Actors
        from variant in Gen.Choose(0, 999)
        from delay in Delays
        select new Step(move, who, variant, delay);

    /// <summary>Commands interleaved with the runtime doing some of its pending work.</summary>
    public static Gen<Step> CommandsAndPumps { get; } = Gen.Frequency(
        (3, Commands),
        (1, Gen.Choose(1, 4).Select(n => new Step(Move.Pump, Who.System, n, 0))));

    public static Gen<Scenario> ScenariosOf(Gen<Step> steps, int maxSteps = 60) =>
        from setup in Setups
        from count in Gen.Choose(0, maxSteps)
        from list in steps.ArrayOf(count)
        select new Scenario(setup, list);

    /// <summary>Shrinks by dropping one step at a time, so a failure is reported with the fewest steps.</summary>
    public static IEnumerable<Scenario> Shrink(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        for (var i = scenario.Steps.Length - 1; i >= 0; i--)
        {
            yield return scenario with { Steps = [.. scenario.Steps[..i], .. scenario.Steps[(i + 1)..]] };
        }
    }

    public static Arbitrary<Scenario> DeciderScenarios { get; } = Arb.From(ScenariosOf(Commands), Shrink);

    public static Arbitrary<Scenario> WorkflowScenarios { get; } = Arb.From(ScenariosOf(CommandsAndPumps), Shrink);

    public static ComplaintCommand.FileComplaint Filing(Setup setup, DateTimeOffset at) =>
        new(Id, setup.Merchant, setup.Venue, setup.Category, setup.Claim, setup.Consent, ConsumerActor, at);

    /// <summary>Plays a scenario through the decider alone: file, then every step; refusals leave the state as it was.</summary>
    public static Run PlayThroughDecider(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var state = Complaint.Initial;
        var states = new List<Complaint> { state };
        var history = new List<ComplaintEvent>();
        var refusals = 0;
        var now = T0;

        void Apply(ComplaintCommand command)
        {
            try
            {
                foreach (var e in Fixtures.Decider.Decide(command, state))
                {
                    state = Complaint.Evolve(state, e);
                    history.Add(e);
                    states.Add(state);
                }
            }
            catch (ComplaintRuleViolation)
            {
                refusals++;
            }
        }

        Apply(Filing(scenario.Setup, now));
        foreach (var step in scenario.Steps)
        {
            now = now.AddMinutes(step.DelayMinutes);
            var command = Materialize(step, scenario.Setup, state, now);
            if (command.At > now)
            {
                now = command.At;
            }

            Apply(command);
        }

        return new Run(history, states, refusals);
    }

    /// <summary>
    /// Plays a scenario through decider and workflow together: the workflow's own commands, payouts, drafts and timers
    /// run when a step pumps (and all of them at the end), interleaved with the outside commands.
    /// </summary>
    public static Simulation PlayThroughWorkflow(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var sim = new Simulation(Id, T0);
        sim.TryExecute(Filing(scenario.Setup, sim.Now));
        foreach (var step in scenario.Steps)
        {
            if (step.Move == Move.Pump)
            {
                // Pump 1-3: the runtime runs that many pending commands. Pump 4: it also lets the next timer fire.
                for (var i = 0; i < step.Variant; i++)
                {
                    if (!(step.Variant == 4 ? sim.Step() : sim.StepAction()))
                    {
                        break;
                    }
                }

                continue;
            }

            sim.Advance(TimeSpan.FromMinutes(step.DelayMinutes));
            var command = Materialize(step, scenario.Setup, sim.State, sim.Now);
            sim.Advance(command.At - sim.Now);
            sim.TryExecute(command);
        }

        return sim.RunUntilQuiescent(maxSteps: 2_000);
    }

    public static Actor ActorFor(Who who, Move move, Setup setup, int variant)
    {
        ArgumentNullException.ThrowIfNull(setup);
        var firstResponder = setup.Venue?.Id ?? setup.Merchant.Id;
        return who switch
        {
            Who.Natural => move switch
            {
                Move.File or Move.Confirm or Move.Dispute or Move.Withdraw or Move.Evaluate => ConsumerActor,
                Move.Acknowledge => new Actor.Operator(firstResponder),
                Move.Propose or Move.Refuse => new Actor.Operator(variant % 2 == 0 ? setup.Merchant.Id : firstResponder),
                Move.RecordMediation or Move.Publish or Move.Withhold => RegulatorActor,
                Move.RecordRepayment => new Actor.Operator(setup.Merchant.Id),
                Move.ConfirmRepayment or Move.RecordRecovery => new Actor.Operator(setup.Venue?.Id ?? OtherVenue.Id),
                Move.PostMessage => (variant % 3) switch
                {
                    0 => ConsumerActor,
                    1 => new Actor.Operator(setup.Merchant.Id),
                    _ => new Actor.Operator(setup.Venue?.Id ?? setup.Merchant.Id),
                },
                _ => SystemActor,
            },
            Who.Consumer => ConsumerActor,
            Who.OtherConsumer => OtherConsumer,
            Who.MerchantOperator => new Actor.Operator(setup.Merchant.Id),
            Who.VenueOperator => new Actor.Operator(setup.Venue?.Id ?? OtherVenue.Id),
            Who.OtherOperator => new Actor.Operator(variant % 2 == 0 ? OtherVenue.Id : OtherMerchant.Id),
            Who.Regulator => RegulatorActor,
            _ => SystemActor,
        };
    }

    /// <summary>Turns a step into a concrete command against the current state, at <paramref name="now"/> or later.</summary>
    public static ComplaintCommand Materialize(Step step, Setup setup, Complaint state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(state);
        if (step.Move == Move.Next)
        {
            var (move, variant) = NextFrom(state, step.Variant);
            return Materialize(step with { Move = move, Variant = variant }, setup, state, now);
        }

        var v = step.Variant;
        var actor = ActorFor(step.Who, step.Move, setup, v);
        var reason = Reasons[v % Reasons.Length];
        return step.Move switch
        {
            Move.File => v % 5 == 0
                ? new ComplaintCommand.FileComplaint(OtherId, setup.Merchant, setup.Venue, setup.Category, setup.Claim, setup.Consent, actor, now)
                : Filing(setup, now) with { Actor = actor },
            Move.Assign => new ComplaintCommand.AssignFirstResponder(actor, now),
            Move.Acknowledge => new ComplaintCommand.Acknowledge(actor, now),
            Move.Propose => new ComplaintCommand.ProposeResolution(
                Remedies[v % Remedies.Length],
                ((v / Remedies.Length) % 4) switch
                {
                    0 => setup.Claim,
                    1 => Cny(Math.Max(0.01m, decimal.Round(setup.Claim.Amount / 2, 2))),
                    2 => null,
                    _ => Money.Of(10m, "USD"),
                },
                v % 3 == 0 ? null : "We will refund within 3 days.",
                actor,
                now),
            Move.Refuse => new ComplaintCommand.Refuse(reason, actor, now),
            Move.Confirm => new ComplaintCommand.Confirm(actor, now),
            Move.Dispute => new ComplaintCommand.Dispute(reason, actor, now),
            Move.Withdraw => new ComplaintCommand.Withdraw(actor, now),
            Move.RecordMediation => new ComplaintCommand.RecordMediationOutcome((MediationOutcome)(v % 3), (v / 3) % 2 == 0, actor, now),
            Move.Escalate => new ComplaintCommand.Escalate((EscalationReason)(v % 3), actor, now),
            Move.RequestAdvanceCompensation => new ComplaintCommand.RequestAdvanceCompensation((AdvanceCompensationTrigger)(v % 3), actor, now),
            Move.SettlePayout => new ComplaintCommand.SettlePayout(v % 5 == 0 ? "pay-elsewhere" : ComplaintDecider.PayoutIdFor(Id), actor, now),
            Move.OpenRecoveryClaim => new ComplaintCommand.OpenRecoveryClaim(actor, now),
            Move.RecordRepayment => new ComplaintCommand.RecordRepayment(RecoveryAmount(state, v) ?? Cny(1m), v % 3 == 0 ? null : "TX-" + v.ToString(CultureInfo.InvariantCulture), actor, now),
            Move.ConfirmRepayment => new ComplaintCommand.ConfirmRepayment(actor, now),
            Move.RecordRecovery => new ComplaintCommand.RecordRecovery(RecoveryAmount(state, v), actor, now),
            Move.PostMessage => new ComplaintCommand.PostMessage(
                (v % 7) switch
                {
                    0 => "",
                    1 => new string('x', ComplaintDecider.MaxTextLength + 1),
                    _ => $"{MessageCanary} message {v.ToString(CultureInfo.InvariantCulture)}: call me on 138 1234 5678",
                },
                actor,
                now),
            Move.Close => new ComplaintCommand.Close(actor, now),
            Move.Evaluate => new ComplaintCommand.Evaluate(v % 7, v % 2 == 0 ? null : "Slow but fair.", actor, now),
            Move.Draft => new ComplaintCommand.DraftDisclosure(v % 10 == 0 ? "" : $"pub-gen-{v.ToString(CultureInfo.InvariantCulture)}", actor, now),
            Move.Publish => new ComplaintCommand.PublishDisclosure(actor, now),
            Move.Withhold => new ComplaintCommand.WithholdDisclosure(reason, actor, now),
            Move.MissDeadline => MissDeadline(v, actor, state, now),
            _ => throw new ArgumentOutOfRangeException(nameof(step), step.Move, "not a command"),
        };
    }

    /// <summary>A command that would move the complaint on from its current state (it may still be refused).</summary>
    private static (Move Move, int Variant) NextFrom(Complaint state, int v)
    {
        // For a deadline, pick a variant that reports the current deadline at (or after) its due time.
        var missed = (Move.MissDeadline, (v / 4 * 4) + 1);
        Move[] options = state.Status switch
        {
            ComplaintStatus.None => [Move.File],
            ComplaintStatus.Filed => [Move.Assign],
            ComplaintStatus.Assigned => [Move.Acknowledge, Move.Acknowledge, Move.Acknowledge, Move.MissDeadline],
            ComplaintStatus.Acknowledged => [Move.Propose, Move.Propose, Move.Refuse, Move.Refuse, Move.MissDeadline, Move.Withdraw],
            ComplaintStatus.ResolutionProposed => [Move.Confirm, Move.Dispute, Move.MissDeadline, Move.Propose],
            ComplaintStatus.Refused => [Move.RequestAdvanceCompensation, Move.Escalate],
            ComplaintStatus.Escalated or ComplaintStatus.InMediation when state.Resolution is { OpenInMediation: true } =>
                [Move.Confirm, Move.Dispute, Move.Propose, Move.RecordMediation, Move.MissDeadline],
            ComplaintStatus.Escalated => [Move.RecordMediation, Move.RequestAdvanceCompensation, Move.MissDeadline, Move.Propose],
            ComplaintStatus.InMediation => [Move.RecordMediation, Move.RecordMediation, Move.MissDeadline, Move.Propose],
            ComplaintStatus.Mediated => [Move.RequestAdvanceCompensation, Move.Close],
            ComplaintStatus.AwaitingPayout => [Move.SettlePayout],
            ComplaintStatus.Compensated => [Move.OpenRecoveryClaim],
            ComplaintStatus.RecoveryOpened => [Move.Close, Move.RecordRepayment, Move.RecordRecovery],
            ComplaintStatus.Resolved => [Move.Close],
            _ when state.Recovery is { IsOpen: true, Pending: not null } => [Move.ConfirmRepayment, Move.ConfirmRepayment, Move.RecordRecovery, Move.MissDeadline],
            _ when state.Recovery is { IsOpen: true } => [Move.RecordRepayment, Move.RecordRepayment, Move.RecordRepayment, Move.RecordRecovery, Move.MissDeadline, Move.Evaluate, Move.Draft],
            _ => state.Disclosure switch
            {
                DisclosureStatus.None => [Move.Draft, Move.Draft, Move.Evaluate],
                DisclosureStatus.Draft => [Move.Publish, Move.Withhold, Move.Evaluate],
                _ => [Move.Evaluate, Move.PostMessage],
            },
        };
        var move = options[v % options.Length];
        return move switch
        {
            Move.MissDeadline => missed,

            // A trigger that matches the state; the pipeline's settlement reports the right payout id.
            Move.RequestAdvanceCompensation => (move, state.Status switch
            {
                ComplaintStatus.Refused => 0,
                ComplaintStatus.Escalated => 1,
                _ => 2,
            }),
            Move.SettlePayout => (move, 1),

            // A repayment the merchant can make: what it owes, or a third of it.
            Move.RecordRepayment => (move, v - (v % 18) + ((v % 3) * 3)),
            Move.Draft => (move, (v % 10 == 0) ? v + 1 : v),
            _ => (move, v),
        };
    }

    /// <summary>Marks the text of every generated message, so that a property can look for it anywhere it must not be.</summary>
    public const string MessageCanary = "THREAD-CANARY-7Q";

    /// <summary>An amount for a repayment or a recovery: what is owed, part of it, nothing, too much, or the wrong currency.</summary>
    private static Money? RecoveryAmount(Complaint state, int v)
    {
        var owed = state.Recovery?.Outstanding ?? state.Claim ?? Cny(100m);
        return ((v / 3) % 6) switch
        {
            0 or 1 => owed,
            2 => Money.Of(Math.Max(0.01m, decimal.Round(owed.Amount / 3, 2)), owed.Currency),
            3 => null,
            4 => Money.Of(owed.Amount + 1m, owed.Currency),
            _ => Money.Of(10m, "USD"),
        };
    }

    private static ComplaintCommand.MissDeadline MissDeadline(int v, Actor actor, Complaint state, DateTimeOffset now)
    {
        if (state.CurrentDeadline is not { } current || v % 4 == 0)
        {
            // Some timer from the past: usually stale.
            return new ComplaintCommand.MissDeadline((DeadlineKind)((v / 4) % 5), now.AddHours(-(v % 48)), actor, now);
        }

        return (v % 4) switch
        {
            1 => new ComplaintCommand.MissDeadline(current.Kind, current.DueAt, actor, current.DueAt > now ? current.DueAt : now),
            2 => new ComplaintCommand.MissDeadline(current.Kind, current.DueAt, actor, now),
            _ => new ComplaintCommand.MissDeadline(current.Kind, current.DueAt.AddHours(1), actor, current.DueAt.AddHours(1) > now ? current.DueAt.AddHours(1) : now),
        };
    }
}
