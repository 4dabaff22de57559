using System.Text;

namespace Complaints.Testing;

/// <summary>
/// The real CFPB complaint narratives of <c>../shared/data/cfpb/complaints_sample.csv</c> (beside the repository:
/// CI clones the repository with <c>../shared</c> next to it; see README.txt there). Missing data is an error with
/// a message saying where it was looked for, never a silent skip.
/// </summary>
public static class CfpbSample
{
    /// <summary>Where the sample lives, relative to the repository root.</summary>
    public const string RelativePath = "../shared/data/cfpb/complaints_sample.csv";

    private const string NarrativeColumn = "Consumer complaint narrative";

    private static readonly Lazy<IReadOnlyList<string>> Cached = new(() => Narratives(Locate()));

    /// <summary>The non-empty narratives of the sample (1,532 of 6,623 rows), read once per process.</summary>
    public static IReadOnlyList<string> AllNarratives => Cached.Value;

    /// <summary>The sample's path: <see cref="RelativePath"/> from the repository root (the folder of Complaints.sln).</summary>
    /// <exception cref="FileNotFoundException">The repository root or the sample is not where it should be.</exception>
    public static string Locate()
    {
        var root = RepositoryRoot();
        var path = Path.GetFullPath(Path.Combine(root, RelativePath));
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException(
                $"The CFPB narrative sample is missing: expected {path} ({RelativePath} from the repository root {root}). "
                + "Check out the shared data beside the repository (CI clones it with ../shared next to it); the tests that need real narratives cannot run without it.",
                path);
    }

    /// <summary>The non-empty narratives of a CFPB export at <paramref name="path"/>.</summary>
    public static IReadOnlyList<string> Narratives(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        using var records = ReadRecords(reader).GetEnumerator();
        if (!records.MoveNext())
        {
            throw new InvalidDataException($"{path} is empty.");
        }

        var column = Array.IndexOf(records.Current, NarrativeColumn);
        if (column < 0)
        {
            throw new InvalidDataException($"{path} has no '{NarrativeColumn}' column; its header is: {string.Join(", ", records.Current)}.");
        }

        var narratives = new List<string>();
        while (records.MoveNext())
        {
            if (records.Current.Length > column && !string.IsNullOrWhiteSpace(records.Current[column]))
            {
                narratives.Add(records.Current[column]);
            }
        }

        return narratives;
    }

    /// <summary>RFC 4180 records: comma-separated fields, double-quoted fields with <c>""</c> for a quote and embedded line breaks.</summary>
    public static IEnumerable<string[]> ReadRecords(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var any = false;
        for (var next = reader.Read(); next >= 0; next = reader.Read())
        {
            var c = (char)next;
            any = true;
            if (quoted)
            {
                if (c != '"')
                {
                    field.Append(c);
                }
                else if (reader.Peek() == '"')
                {
                    field.Append('"');
                    reader.Read();
                }
                else
                {
                    quoted = false;
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c is '\r' or '\n')
            {
                if (c == '\r' && reader.Peek() == '\n')
                {
                    reader.Read();
                }

                fields.Add(field.ToString());
                field.Clear();
                yield return [.. fields];
                fields.Clear();
                any = false;
            }
            else
            {
                field.Append(c);
            }
        }

        if (any)
        {
            fields.Add(field.ToString());
            yield return [.. fields];
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Complaints.sln")))
            {
                return dir.FullName;
            }
        }

        throw new FileNotFoundException($"No Complaints.sln above {AppContext.BaseDirectory}: cannot find the repository root, so not {RelativePath} either.");
    }
}
