namespace Complaints.Pipeline.Tests.Support;

/// <summary>Storage prefixes: every test gets its own tables and queues in the shared Azurite.</summary>
public static class TestNames
{
    /// <summary>A fresh <see cref="Storage.StorageNames"/> prefix: up to four letters of <paramref name="tag"/> and 14 hex digits.</summary>
    public static string Prefix(string tag)
    {
        var letters = new string([.. tag.ToLowerInvariant().Where(char.IsAsciiLetterLower).Take(4)]);
        return (letters.Length == 0 ? "t" : letters) + Guid.NewGuid().ToString("N")[..14];
    }

    /// <summary>A complaint id in the API's format (<c>c</c> and 32 hex digits).</summary>
    public static Core.ComplaintId NewComplaintId() => new("c" + Guid.NewGuid().ToString("N"));
}
