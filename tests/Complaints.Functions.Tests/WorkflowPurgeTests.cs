using Complaints.Functions.Tests.Support;
using Complaints.Workflow;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static Complaints.Testing.ConfiguredParties;

namespace Complaints.Functions.Tests;

/// <summary>
/// Purging completed orchestrations, on an app of its own: the purge takes every completed orchestration of the app,
/// and on the shared app it took other tests' too. An event still queued for one of them (the complaint-events stage
/// raises on an active orchestration that may complete first) then made the in-memory test host retry a work item
/// without runtime state for the rest of the run ("Could not find an orchestration instance ID", thousands of times a
/// second); the Azure Storage provider discards such an event ("No such instance").
/// </summary>
[Collection(CollectionName)]
public sealed class WorkflowPurgeTests(FunctionsApp app)
{
    public const string CollectionName = "Functions app, purge";

    private readonly FunctionsDriver driver = new(app);

    [Fact]
    public async Task The_hourly_purge_keeps_orchestrations_within_the_retention_and_the_client_purges_completed_ones_only()
    {
        var done = await driver.FileAsync(FunctionsDriver.Filing(merchant: Alpha, venue: Platform));
        var open = await driver.FileAsync(FunctionsDriver.Filing(merchant: Alpha));
        await driver.WaitForStatusAsync(done, "assigned");
        await driver.OkAsync(HttpFunctions.WithdrawComplaint, done, "withdrawal", FunctionsDriver.Bearer(done));
        await driver.WaitForDraftAsync(done);
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await app.Durable.WaitForInstanceCompletionAsync(done.Id, cts.Token)).RuntimeStatus);
        await driver.WaitForStatusAsync(open, "assigned");

        // The timer, with the default retention (30 days): nothing this young goes.
        await app.Services.GetRequiredService<MaintenanceFunctions>().PurgeWorkflowHistory(new TimerInfo(), app.Durable, cts.Token);
        Assert.NotNull(await app.Durable.GetInstanceAsync(done.Id, cts.Token));

        // The same purge through the Durable client with everything up to now past the retention: the completed one goes.
        var workflows = new DurableTaskClientWorkflows(app.Durable, app.Services.GetRequiredService<IOptions<WorkflowOptions>>(), NullLogger.Instance);
        Assert.True(await workflows.PurgeCompletedAsync(DateTimeOffset.UtcNow.AddSeconds(1), cts.Token) >= 1);
        Assert.Null(await app.Durable.GetInstanceAsync(done.Id, cts.Token));
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await app.Durable.GetInstanceAsync(open.Id, cts.Token))?.RuntimeStatus);
    }
}

/// <summary>The purge test's own app, Azurite and engine.</summary>
[CollectionDefinition(WorkflowPurgeTests.CollectionName)]
public sealed class WorkflowPurgeCollection : ICollectionFixture<FunctionsApp>;
