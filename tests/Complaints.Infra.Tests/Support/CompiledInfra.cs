using System.Text.Json.Nodes;

namespace Complaints.Infra.Tests.Support;

/// <summary>
/// infra/ compiled once per test run by the real Bicep CLI, in a copy of the folder (the compiler writes its outputs
/// next to its inputs):
/// <list type="bullet">
/// <item><c>bicep lint main.bicep</c>;</item>
/// <item><c>bicep build main.bicep</c>: the ARM template (JSON) as ARM receives it;</item>
/// <item><c>bicep build-params main.bicepparam</c> with the variables azd passes: the parameter values;</item>
/// <item><c>bicep snapshot main.bicepparam</c>: the same template evaluated by the compiler for one subscription,
/// resource group and region, so every copy loop is expanded and every name, tag and property is a value. Only
/// <c>reference(...)</c> (a value Azure knows after deployment) and secure parameters stay expressions.</item>
/// </list>
/// </summary>
public sealed class CompiledInfra : IAsyncLifetime
{
    /// <summary>What azd would pass as AZURE_ENV_NAME.</summary>
    public const string EnvironmentName = "complaints-ci";

    public const string TokenSecret = "infra-tests-token-secret-not-a-real-one";
    public const string SubscriptionId = "00000000-0000-0000-0000-00000000c1a1";
    public const string TenantId = "00000000-0000-0000-0000-00000000c1a2";
    public const string ResourceGroup = "rg-complaints-ci";
    public const string Location = "swedencentral";

    private JsonObject? template;
    private JsonObject? parameters;
    private JsonObject? snapshot;

    /// <summary>The environment azd gives the compiler for main.bicepparam (its .env values).</summary>
    public static IReadOnlyDictionary<string, string> AzdEnvironment { get; } = new Dictionary<string, string>
    {
        ["AZURE_ENV_NAME"] = EnvironmentName,
        ["AZURE_SUBSCRIPTION_ID"] = SubscriptionId,
        ["AZURE_LOCATION"] = Location,
        ["AZURE_RESOURCE_GROUP"] = ResourceGroup,
        ["COMPLAINTS_TOKEN_SECRET"] = TokenSecret,
    };

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), $"complaints-infra-{Guid.NewGuid():N}");

    public BicepRun Lint { get; private set; } = null!;

    public BicepRun Build { get; private set; } = null!;

    public BicepRun BuildParams { get; private set; } = null!;

    public BicepRun Snapshot { get; private set; } = null!;

    /// <summary>The compiled ARM template (<c>bicep build</c>).</summary>
    public JsonObject Template => template ??= Load("main.json", Build);

    /// <summary>The compiled parameter values (<c>bicep build-params</c>), by name.</summary>
    public JsonObject Parameters => parameters ??= Load("main.parameters.json", BuildParams)["parameters"]!.AsObject();

    /// <summary>The evaluated deployment (<c>bicep snapshot</c>).</summary>
    public JsonObject Evaluated => snapshot ??= Load("main.snapshot.json", Snapshot);

    public IReadOnlyList<JsonObject> PredictedResources => [.. Evaluated["predictedResources"]!.AsArray().Select(r => r!.AsObject())];

    public string ResourceGroupId => $"/subscriptions/{SubscriptionId}/resourceGroups/{ResourceGroup}";

    public IReadOnlyList<JsonObject> ResourcesOfType(string type) =>
        [.. PredictedResources.Where(r => string.Equals((string?)r["type"], type, StringComparison.OrdinalIgnoreCase))];

    public JsonObject SingleOfType(string type)
    {
        var found = ResourcesOfType(type);
        Assert.True(found.Count == 1, $"Expected one {type} in the evaluated template, saw {found.Count}: {string.Join(", ", found.Select(r => (string?)r["name"]))}.");
        return found[0];
    }

    public async Task InitializeAsync()
    {
        var source = Repo.PathOf("infra");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".md", StringComparison.Ordinal)))
        {
            var target = Path.Combine(Folder, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        // One after another: the machine has two cores and the compiler uses them.
        Lint = await BicepCli.RunAsync(Folder, null, "lint", "main.bicep");
        Build = await BicepCli.RunAsync(Folder, null, "build", "main.bicep", "--outfile", "main.json");
        BuildParams = await BicepCli.RunAsync(Folder, AzdEnvironment, "build-params", "main.bicepparam", "--outfile", "main.parameters.json");
        Snapshot = await BicepCli.RunAsync(
            Folder,
            AzdEnvironment,
            "snapshot", "main.bicepparam", "--mode", "overwrite",
            "--tenant-id", TenantId, "--subscription-id", SubscriptionId, "--resource-group", ResourceGroup,
            "--location", Location, "--deployment-name", EnvironmentName);
    }

    public Task DisposeAsync()
    {
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }

        return Task.CompletedTask;
    }

    private JsonObject Load(string file, BicepRun run)
    {
        var path = Path.Combine(Folder, file);
        Assert.True(run.ExitCode == 0 && File.Exists(path), $"The compiler did not write {file}:{Environment.NewLine}{run.Transcript}");
        return JsonNode.Parse(File.ReadAllText(path))!.AsObject();
    }
}

[CollectionDefinition(Name)]
public sealed class CompiledInfraCollection : ICollectionFixture<CompiledInfra>
{
    public const string Name = "Compiled infra";
}
