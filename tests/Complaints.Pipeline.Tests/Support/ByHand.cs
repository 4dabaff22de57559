using Complaints.Core;

namespace Complaints.Pipeline.Tests.Support;

/// <summary>Moves a complaint along by issuing the pipeline's own commands directly (for store tests, with no workers running).</summary>
public static class ByHand
{
    private static readonly Actor Pipeline = Actor.System.Instance;

    /// <summary>Filed on the enrolled venue, assigned and acknowledged by it.</summary>
    public static async Task<ComplaintId> AcknowledgedAsync(ComplaintDriver driver, CancellationToken cancellationToken, decimal claim = 200m)
    {
        var id = await driver.FileAsync(TestParties.EnrolledVenue, cancellationToken, claim);
        await driver.ActAsync(id, now => new ComplaintCommand.AssignFirstResponder(Pipeline, now), cancellationToken);
        await driver.AcknowledgeAsync(id, TestParties.EnrolledVenue.Id, cancellationToken);
        return id;
    }

    /// <summary>Resolved with a refund and closed by the pipeline: version 6.</summary>
    public static async Task<ComplaintId> ClosedAsync(ComplaintDriver driver, CancellationToken cancellationToken)
    {
        var id = await AcknowledgedAsync(driver, cancellationToken);
        await driver.ProposeAsync(id, Remedy.Refund, 100m, cancellationToken);
        await driver.ConfirmAsync(id, cancellationToken);
        var closed = await driver.ActAsync(id, now => new ComplaintCommand.Close(Pipeline, now), cancellationToken);
        Assert.Equal(ComplaintStatus.Closed, closed.State.Status);
        return id;
    }

    /// <summary>Refused by the merchant; the enrolled venue has been asked to pay (status AwaitingPayout).</summary>
    public static async Task<(ComplaintId Id, PayoutInfo Payout)> AwaitingPayoutAsync(ComplaintDriver driver, CancellationToken cancellationToken, decimal claim)
    {
        var id = await AcknowledgedAsync(driver, cancellationToken, claim);
        await driver.RefuseAsync(id, cancellationToken);
        var requested = await driver.ActAsync(
            id, now => new ComplaintCommand.RequestAdvanceCompensation(AdvanceCompensationTrigger.Refusal, Pipeline, now), cancellationToken);
        Assert.Equal(ComplaintStatus.AwaitingPayout, requested.State.Status);
        return (id, requested.State.Payout!);
    }
}
