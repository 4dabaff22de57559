using System.Text.RegularExpressions;
using Complaints.Testing;

namespace Complaints.Storage.Tests;

public sealed partial class UniqueNameTests
{
    [Theory]
    [InlineData("complaints")]
    [InlineData("Complaint-Events_")]
    [InlineData("42")]
    [InlineData("")]
    [InlineData("a-very-long-prefix-that-goes-on-and-on-well-past-the-sixty-three-character-limit")]
    public void A_unique_name_is_valid_for_both_tables_and_queues(string prefix)
    {
        var name = AzuriteFixture.UniqueName(prefix);

        Assert.Matches(TableName(), name);
        Assert.Matches(QueueName(), name);
        Assert.NotEqual(name, AzuriteFixture.UniqueName(prefix));
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    private static partial Regex TableName();

    [GeneratedRegex("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$")]
    private static partial Regex QueueName();
}
