using Complaints.Storage.Gateway;
using Complaints.Storage.Gateway.Legacy;
using Complaints.Testing;
using Complaints.Testing.Contracts;

namespace Complaints.Storage.Tests.Legacy;

[Collection(AzuriteFixture.CollectionName)]
public sealed class LegacyTableGatewayContractTests(AzuriteFixture azurite) : TableGatewayContract
{
    protected override ITableGateway CreateGateway() => new LegacyTableGateway(azurite.ConnectionString);

    [Fact]
    public async Task Azurite_names_the_failed_operation_of_a_transaction()
    {
        var table = await NewTableAsync();
        await Gateway.InsertIfAbsentAsync(table, Row("p", "exists"), Timeout);

        var conflict = await Assert.ThrowsAsync<StorageConflictException>(() => Gateway.SubmitTransactionAsync(
            table,
            [new TableOperation.Insert(Row("p", "a")), new TableOperation.Insert(Row("p", "b")), new TableOperation.Insert(Row("p", "exists"))],
            Timeout));

        Assert.Equal((409, 2), (conflict.Status, conflict.FailedOperationIndex));
    }

    [Fact]
    public async Task A_continuation_token_the_gateway_did_not_return_is_rejected()
    {
        var table = await NewTableAsync();

        await Assert.ThrowsAnyAsync<ArgumentException>(
            () => Gateway.QueryPartitionAsync(table, "p", null, 10, "not a token", Timeout));
        await Assert.ThrowsAnyAsync<ArgumentException>(
            () => Gateway.QueryPartitionAsync(table, "p", null, 10, Convert.ToBase64String("[1]"u8), Timeout));
    }
}
