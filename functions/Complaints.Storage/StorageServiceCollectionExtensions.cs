using Complaints.Core;
using Complaints.Core.Ports;
using Complaints.Storage.Gateway;
using Complaints.Storage.Stores;
using Microsoft.Extensions.DependencyInjection;

namespace Complaints.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers the stores over whatever <see cref="ITableGateway"/> and <see cref="IQueueGateway"/> the host
    /// registered (<see cref="StorageConnection.AddStorageClients"/>).
    /// </summary>
    public static IServiceCollection AddComplaintStores(this IServiceCollection services, StorageNames? names = null)
    {
        services.AddSingleton(names ?? new StorageNames());
        services.AddSingleton<IntakeStore>();
        services.AddSingleton<IntakeDoorbell>();
        services.AddSingleton<ComplaintStore>();
        services.AddSingleton<IComplaintStore>(sp => sp.GetRequiredService<ComplaintStore>());
        services.AddSingleton<IContactStore, ContactStore>();
        services.AddSingleton<IProjectionStore, ProjectionStore>();
        services.AddSingleton<IPartyRegistry, PartyRegistry>();
        services.AddSingleton<IPayoutLedger, PayoutLedger>();
        services.AddSingleton<IIdempotencyStore, IdempotencyStore>();
        services.AddSingleton<IDisclosureStore, DisclosureStore>();
        services.AddSingleton<IReadModelStore, ReadModelStore>();
        services.AddSingleton<IIndicatorStore, IndicatorStore>();
        services.AddSingleton<WebhookStore>();
        services.AddSingleton<AttachmentStore>();
        services.AddSingleton<IAttachmentStore>(sp => sp.GetRequiredService<AttachmentStore>());
        services.AddSingleton<StorageProvisioner>();
        return services;
    }
}

/// <summary>Creates every table, queue (and poison queue) and blob container the pipeline uses, if missing.</summary>
public sealed class StorageProvisioner(ITableGateway tables, IQueueGateway queues, StorageNames names, AttachmentStore attachments)
{
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        foreach (var table in names.Tables)
        {
            await tables.EnsureTableAsync(table, cancellationToken);
        }

        foreach (var queue in names.Queues)
        {
            await queues.EnsureQueueAsync(queue, cancellationToken);
            await queues.EnsureQueueAsync(StorageNames.PoisonQueueOf(queue), cancellationToken);
        }

        await attachments.EnsureContainerAsync(cancellationToken);
    }
}
