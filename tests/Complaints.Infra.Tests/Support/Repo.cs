namespace Complaints.Infra.Tests.Support;

/// <summary>The repository the tests run from: the folder above the test output that holds Complaints.sln.</summary>
internal static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Complaints.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Complaints.sln above {AppContext.BaseDirectory}.");
    }
}
