using Complaints.Core;
using Complaints.Core.Disclosure;
using Complaints.Core.Ports;
using Complaints.Testing;

namespace Complaints.Pipeline.Tests.Support;

/// <summary>What a test saw of a complaint while it waited: short enough to read in a failure message.</summary>
public sealed record Seen(Complaint? State)
{
    public override string ToString() => State is not { } s
        ? "no such complaint"
        : $"status {s.Status}, version {s.Version}, outcome {s.Outcome?.ToString() ?? "none"}, disclosure {s.Disclosure}, "
          + $"payout {(s.Payout is null ? "none" : s.Payout.SettledAt is null ? "requested" : "settled")}";
}

/// <summary>
/// Files complaints and issues commands the way the HTTP API would (right actor, the clock's time), straight on
/// <see cref="IComplaintStore"/>; and waits for the pipeline to move a complaint on.
/// </summary>
public sealed class ComplaintDriver(IComplaintStore store, TimeProvider clock)
{
    public static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(60);

    /// <summary>The consumer's contact details; they appear in <see cref="Narrative"/> and must not survive scrubbing.</summary>
    public static readonly ConsumerContact Consumer = new("Li Wei", "13812345678", "li.wei@example.com");

    public const string NarrativeCore = "the kettle leaked after two days";

    public static readonly string Narrative =
        $"I am Li Wei. {NarrativeCore} and the shop ignored me. Call 13812345678 or write to li.wei@example.com.";

    public IComplaintStore Store => store;

    public async Task<ComplaintId> FileAsync(
        Party.Venue? venue,
        CancellationToken cancellationToken,
        decimal claim = 200m,
        Category category = Category.GoodsQuality,
        bool consent = true)
    {
        var id = TestNames.NewComplaintId();
        var command = new ComplaintCommand.FileComplaint(
            id, TestParties.Merchant, venue, category, Money.Of(claim, "CNY"), consent, new Actor.Consumer(id), clock.GetUtcNow());
        var outcome = await store.FileAsync(command, new ComplaintContent(Narrative, "ORDER-2026-0001", null), Consumer, "token-hash-" + id.Value, cancellationToken);
        Assert.True(outcome.NewEvents.Count == 1, $"Filing {id} should record one event; it recorded {outcome.NewEvents.Count}.");

        // As the API's first reader would: reading a waiting filing records it (the intake stage may not have yet).
        Assert.NotNull(await store.GetAsync(id, cancellationToken));
        return id;
    }

    public Task<CommandOutcome> ActAsync(ComplaintId id, Func<DateTimeOffset, ComplaintCommand> command, CancellationToken cancellationToken) =>
        store.ExecuteAsync(id, command(clock.GetUtcNow()), cancellationToken);

    public Task<CommandOutcome> AcknowledgeAsync(ComplaintId id, PartyId by, CancellationToken cancellationToken) =>
        ActAsync(id, now => new ComplaintCommand.Acknowledge(new Actor.Operator(by), now), cancellationToken);

    public Task<CommandOutcome> ProposeAsync(ComplaintId id, Remedy remedy, decimal? amount, CancellationToken cancellationToken) =>
        ActAsync(id, now => new ComplaintCommand.ProposeResolution(
            remedy, amount is { } a ? Money.Of(a, "CNY") : null, "We are sorry.", new Actor.Operator(TestParties.Merchant.Id), now), cancellationToken);

    public Task<CommandOutcome> RefuseAsync(ComplaintId id, CancellationToken cancellationToken) =>
        ActAsync(id, now => new ComplaintCommand.Refuse("The product was used.", new Actor.Operator(TestParties.Merchant.Id), now), cancellationToken);

    public Task<CommandOutcome> ConfirmAsync(ComplaintId id, CancellationToken cancellationToken) =>
        ActAsync(id, now => new ComplaintCommand.Confirm(new Actor.Consumer(id), now), cancellationToken);

    public Task<CommandOutcome> DisputeAsync(ComplaintId id, CancellationToken cancellationToken) =>
        ActAsync(id, now => new ComplaintCommand.Dispute("A repair is not enough.", new Actor.Consumer(id), now), cancellationToken);

    public Task<CommandOutcome> WithdrawAsync(ComplaintId id, CancellationToken cancellationToken) =>
        ActAsync(id, now => new ComplaintCommand.Withdraw(new Actor.Consumer(id), now), cancellationToken);

    public Task<CommandOutcome> MediateAsync(ComplaintId id, MediationOutcome outcome, CancellationToken cancellationToken) =>
        ActAsync(id, now => new ComplaintCommand.RecordMediationOutcome(outcome, false, new Actor.Regulator(TestParties.Regulator.Id), now), cancellationToken);

    /// <summary>Polls the stored state until <paramref name="condition"/> holds; fails saying what it waited for and what it saw.</summary>
    public async Task<Complaint> WaitAsync(
        ComplaintId id,
        Func<Complaint, bool> condition,
        string whatWeWaitFor,
        CancellationToken cancellationToken,
        TimeSpan? timeout = null)
    {
        var seen = await Eventually.Until(
            async () => new Seen((await store.GetAsync(id, cancellationToken))?.State),
            s => s.State is { } state && condition(state),
            timeout ?? DefaultWait,
            $"{id} to be {whatWeWaitFor}",
            cancellationToken);
        return seen.State!;
    }

    public Task<Complaint> WaitForStatusAsync(ComplaintId id, ComplaintStatus status, CancellationToken cancellationToken) =>
        WaitAsync(id, s => s.Status == status, status.ToString(), cancellationToken);

    /// <summary>Waits until the complaint is closed or withdrawn and its disclosure draft is recorded.</summary>
    public Task<Complaint> WaitForDraftAsync(ComplaintId id, CancellationToken cancellationToken, TimeSpan? timeout = null) =>
        WaitAsync(id, s => s.IsTerminal && s.Disclosure == DisclosureStatus.Draft, "terminal with a disclosure draft", cancellationToken, timeout);
}
