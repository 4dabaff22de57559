using System.Text.Json;
using System.Text.Json.Serialization;

namespace Complaints.Pipeline.Api;

/// <summary>The API's JSON: camelCase, nulls left out. Enum values are written as kebab-case strings by the views.</summary>
public static class ApiJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
