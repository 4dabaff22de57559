using Complaints.Storage.Gateway;
using Complaints.Testing;
using Complaints.Testing.Contracts;

namespace Complaints.Storage.AzureSdk.Tests;

[Collection(AzuriteFixture.CollectionName)]
public sealed class AzureSdkTableGatewayContractTests(AzuriteFixture azurite) : TableGatewayContract
{
    protected override ITableGateway CreateGateway() => AzureSdkTableGateway.FromConnectionString(azurite.ConnectionString);
}

[Collection(AzuriteFixture.CollectionName)]
public sealed class AzureSdkQueueGatewayContractTests(AzuriteFixture azurite) : QueueGatewayContract
{
    protected override IQueueGateway CreateGateway() => AzureSdkQueueGateway.FromConnectionString(azurite.ConnectionString);
}
