using System.Text.Json;
using Complaints.Functions.Tests.Support;
using Complaints.Storage.Gateway;
using Complaints.Workflow;
using Microsoft.DurableTask.Client;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static Complaints.Testing.ConfiguredParties;

namespace Complaints.Functions.Tests;

/// <summary>
/// Every path of a complaint through the Functions app, driven only through its functions: the HTTP functions for the
/// people, the queue functions fed from the real queues, and the orchestrator and activity functions on the real
/// Durable engine (in-memory test host). Each path ends with its orchestration completed, and every one runs long
/// enough to continue as new (three wake-ups per generation here).
/// </summary>
[Collection(FunctionsApp.CollectionName)]
public sealed class OrchestrationPathTests(FunctionsApp app)
{
    private readonly FunctionsDriver driver = new(app);

    [Fact]
    public async Task Resolved_by_the_merchant_and_confirmed_by_the_consumer()
    {
        var c = await driver.FileAsync(FunctionsDriver.Filing(merchant: Alpha, venue: Mall));
        await driver.WaitForStatusAsync(c, "assigned");

        await driver.OkAsync(HttpFunctions.AcknowledgeComplaint, c, "acknowledge", driver.Key(Mall));
        await driver.OkAsync(HttpFunctions.ProposeResolution, c, "resolution", driver.Key(Alpha), """{"remedy":"refund","amount":{"amount":100,"currency":"CNY"}}""");
        await driver.OkAsync(HttpFunctions.ConfirmResolution, c, "confirmation", FunctionsDriver.Bearer(c));

        var closed = await driver.WaitForDraftAsync(c);
        Assert.Equal("closed", closed.GetProperty("status").GetString());
        Assert.Equal("monetary-relief", closed.GetProperty("outcome").GetString());
        await AssertCompletedAfterContinuingAsNewAsync(c);
    }

    [Fact]
    public async Task A_proposal_the_consumer_leaves_unanswered_is_confirmed_at_the_deadline()
    {
        var c = await driver.FileAsync(FunctionsDriver.Filing(merchant: Beta));
        await driver.WaitForStatusAsync(c, "assigned");
        await driver.OkAsync(HttpFunctions.AcknowledgeComplaint, c, "acknowledge", driver.Key(Beta));
        await driver.OkAsync(HttpFunctions.ProposeResolution, c, "resolution", driver.Key(Beta), """{"remedy":"repair"}""");

        var closed = await driver.WaitForDraftAsync(c);
        Assert.Equal("closed", closed.GetProperty("status").GetString());
        Assert.Contains(Timeline(closed), t => t == "confirmed");
        await AssertCompletedAfterContinuingAsNewAsync(c);
    }

    [Fact]
    public async Task A_refusal_is_paid_in_advance_by_the_enrolled_venue_once_and_the_venue_holds_a_recovery_claim()
    {
        var c = await driver.FileAsync(FunctionsDriver.Filing(merchant: Gamma, venue: Mall, amount: 800m));
        await driver.WaitForStatusAsync(c, "assigned");
        await driver.OkAsync(HttpFunctions.AcknowledgeComplaint, c, "acknowledge", driver.Key(Mall));
        await driver.OkAsync(HttpFunctions.RefuseComplaint, c, "refusal", driver.Key(Gamma), """{"reason":"We do not accept returns."}""");

        var closed = await driver.WaitForDraftAsync(c);
        Assert.Equal("advance-compensated", closed.GetProperty("outcome").GetString());
        Assert.Equal(MallCap, closed.GetProperty("payout").GetProperty("amount").GetProperty("amount").GetDecimal());
        Assert.Equal("open", closed.GetProperty("recoveryClaim").GetProperty("status").GetString());
        var paid = await app.Services.GetRequiredService<Core.Ports.IPayoutLedger>().ListAsync(new Core.PartyId(Mall), CancellationToken.None);
        Assert.Single(paid, p => p.Complaint.Value == c.Id);

        // The orchestration outlives the closing: it waits for the recovery claim to end, here by its deadline.
        var ended = await driver.WaitUntilAsync(c, v => v.GetProperty("recoveryClaim").GetProperty("status").GetString() != "open", "the recovery deadline to end the claim", FunctionsApp.Recovery + FunctionsDriver.StageTimeout);
        Assert.Equal("unrecovered", ended.GetProperty("recoveryClaim").GetProperty("status").GetString());
        await AssertCompletedAfterContinuingAsNewAsync(c);
    }

    [Fact]
    public async Task A_missed_acknowledgement_escalates_as_untimely_and_the_mediation_deadline_closes_it()
    {
        var c = await driver.FileAsync(FunctionsDriver.Filing(merchant: Beta));
        var escalated = await driver.WaitForStatusAsync(c, "escalated", FunctionsApp.Acknowledge + FunctionsDriver.StageTimeout);
        Assert.False(escalated.GetProperty("timely").GetBoolean(), "a missed acknowledgement makes the complaint untimely");

        var closed = await driver.WaitForDraftAsync(c);
        Assert.Contains(Timeline(closed), t => t == "deadline-missed");
        Assert.Contains(Timeline(closed), t => t == "mediation-outcome-recorded");
        await AssertCompletedAfterContinuingAsNewAsync(c);
    }

    [Fact]
    public async Task A_refusal_with_no_venue_to_pay_goes_to_the_regulator_who_mediates_it()
    {
        var c = await driver.FileAsync(FunctionsDriver.Filing(merchant: Alpha, venue: Market));
        await driver.WaitForStatusAsync(c, "assigned");
        await driver.OkAsync(HttpFunctions.AcknowledgeComplaint, c, "acknowledge", driver.Key(Market));
        await driver.OkAsync(HttpFunctions.RefuseComplaint, c, "refusal", driver.Key(Alpha), """{"reason":"Not our fault."}""");
        await driver.WaitForStatusAsync(c, "escalated");

        var mediated = await driver.PostAsync(HttpFunctions.RecordMediationOutcome, c, "mediation-outcome", driver.Key(Regulator), """{"outcome":"consumer-upheld","orderAdvanceCompensation":false}""");
        Assert.True(mediated.Status == 200, $"mediation outcome: {mediated}");

        var closed = await driver.WaitForDraftAsync(c);
        Assert.Equal("mediated", closed.GetProperty("outcome").GetString());
        await AssertCompletedAfterContinuingAsNewAsync(c);
    }

    [Fact]
    public async Task A_withdrawn_complaint_ends_with_a_draft_and_a_completed_orchestration()
    {
        var c = await driver.FileAsync(FunctionsDriver.Filing(merchant: Alpha, venue: Platform, category: "delivery"));
        await driver.WaitForStatusAsync(c, "assigned");
        await driver.OkAsync(HttpFunctions.AcknowledgeComplaint, c, "acknowledge", driver.Key(Platform));
        await driver.OkAsync(HttpFunctions.WithdrawComplaint, c, "withdrawal", FunctionsDriver.Bearer(c));

        var withdrawn = await driver.WaitForDraftAsync(c);
        Assert.Equal("withdrawn", withdrawn.GetProperty("status").GetString());
        await AssertCompletedAfterContinuingAsNewAsync(c);
    }

    [Fact]
    public async Task The_regulator_reads_the_orchestrations_status_and_history_next_to_the_timeline()
    {
        var c = await driver.FileAsync(FunctionsDriver.Filing(merchant: Alpha));
        var view = await driver.WaitForStatusAsync(c, "assigned");
        await driver.WaitUntilAsync(c, v => v.TryGetProperty("workflow", out var w) && w.TryGetProperty("progress", out var p) && p.ValueKind == JsonValueKind.Object, "the orchestration's progress (its custom status)", workflow: true);

        Assert.False((await driver.ReadAsync(c)).Json.TryGetProperty("workflow", out _), "the audit trail is asked for (?include=workflow)");
        var workflow = (await driver.ReadAsync(c, workflow: true)).Json.GetProperty("workflow");
        Assert.Equal("running", workflow.GetProperty("runtimeStatus").GetString());
        Assert.Equal("acknowledge", workflow.GetProperty("progress").GetProperty("waitingFor").GetString());
        Assert.Equal(2, workflow.GetProperty("progress").GetProperty("lastVersion").GetInt64());
        // History: the in-memory test host's gRPC sidecar streams none, so its content is asserted on the local engine (Pipeline tests).
        var consumerView = await app.CallAsync(req => HttpFunctions.GetComplaint(req, c.Id, app.Durable), "GET", $"/api/complaints/{c.Id}?include=workflow", headers: FunctionsDriver.Bearer(c));
        Assert.False(consumerView.Json.TryGetProperty("workflow", out _), $"only the regulator sees the orchestration; the consumer saw {consumerView.Body}");
        var operatorView = await app.CallAsync(req => HttpFunctions.GetComplaint(req, c.Id, app.Durable), "GET", $"/api/complaints/{c.Id}?include=workflow", headers: driver.Key(Alpha));
        Assert.False(operatorView.Json.TryGetProperty("workflow", out _), "only the regulator sees the orchestration, not the operator");
        _ = view;
    }

    private async Task AssertCompletedAfterContinuingAsNewAsync(Filed c)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var instance = await app.Durable.WaitForInstanceCompletionAsync(c.Id, getInputsAndOutputs: true, cts.Token);
        Assert.True(instance.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"orchestration {c.Id}: {instance.RuntimeStatus} {instance.FailureDetails?.ErrorMessage}");
        var outcome = instance.ReadOutputAs<ComplaintOrchestrationOutcome>();
        Assert.Equal(ComplaintOrchestrationOutcome.Drafted, outcome?.Result);
        var input = instance.ReadInputAs<ComplaintOrchestrationInput>();
        Assert.True(input?.Generation > 1, $"expected the orchestration to have continued as new at least once, its last generation is {input?.Generation}");
    }

    private static List<string> Timeline(JsonElement view) =>
        [.. view.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("type").GetString()!)];
}
