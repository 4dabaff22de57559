using Microsoft.Extensions.DependencyInjection;

namespace Complaints.Storage.Gateway.Legacy;

/// <summary>Builds the legacy-SDK gateways from a storage connection string (setting <c>ConnectionStrings:Storage</c>).</summary>
public static class LegacyGateway
{
    /// <summary>The local emulator (Azurite on its default ports), used when no connection string is configured.</summary>
    public const string DevelopmentConnectionString = "UseDevelopmentStorage=true";

    public static (ITableGateway Tables, IQueueGateway Queues) Create(string? connectionString)
    {
        var resolved = string.IsNullOrWhiteSpace(connectionString) ? DevelopmentConnectionString : connectionString;
        return (new LegacyTableGateway(resolved), new LegacyQueueGateway(resolved));
    }

    /// <summary>Registers <see cref="ITableGateway"/> and <see cref="IQueueGateway"/> as singletons on the legacy SDKs.</summary>
    public static IServiceCollection AddLegacyStorageGateway(this IServiceCollection services, string? connectionString)
    {
        var (tables, queues) = Create(connectionString);
        services.AddSingleton(tables);
        services.AddSingleton(queues);
        return services;
    }
}
