using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Complaints.Infra.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Complaints.Infra.Tests;

/// <summary>
/// azure.yaml (there is no azd here) against the fields of its schema (Azure/azure-dev schemas/v1.0/azure.yaml.json,
/// read at commit 48865ed5) and against what azd does with it (cli/azd/pkg/infra/provisioning/bicep/bicep_provider.go
/// and pkg/project/resource_manager.go, read at ae35809f): it compiles &lt;infra.path&gt;/&lt;module&gt;.bicepparam when
/// that file exists, with the azd environment's variables; a resource-group-scoped template goes to AZURE_RESOURCE_GROUP;
/// and a service deploys to the one host resource in that group tagged <c>azd-service-name: &lt;service&gt;</c>.
/// </summary>
[Collection(CompiledInfraCollection.Name)]
public partial class AzdTests(CompiledInfra infra)
{
    // The schema's top-level and per-service properties (it allows others, so a misspelt key would pass silently).
    private static readonly string[] TopLevelProperties =
        ["name", "resourceGroup", "metadata", "infra", "services", "resources", "pipeline", "hooks", "requiredVersions", "state", "platform", "workflows", "cloud"];

    private static readonly string[] ServiceProperties =
        ["apiVersion", "resourceGroup", "resourceName", "project", "image", "host", "language", "module", "dist", "remoteBuild", "docker", "k8s", "config", "uses", "env", "hooks"];

    // For host 'function' (with appservice, springapp, staticwebapp) the schema requires project and forbids these.
    private static readonly string[] ForbiddenForFunctionHost = ["image", "docker", "k8s", "apiVersion", "env"];

    // The schema's examples for language that mean .NET.
    private static readonly string[] DotnetLanguages = ["dotnet", "csharp", "fsharp"];

    private static readonly YamlMappingNode AzureYaml = Load();

    private static YamlMappingNode Services => (YamlMappingNode)AzureYaml.Children[new YamlScalarNode("services")];

    [Fact]
    public void The_name_and_keys_are_ones_the_schema_defines()
    {
        var name = Scalar(AzureYaml, "name");
        Assert.True(name is { Length: >= 2 } && NamePattern().IsMatch(name), $"name '{name}' must be 2+ lowercase letters, digits and inner dashes.");
        Assert.All(Keys(AzureYaml), k => Assert.Contains(k, TopLevelProperties));
        Assert.NotEmpty(Services.Children);
        foreach (var (key, node) in Services.Children)
        {
            Assert.All(Keys((YamlMappingNode)node), k => Assert.True(ServiceProperties.Contains(k), $"services.{key}.{k} is not a service property of the schema."));
        }
    }

    [Fact]
    public void The_api_service_is_the_functions_project_deployed_as_a_function_app()
    {
        var api = Service("api");
        Assert.Equal("function", Scalar(api, "host"));
        Assert.Contains(Scalar(api, "language"), DotnetLanguages);
        Assert.All(ForbiddenForFunctionHost, k => Assert.DoesNotContain(k, Keys(api)));

        var project = Path.GetFullPath(Path.Combine(Repo.Root, Scalar(api, "project") ?? throw new Xunit.Sdk.XunitException("services.api.project is required for host 'function'.")));
        Assert.True(Directory.Exists(project), $"services.api.project {project} does not exist.");
        var csproj = Assert.Single(Directory.GetFiles(project, "*.csproj"));
        var properties = XDocument.Load(csproj).Descendants().ToList();
        Assert.Contains(properties, e => e.Name.LocalName == "AzureFunctionsVersion" && e.Value == "v4");
        Assert.Contains(properties, e => e.Name.LocalName == "PackageReference" && (string?)e.Attribute("Include") == "Microsoft.Azure.Functions.Worker.Sdk");
    }

    [Fact]
    public void The_infra_module_is_the_template_and_its_parameter_file_which_azd_prefers()
    {
        var infraNode = AzureYaml.Children.TryGetValue(new YamlScalarNode("infra"), out var node) ? (YamlMappingNode)node : new YamlMappingNode();
        Assert.Equal("bicep", Scalar(infraNode, "provider") ?? "bicep");
        var folder = Path.Combine(Repo.Root, Scalar(infraNode, "path") ?? "infra");
        var module = Scalar(infraNode, "module") ?? "main";

        Assert.True(File.Exists(Path.Combine(folder, $"{module}.bicep")), $"{module}.bicep is not in {folder}.");
        var parameters = Path.Combine(folder, $"{module}.bicepparam");
        Assert.True(File.Exists(parameters), $"{module}.bicepparam is not in {folder}.");
        Assert.Contains($"using '{module}.bicep'", File.ReadAllText(parameters), StringComparison.Ordinal);
    }

    [Fact]
    public void Azd_deploys_a_resource_group_scoped_template()
    {
        // azd then asks for (or reads AZURE_RESOURCE_GROUP) the group, and `az deployment group create` keeps working.
        Assert.Contains("deploymentTemplate.json", (string?)infra.Template["$schema"], StringComparison.Ordinal);
        Assert.DoesNotContain("subscriptionDeploymentTemplate", (string?)infra.Template["$schema"], StringComparison.Ordinal);
    }

    [Fact]
    public void Each_service_has_exactly_one_host_resource_tagged_with_its_name()
    {
        foreach (var (key, node) in Services.Children)
        {
            var service = ((YamlScalarNode)key).Value!;
            var tagged = infra.PredictedResources.Where(r => (string?)r["tags"]?["azd-service-name"] == service).ToList();
            Assert.True(tagged.Count == 1,
                $"azd deploys service '{service}' to the one resource tagged azd-service-name: {service}; the template tags {tagged.Count}: {string.Join(", ", tagged.Select(r => (string?)r["name"]))}.");
            var resource = tagged[0];
            Assert.Equal(Arm.WebSites, (string?)resource["type"]);
            if (Scalar((YamlMappingNode)node, "host") == "function")
            {
                Assert.Contains("functionapp", (string?)resource["kind"], StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void The_web_pages_are_the_AZURE_WEB_URL_output_on_the_function_apps_origin_and_the_package_has_their_chart_library()
    {
        // WebFunctions.WebPage serves them under the Functions host's route prefix, which host.json leaves at "api".
        // Compiled: the same expression as AZURE_FUNCTION_URL, the route appended to its format string.
        var outputs = infra.Template["outputs"]!;
        var function = (string?)outputs["AZURE_FUNCTION_URL"]?["value"] ?? string.Empty;
        var web = "/api/" + Complaints.Functions.WebFunctions.Route.Split('/')[0] + "/";
        Assert.Contains("'https://{0}'", function, StringComparison.Ordinal);
        Assert.Equal(function.Replace("'https://{0}'", $"'https://{{0}}{web}'", StringComparison.Ordinal), (string?)outputs["AZURE_WEB_URL"]?["value"]);
        var host = JsonNode.Parse(File.ReadAllText(Path.Combine(Repo.Root, "functions", "Complaints.Functions", "host.json")))!;
        Assert.Null(host["extensions"]?["http"]?["routePrefix"]);

        // azd packages the Functions project after npm ci, so its build finds node_modules/chart.js.
        var hook = (YamlMappingNode)((YamlMappingNode)Service("api").Children[new YamlScalarNode("hooks")]).Children[new YamlScalarNode("prepackage")];
        Assert.StartsWith("npm ci", Scalar(hook, "run"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_function_app_name_is_the_AZURE_FUNCTION_NAME_output()
    {
        // azd copies outputs into the environment; infra/README.md publishes with this one.
        var site = infra.SingleOfType(Arm.WebSites);
        Assert.Equal((string?)site["name"], (string?)infra.Evaluated["outputs"]?["AZURE_FUNCTION_NAME"]);
    }

    [Fact]
    public void Every_tagged_resource_carries_the_azd_environment_name()
    {
        var untagged = infra.PredictedResources
            .Where(r => r["location"] is not null)
            .Where(r => (string?)r["tags"]?["azd-env-name"] != CompiledInfra.EnvironmentName)
            .Select(r => $"{r["type"]} {r["name"]}")
            .ToList();
        Assert.True(untagged.Count == 0, $"Resources without azd-env-name: {CompiledInfra.EnvironmentName}: {string.Join(", ", untagged)}.");
    }

    [Fact]
    public void The_parameter_file_takes_the_environment_name_and_the_token_secret_from_azd()
    {
        Assert.Equal(CompiledInfra.EnvironmentName, (string?)infra.Parameters["environmentName"]?["value"]);
        Assert.Equal(CompiledInfra.TokenSecret, (string?)infra.Parameters["tokenSecret"]?["value"]);
    }

    [Fact]
    public async Task Without_azd_the_parameter_file_falls_back_to_the_default_environment_name()
    {
        var run = await BicepCli.RunAsync(
            infra.Folder,
            new Dictionary<string, string> { ["COMPLAINTS_TOKEN_SECRET"] = CompiledInfra.TokenSecret },
            "build-params", "main.bicepparam", "--stdout");
        Assert.True(run.Clean, run.Transcript);

        var parameters = JsonNode.Parse(JsonNode.Parse(run.StandardOutput)!["parametersJson"]!.GetValue<string>())!["parameters"]!;
        Assert.Equal("complaints", (string?)parameters["environmentName"]?["value"]);
    }

    private static YamlMappingNode Service(string name) =>
        Services.Children.TryGetValue(new YamlScalarNode(name), out var node) ? (YamlMappingNode)node : throw new Xunit.Sdk.XunitException($"azure.yaml has no service '{name}'.");

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? ((YamlScalarNode)value).Value : null;

    private static List<string> Keys(YamlMappingNode node) => [.. node.Children.Keys.Select(k => ((YamlScalarNode)k).Value!)];

    private static YamlMappingNode Load()
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(Repo.PathOf("azure.yaml"));
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex NamePattern();
}
