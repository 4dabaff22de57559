using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Complaints.Infra.Tests.Support;
using Complaints.Pipeline;
using Complaints.Pipeline.Api;
using Complaints.Functions;
using Complaints.Storage.Gateway;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Complaints.Infra.Tests;

/// <summary>
/// The Function App as compiled: Flex Consumption, dotnet-isolated 10.0, storage reached only with the managed identity,
/// no key or connection string anywhere, and app settings that are the ones the code reads (the stores' gateway and
/// options, the queue bindings' connection, the Durable task hub's connection).
/// </summary>
[Collection(CompiledInfraCollection.Name)]
public class FunctionAppTemplateTests(CompiledInfra infra)
{
    /// <summary>The connection a storage binding uses when it names none (Azure Functions' default).</summary>
    private const string DefaultConnection = "AzureWebJobsStorage";

    /// <summary>
    /// Settings whose name says "connection string" on purpose. The Application Insights connection string holds the
    /// ingestion endpoint and the instrumentation key, which is not a credential once the component refuses local
    /// authentication (checked below): telemetry is sent with the identity (APPLICATIONINSIGHTS_AUTHENTICATION_STRING).
    /// </summary>
    private static readonly string[] DeliberateConnectionStringSettings = ["APPLICATIONINSIGHTS_CONNECTION_STRING"];

    private static readonly string[] SecretFunctions = ["listKeys(", "listKey(", "listAccountSas(", "listServiceSas(", "listSecrets(", "listCredentials("];

    private static readonly string[] SecretMarkers = ["AccountKey=", "SharedAccessSignature=", "DefaultEndpointsProtocol=", "UseDevelopmentStorage"];

    private JsonObject Site => infra.SingleOfType(Arm.WebSites);

    private IReadOnlyDictionary<string, string> Settings => Arm.AppSettings(Site);

    [Fact]
    public void The_plan_is_Flex_Consumption_on_Linux()
    {
        var plan = infra.SingleOfType(Arm.ServerFarms);
        Assert.Equal("FC1", (string?)plan["sku"]?["name"]);
        Assert.Equal("FlexConsumption", (string?)plan["sku"]?["tier"]);
        Assert.True(plan["properties"]?["reserved"]?.GetValueKind() == JsonValueKind.True, "A Flex Consumption plan is a Linux plan (reserved: true).");
        Assert.Equal(Arm.Id(plan), (string?)Site["properties"]?["serverFarmId"]);
    }

    [Fact]
    public void The_function_app_runs_dotnet_isolated_10()
    {
        var runtime = Site["properties"]?["functionAppConfig"]?["runtime"];
        Assert.Equal("functionapp,linux", (string?)Site["kind"]);
        Assert.Equal("dotnet-isolated", (string?)runtime?["name"]);
        Assert.Equal("10.0", (string?)runtime?["version"]);

        // Flex Consumption takes the runtime from functionAppConfig only.
        Assert.DoesNotContain("FUNCTIONS_WORKER_RUNTIME", Settings.Keys);
        Assert.DoesNotContain("FUNCTIONS_EXTENSION_VERSION", Settings.Keys);
    }

    [Fact]
    public void The_function_app_has_only_the_user_assigned_identity_and_deploys_with_it()
    {
        var identity = infra.SingleOfType(Arm.UserAssignedIdentities);
        var siteIdentity = Site["identity"]!;
        Assert.Equal("UserAssigned", (string?)siteIdentity["type"]);
        Assert.Equal([Arm.Id(identity)], siteIdentity["userAssignedIdentities"]!.AsObject().Select(p => p.Key));

        var storage = Site["properties"]?["functionAppConfig"]?["deployment"]?["storage"];
        Assert.Equal("blobContainer", (string?)storage?["type"]);
        Assert.Equal("UserAssignedIdentity", (string?)storage?["authentication"]?["type"]);
        Assert.Equal(Arm.Id(identity), (string?)storage?["authentication"]?["userAssignedIdentityResourceId"]);
        Assert.Contains($"reference('{Arm.Id(infra.SingleOfType(Arm.StorageAccounts))}',", (string?)storage?["value"] ?? string.Empty, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_host_storage_connection_is_identity_based()
    {
        // The Functions host keeps its locks and keys in blobs.
        AssertIdentityConnection(DefaultConnection, "blob");
    }

    [Fact]
    public void Every_storage_binding_in_the_functions_app_has_an_identity_based_connection()
    {
        var bindings = StorageBindings();
        Assert.True(bindings.Count > 0, "No [QueueTrigger]/[QueueOutput] found in functions/Complaints.Functions: has the project moved?");

        var unreadable = bindings.Where(b => b.Connection is null).Select(b => b.Where).ToList();
        Assert.True(unreadable.Count == 0, $"Cannot read the Connection of: {string.Join("; ", unreadable)} (use a string literal).");

        foreach (var connection in bindings.Select(b => b.Connection!).Distinct(StringComparer.Ordinal))
        {
            AssertIdentityConnection(connection, "queue");
        }
    }

    [Fact]
    public void The_durable_task_hub_connection_is_identity_based()
    {
        var hostJson = JsonNode.Parse(
            File.ReadAllText(Repo.PathOf("functions", "Complaints.Functions", "host.json")),
            documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })!;
        var provider = hostJson["extensions"]?["durableTask"]?["storageProvider"];
        var connection = (string?)provider?["connectionName"] ?? (string?)provider?["connectionStringName"] ?? DefaultConnection;

        // The Azure Storage provider keeps its history in tables, its work in queues and its leases in blobs.
        AssertIdentityConnection(connection, "blob", "queue", "table");
    }

    [Fact]
    public void Host_triggers_task_hub_and_stores_reach_one_storage_account()
    {
        var storage = infra.SingleOfType(Arm.StorageAccounts);
        var uris = Settings.Where(s => s.Key.EndsWith("ServiceUri", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.NotEmpty(uris);
        foreach (var (name, value) in uris)
        {
            Assert.True(Arm.Reference(value)?.ResourceId.Equals(Arm.Id(storage), StringComparison.OrdinalIgnoreCase) == true,
                $"{name} = {value} is not an endpoint of the one storage account {Arm.LeafName(storage)}.");
        }
    }

    [Fact]
    public void The_settings_the_template_writes_start_the_pipeline_on_the_managed_identity()
    {
        // The Functions app's start (Program.cs: AddComplaintsFunctionsApp), over configuration, then the options
        // validated on start. Values Azure only knows after deployment are stood in for.
        var configuration = Configuration(Settings);
        var services = new ServiceCollection().AddLogging();
        services.AddComplaintsFunctionsApp(configuration);
        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();

        var endpoints = provider.GetRequiredService<StorageEndpoints>();
        Assert.Null(endpoints.ConnectionString);
        Assert.Equal(new Uri(FakeEndpoint("table")), provider.GetRequiredService<Azure.Data.Tables.TableServiceClient>().Uri);
        Assert.Equal(new Uri(FakeEndpoint("queue")), provider.GetRequiredService<Azure.Storage.Queues.QueueServiceClient>().Uri);
        Assert.Equal(FakeClientId, configuration[$"{StorageConnection.Name}:clientId"]);
        Assert.IsType<Azure.Identity.ManagedIdentityCredential>(endpoints.Credential);
    }

    [Fact]
    public void Without_the_token_secret_setting_the_pipeline_refuses_to_start()
    {
        // The check above has teeth: the same start fails when the setting the template writes is missing.
        var setting = ToSettingName($"{ApiOptions.Section}:{nameof(ApiOptions.TokenSecret)}");
        Assert.Contains(setting, Settings.Keys);

        var configuration = Configuration(Settings.Where(s => !s.Key.Equals(setting, StringComparison.OrdinalIgnoreCase)));
        var services = new ServiceCollection();
        services.AddComplaintPipeline(configuration);
        using var provider = services.BuildServiceProvider();
        Assert.ThrowsAny<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
    }

    [Fact]
    public void The_token_secret_is_a_secure_parameter_at_least_as_long_as_the_code_requires()
    {
        var setting = ToSettingName($"{ApiOptions.Section}:{nameof(ApiOptions.TokenSecret)}");
        var parameter = ParameterName(Settings[setting]);
        Assert.True(parameter is not null, $"{setting} must come from a parameter; the template writes {Settings[setting]}.");
        var declared = infra.Template["parameters"]![parameter]!;
        var required = typeof(ApiOptions).GetProperty(nameof(ApiOptions.TokenSecret))!.GetCustomAttribute<MinLengthAttribute>()!.Length;

        Assert.Equal("securestring", (string?)declared["type"]);
        Assert.Null(declared["defaultValue"]);
        Assert.True((int?)declared["minLength"] >= required, $"Parameter {parameter} accepts {declared["minLength"]} characters; ApiOptions requires {required}.");
    }

    [Fact]
    public void No_key_or_connection_string_is_in_the_template_its_app_settings_or_its_outputs()
    {
        var template = infra.Template.ToJsonString();
        foreach (var marker in SecretFunctions.Concat(SecretMarkers))
        {
            Assert.False(template.Contains(marker, StringComparison.OrdinalIgnoreCase), $"The compiled template contains {marker}.");
        }

        var offending = Settings.Keys.Where(k =>
                k.Equals(DefaultConnection, StringComparison.OrdinalIgnoreCase)
                || k.StartsWith("ConnectionStrings__", StringComparison.OrdinalIgnoreCase)
                || k.Contains("accountKey", StringComparison.OrdinalIgnoreCase)
                || k.Contains("sasToken", StringComparison.OrdinalIgnoreCase)
                || (k.Contains("CONNECTION_STRING", StringComparison.OrdinalIgnoreCase) && !DeliberateConnectionStringSettings.Contains(k)))
            .ToList();
        Assert.True(offending.Count == 0, $"App settings that carry a connection string or a key: {string.Join(", ", offending)}.");

        var secureParameters = infra.Template["parameters"]!.AsObject()
            .Where(p => ((string?)p.Value?["type"])?.StartsWith("secure", StringComparison.OrdinalIgnoreCase) == true)
            .Select(p => p.Key)
            .ToList();
        var outputs = infra.Template["outputs"]?.ToJsonString() ?? string.Empty;
        foreach (var parameter in secureParameters)
        {
            Assert.False(outputs.Contains($"parameters('{parameter}')", StringComparison.Ordinal), $"An output returns the secure parameter {parameter}.");
        }
    }

    [Fact]
    public void Application_insights_refuses_local_authentication_and_the_app_sends_with_the_identity()
    {
        var component = infra.SingleOfType(Arm.Components);
        var identity = infra.SingleOfType(Arm.UserAssignedIdentities);
        Assert.True(component["properties"]?["DisableLocalAuth"]?.GetValueKind() == JsonValueKind.True, "DisableLocalAuth must be true.");
        Assert.True(Arm.IsReference(Settings["APPLICATIONINSIGHTS_CONNECTION_STRING"], component, "ConnectionString"));
        Assert.Contains($"reference('{Arm.Id(identity)}',", Settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"], StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Authorization=AAD", Settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"], StringComparison.Ordinal);
    }

    private const string FakeClientId = "11111111-2222-3333-4444-555555555555";

    private string FakeEndpoint(string service) => $"https://{Arm.LeafName(infra.SingleOfType(Arm.StorageAccounts))}.{service}.core.windows.net/";

    /// <summary>The parameter a value is, when it is exactly <c>[parameters('name')]</c>.</summary>
    private static string? ParameterName(string value) =>
        value.StartsWith("[parameters('", StringComparison.Ordinal) && value.EndsWith("')]", StringComparison.Ordinal)
            ? value["[parameters('".Length..^"')]".Length]
            : null;

    /// <summary><c>A__B</c> is how App Service spells the configuration key <c>A:B</c>.</summary>
    private static string ToSettingName(string configurationKey) => configurationKey.Replace(":", "__", StringComparison.Ordinal);

    private IConfiguration Configuration(IEnumerable<KeyValuePair<string, string>> settings) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key.Replace("__", ":", StringComparison.Ordinal), (string?)StandIn(s.Value))))
            .Build();

    /// <summary>The value a setting will have in Azure: parameters from build-params, endpoints and ids stood in for.</summary>
    private string StandIn(string value)
    {
        if (ParameterName(value) is { } name)
        {
            return infra.Parameters[name]?["value"]?.ToString() ?? throw new Xunit.Sdk.XunitException($"main.bicepparam gives no value for {name}.");
        }

        return Arm.Reference(value) switch
        {
            { Path: var path } when path.StartsWith("primaryEndpoints.", StringComparison.Ordinal) => FakeEndpoint(path["primaryEndpoints.".Length..]),
            { Path: "clientId" } => FakeClientId,
            _ => value,
        };
    }

    /// <summary>
    /// Asserts the identity-based connection <paramref name="connection"/>: a service URI per service on the one storage
    /// account, <c>credential = managedidentity</c>, the user-assigned identity's client id, and no connection string.
    /// </summary>
    private void AssertIdentityConnection(string connection, params string[] services)
    {
        var storage = infra.SingleOfType(Arm.StorageAccounts);
        var identity = infra.SingleOfType(Arm.UserAssignedIdentities);
        var settings = Settings;
        foreach (var service in services)
        {
            var name = $"{connection}__{service}ServiceUri";
            Assert.True(settings.TryGetValue(name, out var uri) && Arm.IsReference(uri, storage, $"primaryEndpoints.{service}"),
                $"Connection {connection} needs {name} = the storage account's {service} endpoint; the template has {(uri is null ? "no such setting" : uri)}.");
        }

        Assert.True(settings.TryGetValue($"{connection}__credential", out var credential) && credential == "managedidentity",
            $"Connection {connection} needs {connection}__credential = managedidentity; the template has {credential ?? "no such setting"}.");
        Assert.True(settings.TryGetValue($"{connection}__clientId", out var clientId) && Arm.IsReference(clientId, identity, "clientId"),
            $"Connection {connection} needs {connection}__clientId = the user-assigned identity's client id; the template has {clientId ?? "no such setting"}.");
        Assert.False(settings.ContainsKey(connection), $"{connection} is also set as a connection string.");
    }

    /// <summary>Every storage binding the build generated for functions/Complaints.Functions, with the connection it names.</summary>
    private static List<(string Where, string? Connection)> StorageBindings()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var metadata = Repo.PathOf("functions", "Complaints.Functions", "bin", configuration, "net10.0", "functions.metadata");
        Assert.True(File.Exists(metadata), $"No {metadata}: the Functions app is built before this test project.");
        using var document = JsonDocument.Parse(File.ReadAllText(metadata));
        string[] storage = ["queueTrigger", "queue", "blobTrigger", "blob", "table"];
        return [.. document.RootElement.EnumerateArray().SelectMany(function => function.GetProperty("bindings").EnumerateArray()
            .Where(b => storage.Contains(b.GetProperty("type").GetString(), StringComparer.Ordinal))
            .Select(b => (
                $"{function.GetProperty("name").GetString()} [{b.GetProperty("type").GetString()}]",
                b.TryGetProperty("connection", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : DefaultConnection)))];
    }
}
