using Complaints.Core;
using Complaints.Core.Ports;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Complaints.Pipeline.Api;

/// <summary>The regulator's decisions on a drafted disclosure: publish it, or withhold it giving a reason.</summary>
public sealed class DisclosureDecisions(IComplaintStore complaints, IDisclosureStore disclosures, TimeProvider clock)
{
    /// <summary>
    /// 404 for a disclosure that does not exist (its id is random and not linked to the complaint's), 403 for anyone
    /// but a regulator, then the decider's answer on the complaint it belongs to.
    /// </summary>
    public async Task<Results<Ok<RegulatorDisclosureView>, ValidationProblem, ProblemHttpResult>> DecideAsync(
        string disclosureId,
        Caller caller,
        Func<Actor, DateTimeOffset, ComplaintCommand> decision,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(decision);
        if (caller is Caller.Anonymous or Caller.Invalid)
        {
            return Problems.Unauthorized();
        }

        if (string.IsNullOrEmpty(disclosureId) || disclosureId.Length > 64 || !disclosureId.All(char.IsAsciiLetterOrDigit)
            || await disclosures.GetAsync(disclosureId, ct) is not { } stored)
        {
            return Problems.NotFound("disclosure");
        }

        if (caller is not Caller.Regulator regulator)
        {
            return Problems.Forbidden("Only a regulator decides on disclosures.");
        }

        try
        {
            var outcome = await complaints.ExecuteAsync(stored.Complaint, decision(new Actor.Regulator(regulator.Party), clock.GetUtcNow()), ct);
            return TypedResults.Ok(new RegulatorDisclosureView(
                stored.Record.DisclosureId, stored.Complaint.Value, ApiNames.Disclosure(outcome.State.Disclosure), PublicDisclosureView.Of(stored.Record)));
        }
        catch (ComplaintRuleViolation e)
        {
            return Problems.FromViolation<Ok<RegulatorDisclosureView>>(e);
        }
    }
}
