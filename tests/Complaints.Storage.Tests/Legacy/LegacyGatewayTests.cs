using Complaints.Storage.Gateway;
using Complaints.Storage.Gateway.Legacy;
using Complaints.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Complaints.Storage.Tests.Legacy;

[Collection(AzuriteFixture.CollectionName)]
public sealed class LegacyGatewayTests(AzuriteFixture azurite)
{
    [Fact]
    public void Without_a_connection_string_the_gateways_use_development_storage()
    {
        var (tables, queues) = LegacyGateway.Create(null);

        Assert.IsType<LegacyTableGateway>(tables);
        Assert.IsType<LegacyQueueGateway>(queues);
    }

    [Fact]
    public async Task Registered_gateways_reach_the_configured_account()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var services = new ServiceCollection().AddLegacyStorageGateway(azurite.ConnectionString);
        var tables = Assert.IsAssignableFrom<ITableGateway>(Singleton<ITableGateway>(services));
        var queues = Assert.IsAssignableFrom<IQueueGateway>(Singleton<IQueueGateway>(services));
        var name = AzuriteFixture.UniqueName("di");

        await tables.EnsureTableAsync(name, timeout.Token);
        await queues.EnsureQueueAsync(name, timeout.Token);

        Assert.Null(await tables.GetAsync(name, "p", "r", timeout.Token));
        Assert.Equal(0, await queues.ApproximateCountAsync(name, timeout.Token));
    }

    private static object? Singleton<T>(IServiceCollection services)
    {
        var registration = Assert.Single(services, d => d.ServiceType == typeof(T));
        Assert.Equal(ServiceLifetime.Singleton, registration.Lifetime);
        return registration.ImplementationInstance;
    }
}
