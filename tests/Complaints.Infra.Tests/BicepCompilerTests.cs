using Complaints.Infra.Tests.Support;
using Xunit.Abstractions;

namespace Complaints.Infra.Tests;

/// <summary>
/// The Bicep compiler passes infra/ with no diagnostic at all: linter warnings are errors (infra/bicepconfig.json),
/// and any diagnostic the compiler prints, at any level, fails the test with the compiler's own text.
/// </summary>
[Collection(CompiledInfraCollection.Name)]
public class BicepCompilerTests(CompiledInfra infra, ITestOutputHelper output)
{
    [Fact]
    public async Task The_compiler_is_the_version_pinned_in_Directory_Packages_props()
    {
        var run = await BicepCli.RunAsync(Repo.Root, null, "--version");
        output.WriteLine(run.Transcript);
        Assert.True(run.ExitCode == 0, run.Transcript);
        Assert.Contains($"Bicep CLI version {BicepCli.Package.Version} ", run.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Lint_reports_nothing() => AssertClean(infra.Lint);

    [Fact]
    public void Build_compiles_the_template_with_no_diagnostic() => AssertClean(infra.Build);

    [Fact]
    public void Build_params_compiles_the_parameter_file_with_no_diagnostic() => AssertClean(infra.BuildParams);

    [Fact]
    public void Snapshot_evaluates_the_deployment_with_no_diagnostic()
    {
        AssertClean(infra.Snapshot);
        var diagnostics = infra.Evaluated["diagnostics"]?.AsArray() ?? [];
        Assert.True(diagnostics.Count == 0, $"The snapshot carries diagnostics: {diagnostics.ToJsonString()}");
    }

    [Fact]
    public async Task The_linter_configuration_reports_a_warning_rule_as_an_error()
    {
        // A file that breaks two rules the compiler only warns about by default, linted with infra/bicepconfig.json:
        // proves the file is valid, is found next to the template, and raises those rules to errors.
        var folder = Directory.CreateTempSubdirectory("complaints-lint-").FullName;
        try
        {
            File.Copy(Repo.PathOf("infra", "bicepconfig.json"), Path.Combine(folder, "bicepconfig.json"));
            await File.WriteAllTextAsync(Path.Combine(folder, "canary.bicep"), "param unused string\nvar alsoUnused = 'x'\n");

            var run = await BicepCli.RunAsync(folder, null, "lint", "canary.bicep");
            output.WriteLine(run.Transcript);

            Assert.True(run.ExitCode != 0, $"Expected lint to fail on the canary file:{Environment.NewLine}{run.Transcript}");
            Assert.Contains(run.Diagnostics, d => d.Contains(" : Error no-unused-params:", StringComparison.Ordinal));
            Assert.Contains(run.Diagnostics, d => d.Contains(" : Error no-unused-vars:", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task The_parameter_file_refuses_a_missing_token_secret()
    {
        var environment = CompiledInfra.AzdEnvironment.Where(v => v.Key != "COMPLAINTS_TOKEN_SECRET").ToDictionary();
        var run = await BicepCli.RunAsync(infra.Folder, environment, "build-params", "main.bicepparam", "--stdout");
        output.WriteLine(run.Transcript);

        Assert.True(run.ExitCode != 0, $"Expected build-params to fail without COMPLAINTS_TOKEN_SECRET:{Environment.NewLine}{run.Transcript}");
        Assert.Contains(run.Diagnostics, d => d.Contains("COMPLAINTS_TOKEN_SECRET", StringComparison.Ordinal));
    }

    private void AssertClean(BicepRun run)
    {
        output.WriteLine(run.Transcript);
        Assert.True(run.Clean, $"Expected no diagnostic from the compiler; it said:{Environment.NewLine}{run.Transcript}");
    }
}
