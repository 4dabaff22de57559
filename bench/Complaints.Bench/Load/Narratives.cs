using System.Text;

namespace Complaints.Bench.Load;

/// <summary>
/// Complaint narratives from the real CFPB sample (<c>../shared/data/cfpb/complaints_sample.csv</c> beside the
/// repository): RFC 4180, quoted fields with embedded newlines and doubled quotes.
/// </summary>
public static class Narratives
{
    public const string RelativePath = "../shared/data/cfpb/complaints_sample.csv";

    public static (IReadOnlyList<string> Texts, string Source) Load(string repositoryRoot)
    {
        var path = Path.GetFullPath(Path.Combine(repositoryRoot, RelativePath));
        if (!File.Exists(path))
        {
            Console.Error.WriteLine($"CFPB sample not found at {path}: using generated narratives instead (the figures are then not from real text).");
            return (Fallback(), "generated (CFPB sample missing)");
        }

        var rows = Parse(File.ReadAllText(path, Encoding.UTF8)).ToList();
        var column = rows[0].IndexOf("Consumer complaint narrative");
        if (column < 0)
        {
            Console.Error.WriteLine($"{path} has no 'Consumer complaint narrative' column: using generated narratives.");
            return (Fallback(), "generated (no narrative column)");
        }

        var texts = rows.Skip(1)
            .Where(r => r.Count > column && r[column].Trim().Length >= 20)
            .Select(r => Clean(r[column]))
            .Where(t => t.Length is >= 20 and <= 30_000)
            .ToList();
        return texts.Count > 0 ? (texts, $"{RelativePath} ({texts.Count} narratives of {rows.Count - 1} rows)") : (Fallback(), "generated (no narratives)");
    }

    /// <summary>RFC 4180 records; a quoted field may hold commas, newlines and doubled quotes.</summary>
    public static IEnumerable<List<string>> Parse(string text)
    {
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    field.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '"':
                    quoted = true;
                    break;
                case ',':
                    row.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    row.Add(field.ToString());
                    field.Clear();
                    yield return row;
                    row = [];
                    break;
                default:
                    field.Append(c);
                    break;
            }
        }

        if (field.Length > 0 || row.Count > 0)
        {
            row.Add(field.ToString());
            yield return row;
        }
    }

    /// <summary>The API refuses control characters other than newline, carriage return and tab.</summary>
    private static string Clean(string text) =>
        new string([.. text.Where(c => c is '\n' or '\r' or '\t' || !char.IsControl(c))]).Trim();

    private static List<string> Fallback() =>
    [
        .. Enumerable.Range(0, 200).Select(i =>
            $"Order {i}: the goods arrived damaged and the seller has not answered my messages for two weeks. "
            + "I asked for a refund of the full price and the delivery fee. " + new string('x', i * 7 % 500)),
    ];
}
