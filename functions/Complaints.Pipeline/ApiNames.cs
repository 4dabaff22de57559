using System.Text.Json;
using Complaints.Core;

namespace Complaints.Pipeline;

/// <summary>The kebab-case names the API, the read models and the docs use for enum values.</summary>
public static class ApiNames
{
    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum =>
        JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    public static string Status(ComplaintStatus status) => Of(status);

    public static string Disclosure(DisclosureStatus status) => Of(status);

    /// <summary>Parses a kebab-case name; <c>false</c> for anything that is not a defined value.</summary>
    public static bool TryParse<TEnum>(string? text, out TEnum value) where TEnum : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<TEnum>())
        {
            if (string.Equals(Of(candidate), text, StringComparison.Ordinal))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }

    public static IEnumerable<string> All<TEnum>() where TEnum : struct, Enum => Enum.GetValues<TEnum>().Select(Of);
}
