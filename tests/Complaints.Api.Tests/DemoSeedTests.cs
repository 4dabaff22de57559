using System.Net;
using Complaints.Api.Tests.Infrastructure;
using Complaints.LocalHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit.Abstractions;

namespace Complaints.Api.Tests;

/// <summary>
/// The demo seed of a Development host drives its complaints through the real pipeline: they reach the states the
/// parties' moves lead to, drafts are published or withheld by the regulator, and a second start on the same store
/// seeds nothing more.
/// </summary>
public sealed class DemoSeedTests(ApiEnvironment environment, ITestOutputHelper output) : ApiTest(environment, output)
{
    protected override TimeSpan Timeout => TimeSpan.FromMinutes(4);

    [Fact]
    public async Task The_seed_files_and_moves_its_complaints_through_the_pipeline_and_runs_once_per_store()
    {
        var api = await ApiAsync(ApiEnvironment.DemoSeedHost);
        var host = await Environment.HostAsync(ApiEnvironment.DemoSeedHost);
        var seed = host.Services.GetServices<IHostedService>().OfType<DemoSeed>().Single();
        await seed.ExecuteTask!.WaitAsync(Cancel);

        var regulator = Parties.RegulatorKey();
        var published = await api.AllPagesAsync("api/regulator/disclosures?status=published", regulator);
        var withheld = await api.AllPagesAsync("api/regulator/disclosures?status=withheld", regulator);
        var drafts = await api.AllPagesAsync("api/regulator/disclosures?status=draft", regulator);
        Output.WriteLine($"published {published.Count}, withheld {withheld.Count}, drafts left {drafts.Count}");
        Assert.NotEmpty(published);
        Assert.NotEmpty(withheld);
        Assert.True(published.Count > withheld.Count, "most drafts are published");
        Assert.True(published.Count + withheld.Count + drafts.Count <= ApiEnvironment.DemoSeedComplaints, "at most one disclosure per seeded complaint");

        // What was published is on the public board, narratives scrubbed of the consumers' made-up addresses.
        var board = (await api.Http.GetAsync("api/public/disclosures", Credential.None)).Expect(HttpStatusCode.OK);
        Assert.DoesNotContain("@example.com", board.Body, StringComparison.Ordinal);
        Assert.Equal(published.Count, board.Json().GetProperty("items").GetArrayLength());

        // The merchants' track records count the seeded complaints (the projection ran for each).
        var listed = await api.AllPagesAsync("api/regulator/inspection-list", regulator);
        Assert.Equal(ApiEnvironment.DemoSeedComplaints, listed.Sum(i => i.GetProperty("complaints").GetInt32()));

        // Started again on the same store, it finds its marker and files nothing.
        await seed.StartAsync(Cancel);
        await seed.ExecuteTask!.WaitAsync(Cancel);
        var again = await api.AllPagesAsync("api/regulator/inspection-list", regulator);
        Assert.Equal(ApiEnvironment.DemoSeedComplaints, again.Sum(i => i.GetProperty("complaints").GetInt32()));
    }
}
