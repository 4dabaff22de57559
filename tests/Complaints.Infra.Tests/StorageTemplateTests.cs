using System.Text.Json.Nodes;
using Complaints.Infra.Tests.Support;
using Complaints.Storage;

namespace Complaints.Infra.Tests;

/// <summary>
/// The storage account as compiled: no shared keys, the identity's three data roles on it, and exactly the tables
/// and queues the code uses (<see cref="StorageNames"/>, read at run time, so a table added in code and not in
/// infra/main.bicep fails here, and so does one left in the template after the code stopped using it).
/// </summary>
[Collection(CompiledInfraCollection.Name)]
public class StorageTemplateTests(CompiledInfra infra)
{
    /// <summary>Built-in role definitions (the same GUIDs in every tenant), by name.</summary>
    public static TheoryData<string, string> StorageDataRoles => new()
    {
        { "Storage Blob Data Owner", "b7e6dc6d-f1e8-4753-8033-0f276bb0955b" },
        { "Storage Queue Data Contributor", "974c5e8b-45b9-4653-ba55-5f855dd0fb88" },
        { "Storage Table Data Contributor", "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3" },
    };

    /// <summary>
    /// Tables and queues that are declared without the code naming them, each with the reason. None today: the Durable
    /// Functions task hub creates its own tables, queues and blob containers, so the template declares none of them.
    /// </summary>
    private static readonly Dictionary<string, string> DeliberatelyDeclaredOnly = new(StringComparer.Ordinal);

    [Fact]
    public void The_storage_account_refuses_shared_key_access()
    {
        var properties = infra.SingleOfType(Arm.StorageAccounts)["properties"]!;
        Assert.True(properties["allowSharedKeyAccess"]?.GetValueKind() == System.Text.Json.JsonValueKind.False,
            $"allowSharedKeyAccess must be false, the template has {properties["allowSharedKeyAccess"]?.ToJsonString() ?? "<unset>"}.");
        Assert.True(properties["allowBlobPublicAccess"]?.GetValueKind() == System.Text.Json.JsonValueKind.False,
            $"allowBlobPublicAccess must be false, the template has {properties["allowBlobPublicAccess"]?.ToJsonString() ?? "<unset>"}.");
    }

    [Theory]
    [MemberData(nameof(StorageDataRoles))]
    public void The_managed_identity_holds_each_data_role_on_the_storage_account(string role, string roleDefinitionGuid)
    {
        var assignments = AssignmentsOn(infra.SingleOfType(Arm.StorageAccounts));
        var identity = infra.SingleOfType(Arm.UserAssignedIdentities);
        var matching = assignments.Where(a => RoleGuid(a) == roleDefinitionGuid).ToList();

        Assert.True(matching.Count == 1, $"Expected one {role} ({roleDefinitionGuid}) assignment on the storage account, saw {matching.Count}.");
        var properties = matching[0]["properties"]!;
        Assert.True(Arm.IsReference((string?)properties["principalId"], identity, "principalId"),
            $"{role} goes to {properties["principalId"]}, not to the user-assigned identity's principalId.");
        Assert.Equal("ServicePrincipal", (string?)properties["principalType"]);
        Assert.Equal($"/subscriptions/{CompiledInfra.SubscriptionId}/providers/Microsoft.Authorization/roleDefinitions/{roleDefinitionGuid}", (string?)properties["roleDefinitionId"]);
    }

    [Fact]
    public void The_storage_account_grants_no_other_role()
    {
        var expected = StorageDataRoles.Select(r => (string)r[1]).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var others = AssignmentsOn(infra.SingleOfType(Arm.StorageAccounts)).Select(RoleGuid).Where(g => !expected.Contains(g)).ToList();
        Assert.True(others.Count == 0, $"Unexpected role assignments on the storage account: {string.Join(", ", others)}.");
    }

    [Fact]
    public void Every_table_the_code_uses_is_declared()
    {
        var missing = new StorageNames().Tables.Except(Declared(Arm.Tables), StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0,
            $"StorageNames.Tables has tables infra/main.bicep does not declare (add them to tableNames): {string.Join(", ", missing)}.");
    }

    [Fact]
    public void Every_declared_table_is_one_the_code_uses()
    {
        var extra = Declared(Arm.Tables).Except(new StorageNames().Tables, StringComparer.Ordinal).Where(t => !DeliberatelyDeclaredOnly.ContainsKey(t)).ToList();
        Assert.True(extra.Count == 0,
            $"infra/main.bicep declares tables StorageNames.Tables does not have (remove them from tableNames): {string.Join(", ", extra)}.");
    }

    [Fact]
    public void Every_queue_the_code_uses_and_its_poison_queue_is_declared()
    {
        var missing = ExpectedQueues().Except(Declared(Arm.Queues), StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0,
            $"StorageNames.Queues (with their {StorageNames.PoisonQueueOf("<queue>")} queues) has queues infra/main.bicep does not declare: {string.Join(", ", missing)}.");
    }

    [Fact]
    public void Every_declared_queue_is_one_the_code_uses_or_its_poison_queue()
    {
        var extra = Declared(Arm.Queues).Except(ExpectedQueues(), StringComparer.Ordinal).Where(q => !DeliberatelyDeclaredOnly.ContainsKey(q)).ToList();
        Assert.True(extra.Count == 0,
            $"infra/main.bicep declares queues that are neither in StorageNames.Queues nor their poison queues: {string.Join(", ", extra)}.");
    }

    [Fact]
    public void The_blob_containers_are_the_deployment_packages_and_the_ones_the_code_uses_all_private_and_there_are_no_file_shares()
    {
        var site = infra.SingleOfType(Arm.WebSites);
        var deployment = (string?)site["properties"]?["functionAppConfig"]?["deployment"]?["storage"]?["value"] ?? string.Empty;
        var containers = infra.ResourcesOfType(Arm.BlobContainers).ToList();
        var names = containers.Select(Arm.LeafName).ToList();
        var package = names.Except(new StorageNames().Containers, StringComparer.Ordinal).ToList();

        Assert.True(package.Count == 1 && deployment.Contains($"'{package[0]}'", StringComparison.Ordinal),
            $"Besides StorageNames.Containers ({string.Join(", ", new StorageNames().Containers)}) the one container must be the deployment package's ({deployment}); the template has {string.Join(", ", names)}.");
        Assert.Empty(new StorageNames().Containers.Except(names, StringComparer.Ordinal));
        Assert.All(containers, c => Assert.Equal("None", (string?)c["properties"]?["publicAccess"]));
        Assert.Empty(Declared(Arm.FileShares));
    }

    [Fact]
    public void The_identity_holds_blob_data_contributor_on_the_attachments_container()
    {
        var container = infra.ResourcesOfType(Arm.BlobContainers).Single(c => Arm.LeafName(c) == new StorageNames().AttachmentsContainer);
        var identity = infra.SingleOfType(Arm.UserAssignedIdentities);
        var assignment = Assert.Single(AssignmentsOn(container));
        Assert.Equal(StorageBlobDataContributor, RoleGuid(assignment));
        Assert.True(Arm.IsReference((string?)assignment["properties"]?["principalId"], identity, "principalId"),
            $"Storage Blob Data Contributor goes to {assignment["properties"]?["principalId"]}, not to the user-assigned identity's principalId.");
        Assert.Equal("ServicePrincipal", (string?)assignment["properties"]?["principalType"]);
    }

    private const string StorageBlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";

    private List<string> Declared(string type) => [.. infra.ResourcesOfType(type).Select(Arm.LeafName)];

    private static List<string> ExpectedQueues()
    {
        var queues = new StorageNames().Queues;
        return [.. queues, .. queues.Select(StorageNames.PoisonQueueOf)];
    }

    private List<JsonObject> AssignmentsOn(JsonObject scope) =>
        [.. infra.ResourcesOfType(Arm.RoleAssignments).Where(a => Arm.Id(a).StartsWith($"{Arm.Id(scope)}/providers/Microsoft.Authorization/roleAssignments/", StringComparison.OrdinalIgnoreCase))];

    private static string RoleGuid(JsonObject assignment) => ((string?)assignment["properties"]?["roleDefinitionId"] ?? string.Empty).Split('/')[^1];
}
