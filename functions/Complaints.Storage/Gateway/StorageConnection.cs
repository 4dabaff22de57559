using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Complaints.Storage.Gateway;

/// <summary>
/// The one storage connection of both hosts: the setting <see cref="Name"/> (<c>AzureWebJobsStorage</c>),
/// which is also what the Functions queue triggers (<c>Connection = StorageConnection.Name</c>) and the Durable task
/// hub use, so the stores, the triggers and the orchestrations cannot end up on different accounts.
/// <list type="bullet">
/// <item>A connection string as the setting's value (Azurite: <c>UseDevelopmentStorage=true</c>, or the explicit
/// <c>DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;…</c> form with other ports).</item>
/// <item>Managed identity, in the Functions host's own identity-based form:
/// <c>AzureWebJobsStorage__tableServiceUri</c>, <c>__queueServiceUri</c>, <c>__blobServiceUri</c> (attachments),
/// <c>__credential=managedidentity</c> and,
/// for a user-assigned identity, <c>__clientId</c>. The credential is built by Microsoft.Extensions.Azure's
/// <see cref="AzureComponentFactory"/>, the same code the Functions extensions use for this section.</item>
/// </list>
/// </summary>
public static class StorageConnection
{
    public const string Name = "AzureWebJobsStorage";

    public const string TableServiceUriKey = "tableServiceUri";
    public const string QueueServiceUriKey = "queueServiceUri";
    public const string BlobServiceUriKey = "blobServiceUri";

    /// <summary>
    /// Registers <see cref="TableServiceClient"/>, <see cref="QueueServiceClient"/> (Base64 bodies),
    /// <see cref="BlobServiceClient"/> (attachments) and the gateways over them. Nothing is resolved until first use; <see cref="Resolve"/> throws a message that names the setting
    /// when it is missing or still holds a placeholder.
    /// </summary>
    public static IServiceCollection AddStorageClients(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddAzureClientsCore();
        services.AddSingleton(sp => Resolve(configuration, sp.GetRequiredService<AzureComponentFactory>()));
        services.AddSingleton(sp => sp.GetRequiredService<StorageEndpoints>().CreateTableClient());
        services.AddSingleton(sp => sp.GetRequiredService<StorageEndpoints>().CreateQueueClient());
        services.AddSingleton(sp => sp.GetRequiredService<StorageEndpoints>().CreateBlobClient());
        services.AddSingleton<ITableGateway>(sp => new AzureTableGateway(sp.GetRequiredService<TableServiceClient>()));
        services.AddSingleton<IQueueGateway>(sp => new AzureQueueGateway(sp.GetRequiredService<QueueServiceClient>()));
        return services;
    }

    /// <summary>Reads the connection; see the class remarks for the forms it takes.</summary>
    /// <exception cref="InvalidOperationException">The setting is missing, incomplete or a placeholder.</exception>
    public static StorageEndpoints Resolve(IConfiguration configuration, AzureComponentFactory factory)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(factory);
        var section = configuration.GetSection(Name);
        if (!string.IsNullOrWhiteSpace(section.Value))
        {
            return StorageEndpoints.FromConnectionString(section.Value);
        }

        var tableUri = section[TableServiceUriKey];
        var queueUri = section[QueueServiceUriKey];
        if (string.IsNullOrWhiteSpace(tableUri) && string.IsNullOrWhiteSpace(queueUri))
        {
            throw new InvalidOperationException(
                $"No storage configured: set {Name} to a connection string (UseDevelopmentStorage=true for Azurite on its default ports) " +
                $"or {Name}__{TableServiceUriKey} and {Name}__{QueueServiceUriKey} with {Name}__credential=managedidentity.");
        }

        return new StorageEndpoints(null, ServiceUri(tableUri, TableServiceUriKey), ServiceUri(queueUri, QueueServiceUriKey), factory.CreateTokenCredential(section))
        {
            // Attachments only: the tables and queues work without it, the attachment routes do not (CreateBlobClient says so).
            BlobServiceUri = string.IsNullOrWhiteSpace(section[BlobServiceUriKey]) ? null : ServiceUri(section[BlobServiceUriKey], BlobServiceUriKey),
        };
    }

    private static Uri ServiceUri(string? value, string key) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"
            ? uri
            : throw new InvalidOperationException($"{Name}__{key} must be the service's absolute URI (https://<account>.{key switch { TableServiceUriKey => "table", QueueServiceUriKey => "queue", _ => "blob" }}.core.windows.net), not '{value}'.");
}

/// <summary>Where the stores' tables and queues are: a connection string, or service URIs with a credential.</summary>
public sealed record StorageEndpoints(string? ConnectionString, Uri? TableServiceUri, Uri? QueueServiceUri, TokenCredential? Credential)
{
    /// <summary>The blob service of the attachments, with the managed identity (a connection string names its own).</summary>
    public Uri? BlobServiceUri { get; init; }

    /// <summary>A connection string; refuses the sample settings' placeholders instead of passing them on as secrets.</summary>
    public static StorageEndpoints FromConnectionString(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        if (connectionString.Contains('<', StringComparison.Ordinal) || connectionString.Contains('>', StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{StorageConnection.Name} still holds a placeholder; set a real connection string.");
        }

        if (!connectionString.Contains("UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase)
            && !connectionString.Contains("AccountName=", StringComparison.OrdinalIgnoreCase)
            && !connectionString.Contains("SharedAccessSignature=", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"{StorageConnection.Name} is not a storage connection string (no AccountName, SharedAccessSignature or UseDevelopmentStorage).");
        }

        return new StorageEndpoints(connectionString, null, null, null);
    }

    public TableServiceClient CreateTableClient() => ConnectionString is { } cs
        ? new TableServiceClient(cs)
        : new TableServiceClient(TableServiceUri!, Credential!);

    public QueueServiceClient CreateQueueClient() => ConnectionString is { } cs
        ? new QueueServiceClient(cs, AzureQueueGateway.CreateClientOptions())
        : new QueueServiceClient(QueueServiceUri!, Credential!, AzureQueueGateway.CreateClientOptions());

    /// <exception cref="InvalidOperationException">Managed identity without <c>AzureWebJobsStorage__blobServiceUri</c>.</exception>
    public BlobServiceClient CreateBlobClient() => ConnectionString is { } cs
        ? new BlobServiceClient(cs)
        : new BlobServiceClient(
            BlobServiceUri ?? throw new InvalidOperationException(
                $"Attachments need the blob service: set {StorageConnection.Name}__{StorageConnection.BlobServiceUriKey} (https://<account>.blob.core.windows.net) beside the table and queue URIs."),
            Credential!);
}
