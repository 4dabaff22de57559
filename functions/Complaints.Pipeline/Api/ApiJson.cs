using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Complaints.Pipeline.Api;

/// <summary>
/// The API's JSON, for reading requests and writing answers: camelCase names as sent (not matched case-insensitively),
/// nulls left out, HTML-sensitive characters escaped, numbers as JSON numbers only (not <c>"120"</c>), enum values as kebab-case names only (not
/// numbers). Both hosts configure the framework's JSON options with it (<see cref="Configure"/>).
/// </summary>
public static class ApiJson
{
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.PropertyNameCaseInsensitive = false;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.Encoder = JavaScriptEncoder.Default; // escapes <, >, & and ' too: a body pasted into a page cannot open a tag
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
        return options;
    }
}
