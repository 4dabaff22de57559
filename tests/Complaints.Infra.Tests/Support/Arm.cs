using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Complaints.Infra.Tests.Support;

/// <summary>Reading the evaluated template: resource names, app settings and the <c>reference()</c> expressions left in it.</summary>
public static partial class Arm
{
    public const string WebSites = "Microsoft.Web/sites";
    public const string ServerFarms = "Microsoft.Web/serverfarms";
    public const string StorageAccounts = "Microsoft.Storage/storageAccounts";
    public const string Tables = "Microsoft.Storage/storageAccounts/tableServices/tables";
    public const string Queues = "Microsoft.Storage/storageAccounts/queueServices/queues";
    public const string BlobContainers = "Microsoft.Storage/storageAccounts/blobServices/containers";
    public const string FileShares = "Microsoft.Storage/storageAccounts/fileServices/shares";
    public const string UserAssignedIdentities = "Microsoft.ManagedIdentity/userAssignedIdentities";
    public const string RoleAssignments = "Microsoft.Authorization/roleAssignments";
    public const string Components = "Microsoft.Insights/components";

    public static string Id(JsonObject resource) => (string)resource["id"]!;

    /// <summary>The last segment of a child resource's name (<c>account/default/complaints</c> gives <c>complaints</c>).</summary>
    public static string LeafName(JsonObject resource) => ((string)resource["name"]!).Split('/')[^1];

    /// <summary>A site's app settings, by name (the last one wins, as in App Service).</summary>
    public static IReadOnlyDictionary<string, string> AppSettings(JsonObject site)
    {
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var setting in site["properties"]?["siteConfig"]?["appSettings"]?.AsArray() ?? [])
        {
            settings[(string)setting!["name"]!] = setting["value"]?.ToString() ?? string.Empty;
        }

        return settings;
    }

    /// <summary>Reads <c>[reference('&lt;resource id&gt;', '&lt;api version&gt;').&lt;path&gt;]</c>; null for anything else.</summary>
    public static (string ResourceId, string Path)? Reference(string? value)
    {
        var match = value is null ? null : ReferenceExpression().Match(value);
        return match is { Success: true } ? (match.Groups["id"].Value, match.Groups["path"].Value) : null;
    }

    /// <summary>True when <paramref name="value"/> is exactly <c>reference(resource).path</c>.</summary>
    public static bool IsReference(string? value, JsonObject resource, string path) =>
        Reference(value) is { } r && string.Equals(r.ResourceId, Id(resource), StringComparison.OrdinalIgnoreCase) && r.Path == path;

    [GeneratedRegex(@"^\[reference\('(?<id>[^']+)', '(?<api>[^']+)'\)\.(?<path>[A-Za-z0-9_.]+)\]$")]
    private static partial Regex ReferenceExpression();
}
