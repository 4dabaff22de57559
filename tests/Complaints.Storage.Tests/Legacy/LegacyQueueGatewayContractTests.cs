using System.Text;
using Complaints.Storage.Gateway;
using Complaints.Storage.Gateway.Legacy;
using Complaints.Testing;
using Complaints.Testing.Contracts;
using Microsoft.WindowsAzure.Storage;
using Microsoft.WindowsAzure.Storage.Queue;

namespace Complaints.Storage.Tests.Legacy;

[Collection(AzuriteFixture.CollectionName)]
public sealed class LegacyQueueGatewayContractTests(AzuriteFixture azurite) : QueueGatewayContract
{
    protected override IQueueGateway CreateGateway() => new LegacyQueueGateway(azurite.ConnectionString);

    /// <summary>The queue as the service stores it, read without Base64 decoding.</summary>
    private CloudQueue RawQueue(string name)
    {
        var queue = CloudStorageAccount.Parse(azurite.ConnectionString).CreateCloudQueueClient().GetQueueReference(name);
        queue.EncodeMessage = false;
        return queue;
    }

    [Fact]
    public async Task Bodies_travel_base64_encoded_as_the_functions_queue_trigger_expects()
    {
        var queue = await NewQueueAsync();
        const string Body = """{"complaintId":"c-1","note":"投诉 📦 & <tags>"}""";

        await Gateway.SendAsync(queue, Body, null, Timeout);
        var raw = await RawQueue(queue).PeekMessageAsync(null, null, Timeout);

        Assert.Equal(Convert.ToBase64String(Encoding.UTF8.GetBytes(Body)), raw.AsString);
    }

    [Fact]
    public async Task Messages_never_expire()
    {
        var queue = await NewQueueAsync();

        await Gateway.SendAsync(queue, "forever", null, Timeout);
        var raw = await RawQueue(queue).PeekMessageAsync(null, null, Timeout);

        Assert.NotNull(raw.ExpirationTime);
        Assert.Equal(9999, raw.ExpirationTime.Value.Year);
    }

    [Fact]
    public async Task Delete_and_update_of_an_unknown_message_do_nothing()
    {
        var queue = await NewQueueAsync();
        await Gateway.SendAsync(queue, "m", null, Timeout);
        var real = Assert.Single(await Gateway.ReceiveAsync(queue, 1, Hidden, Timeout));
        var unknownId = Guid.NewGuid().ToString();

        Assert.False(await Gateway.DeleteAsync(queue, unknownId, real.PopReceipt, Timeout));
        Assert.Null(await Gateway.UpdateVisibilityAsync(queue, unknownId, real.PopReceipt, TimeSpan.Zero, Timeout));
        Assert.True(await Gateway.DeleteAsync(queue, real.Id, real.PopReceipt, Timeout));
    }
}
