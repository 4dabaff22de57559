using System.Text.Json;

namespace Complaints.Api.Tests.Infrastructure;

/// <summary>Assertions on complaint views, each saying what it expected and what it saw.</summary>
public static class Views
{
    public static IReadOnlyList<string> Timeline(JsonElement view) =>
        view.TryGetProperty("timeline", out var t) ? [.. t.EnumerateArray().Select(e => e.GetProperty("type").GetString()!)] : [];

    /// <summary>The timeline holds these event types, in this order (other events may come between).</summary>
    public static void TimelineContainsInOrder(JsonElement view, params string[] expected)
    {
        var seen = Timeline(view);
        var at = 0;
        foreach (var type in seen)
        {
            if (at < expected.Length && type == expected[at])
            {
                at++;
            }
        }

        if (at < expected.Length)
        {
            throw new Xunit.Sdk.XunitException(
                $"Expected the timeline to contain, in order, [{string.Join(", ", expected)}]; it is [{string.Join(", ", seen)}] (missing from '{expected[at]}').");
        }

        foreach (var entry in view.GetProperty("timeline").EnumerateArray())
        {
            if (!entry.TryGetProperty("at", out var when) || !when.TryGetDateTimeOffset(out _))
            {
                throw new Xunit.Sdk.XunitException($"Every timeline entry needs a type and an 'at' time; saw {entry}.");
            }
        }
    }

    public static void Equal(string? expected, JsonElement view, params string[] path)
    {
        var actual = ComplaintsApi.Str(view, path);
        if (!string.Equals(expected, actual, StringComparison.Ordinal))
        {
            throw new Xunit.Sdk.XunitException($"Expected {string.Join('.', path)} = '{expected ?? "(absent)"}', saw '{actual ?? "(absent)"}' in {Short(view)}");
        }
    }

    public static void StatusIsOneOf(JsonElement view, params string[] statuses)
    {
        var status = ComplaintsApi.Status(view);
        if (!statuses.Contains(status))
        {
            throw new Xunit.Sdk.XunitException($"Expected status to be one of [{string.Join(", ", statuses)}], saw '{status}'; timeline [{string.Join(", ", Timeline(view))}]");
        }
    }

    public static decimal Amount(JsonElement view, params string[] path)
    {
        foreach (var p in path)
        {
            if (!view.TryGetProperty(p, out view))
            {
                throw new Xunit.Sdk.XunitException($"Expected a value at {string.Join('.', path)}; '{p}' is absent.");
            }
        }

        return view.GetDecimal();
    }

    public static void Absent(JsonElement view, string property, string because)
    {
        if (ComplaintsApi.Has(view, property))
        {
            throw new Xunit.Sdk.XunitException($"'{property}' should not be in this view ({because}); saw {view.GetProperty(property)}");
        }
    }

    public static JsonElement Present(JsonElement view, string property, string because)
    {
        if (!ComplaintsApi.Has(view, property))
        {
            throw new Xunit.Sdk.XunitException($"'{property}' should be in this view ({because}); it is absent from {Short(view)}");
        }

        return view.GetProperty(property);
    }

    public static void Timely(bool expected, JsonElement view)
    {
        var actual = view.GetProperty("timely").GetBoolean();
        if (actual != expected)
        {
            throw new Xunit.Sdk.XunitException($"Expected timely = {expected}, saw {actual}; timeline [{string.Join(", ", Timeline(view))}]");
        }
    }

    private static string Short(JsonElement view)
    {
        var text = view.ToString();
        return text.Length <= 800 ? text : text[..800] + "...";
    }
}
