using System.Text.Json;
using System.Text.Json.Serialization;

namespace Complaints.Pipeline.Api;

/// <summary>
/// The API's JSON, for reading requests and writing answers: camelCase names as sent (not matched case-insensitively),
/// nulls left out, numbers as JSON numbers only (not <c>"120"</c>), enum values as kebab-case names only (not
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
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
        return options;
    }
}
