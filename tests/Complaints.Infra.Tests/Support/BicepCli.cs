using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace Complaints.Infra.Tests.Support;

/// <summary>One run of the Bicep CLI: what it was asked, its exit code and everything it printed.</summary>
public sealed partial record BicepRun(string CommandLine, int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>The compiler's diagnostic lines (<c>file(line,col) : Error|Warning|Info code: message</c>), at any level.</summary>
    public IReadOnlyList<string> Diagnostics =>
        [.. $"{StandardError}\n{StandardOutput}".Split('\n').Select(l => l.TrimEnd('\r')).Where(l => DiagnosticLine().IsMatch(l))];

    /// <summary>Exit code 0 and nothing on standard error: no error, no warning, no info.</summary>
    public bool Clean => ExitCode == 0 && string.IsNullOrWhiteSpace(StandardError) && Diagnostics.Count == 0;

    /// <summary>What a person would see in a terminal, for failure messages.</summary>
    public string Transcript
    {
        get
        {
            var text = new StringBuilder().Append("$ ").AppendLine(CommandLine).Append("exit code ").Append(ExitCode).AppendLine();
            if (!string.IsNullOrWhiteSpace(StandardError))
            {
                text.AppendLine(StandardError.TrimEnd());
            }

            if (!string.IsNullOrWhiteSpace(StandardOutput) && StandardOutput.Length < 4000)
            {
                text.AppendLine(StandardOutput.TrimEnd());
            }

            return text.ToString();
        }
    }

    [GeneratedRegex(@"\(\d+,\d+\) : (Error|Warning|Info) ")]
    private static partial Regex DiagnosticLine();
}

/// <summary>
/// The Bicep CLI from the NuGet package folder: <c>Azure.Bicep.CommandLine.linux-x64</c>, downloaded by this project's
/// <c>PackageDownload</c> at the version pinned in Directory.Packages.props.
/// </summary>
public static class BicepCli
{
    private static readonly Lazy<string> Executable = new(Locate);

    /// <summary>Package id and version, as restored (<c>Azure.Bicep.CommandLine.linux-x64/0.49.2</c>).</summary>
    public static (string Id, string Version) Package
    {
        get
        {
            var parts = Metadata("BicepCliPackage").Split('/');
            return parts.Length == 2 && parts.All(p => p.Length > 0)
                ? (parts[0], parts[1])
                : throw new InvalidOperationException(
                    "The test assembly does not name the Bicep CLI package: Directory.Packages.props needs a PackageVersion for Azure.Bicep.CommandLine.linux-x64.");
        }
    }

    public static string PathToExecutable => Executable.Value;

    /// <summary>
    /// Runs <c>bicep</c> with <paramref name="arguments"/> in <paramref name="workingDirectory"/>. Every variable a
    /// parameter file could read (<c>AZURE_*</c>, <c>COMPLAINTS_*</c>) is removed from the child's environment and only
    /// <paramref name="environment"/> is set, so a developer's shell never changes the result.
    /// </summary>
    public static async Task<BicepRun> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(PathToExecutable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("AZURE_", StringComparison.Ordinal) || k.StartsWith("COMPLAINTS_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var commandLine = string.Join(' ', new[] { "bicep" }.Concat(arguments));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {PathToExecutable}.");
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"`{commandLine}` did not finish within 3 minutes.");
        }

        return new BicepRun(commandLine, process.ExitCode, await output, await error);
    }

    private static string Locate()
    {
        var (id, version) = Package;
        if (!OperatingSystem.IsLinux() || RuntimeInformation.OSArchitecture != Architecture.X64)
        {
            throw new PlatformNotSupportedException(
                $"Only {id} is restored (the CI machine is linux-x64); this is {RuntimeInformation.RuntimeIdentifier}.");
        }

        // The same order NuGet uses: NUGET_PACKAGES, else the folder this build restored into, else the default.
        var roots = new[]
            {
                Environment.GetEnvironmentVariable("NUGET_PACKAGES"),
                Metadata("NuGetPackageRoot"),
                Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"),
            }
            .Where(r => !string.IsNullOrWhiteSpace(r))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var candidates = roots.Select(r => Path.Combine(r!, id.ToLowerInvariant(), version, "tools", "bicep")).ToList();
        var found = candidates.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException(
                $"The Bicep CLI ({id} {version}) is not in the NuGet package folder. Looked at: {string.Join(", ", candidates)}. " +
                "`dotnet restore tests/Complaints.Infra.Tests` downloads it (PackageDownload).");

        // NuGet may extract the package without the executable bit.
        var mode = File.GetUnixFileMode(found);
        if (!mode.HasFlag(UnixFileMode.UserExecute))
        {
            File.SetUnixFileMode(found, mode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }

        return found;
    }

    private static string Metadata(string key) =>
        typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().SingleOrDefault(a => a.Key == key)?.Value ?? string.Empty;
}
