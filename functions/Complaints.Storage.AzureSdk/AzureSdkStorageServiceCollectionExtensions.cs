using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Queues;
using Complaints.Storage.Gateway;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Complaints.Storage.AzureSdk;

/// <summary>
/// Registers the Azure SDK gateways as <see cref="ITableGateway"/> and <see cref="IQueueGateway"/> singletons.
/// <list type="bullet">
/// <item>Azure (managed identity): <c>Storage:TableServiceUri</c>, <c>Storage:QueueServiceUri</c> and, for a
/// user-assigned identity, <c>Storage:ManagedIdentityClientId</c>. App settings spell these
/// <c>Storage__TableServiceUri</c> and so on.</item>
/// <item>Azurite or any shared-key account: <c>ConnectionStrings:Storage</c>, used only when no service URI is set.</item>
/// </list>
/// </summary>
public static class AzureSdkStorageServiceCollectionExtensions
{
    public const string TableServiceUriKey = "Storage:TableServiceUri";
    public const string QueueServiceUriKey = "Storage:QueueServiceUri";
    public const string ManagedIdentityClientIdKey = "Storage:ManagedIdentityClientId";
    public const string ConnectionStringName = "Storage";

    public static IServiceCollection AddAzureSdkStorageGateway(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        var (tables, queues) = CreateServiceClients(configuration);
        services.AddSingleton<ITableGateway>(new AzureSdkTableGateway(tables));
        services.AddSingleton<IQueueGateway>(new AzureSdkQueueGateway(queues));
        return services;
    }

    /// <summary>Builds the two service clients from configuration; see the class remarks for the keys.</summary>
    public static (TableServiceClient Tables, QueueServiceClient Queues) CreateServiceClients(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        var tableUri = configuration[TableServiceUriKey];
        var queueUri = configuration[QueueServiceUriKey];
        if (!string.IsNullOrWhiteSpace(tableUri) || !string.IsNullOrWhiteSpace(queueUri))
        {
            if (string.IsNullOrWhiteSpace(tableUri) || string.IsNullOrWhiteSpace(queueUri))
            {
                throw new InvalidOperationException(
                    $"Set both {TableServiceUriKey} and {QueueServiceUriKey}, or neither (then ConnectionStrings:{ConnectionStringName} is used).");
            }

            var credential = CreateCredential(configuration[ManagedIdentityClientIdKey]);
            return (
                new TableServiceClient(new Uri(tableUri), credential),
                new QueueServiceClient(new Uri(queueUri), credential, AzureSdkQueueGateway.CreateClientOptions()));
        }

        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"No storage configured: set {TableServiceUriKey} and {QueueServiceUriKey} (managed identity) " +
                $"or ConnectionStrings:{ConnectionStringName} (for example UseDevelopmentStorage=true for Azurite).");
        }

        return (
            new TableServiceClient(connectionString),
            new QueueServiceClient(connectionString, AzureSdkQueueGateway.CreateClientOptions()));
    }

    /// <summary>
    /// <see cref="DefaultAzureCredential"/>, told which user-assigned identity to use when a client id is given.
    /// In Azure it resolves to the managed identity; on a developer machine to the Azure CLI or Visual Studio login.
    /// </summary>
    public static TokenCredential CreateCredential(string? managedIdentityClientId) =>
        new DefaultAzureCredential(new DefaultAzureCredentialOptions
        {
            ManagedIdentityClientId = string.IsNullOrWhiteSpace(managedIdentityClientId) ? null : managedIdentityClientId,
        });
}
