using System.Collections.Frozen;

namespace Complaints.Core.Regions;

/// <summary>The level of an administrative division in GB/T 2260.</summary>
public enum RegionLevel
{
    /// <summary>Province, autonomous region, municipality or SAR: <c>XX0000</c>.</summary>
    Province,

    /// <summary>Prefecture-level city (or a municipality's district group): <c>XXXX00</c>.</summary>
    City,

    /// <summary>County-level division (district, county, county-level city): <c>XXXXXX</c>.</summary>
    County,
}

/// <summary>
/// GB/T 2260 administrative-division codes: six digits, the first two a province-level division's, the next two the
/// city's (<c>00</c> for the province itself) and the last two the county's (<c>00</c> for the city itself). A filter
/// by a code rolls up: a province contains its cities and counties, a city its counties.
/// </summary>
public static class RegionCode
{
    /// <summary>The 34 province-level divisions' two-digit prefixes.</summary>
    private static readonly FrozenSet<string> ProvincePrefixes = FrozenSet.ToFrozenSet(
    [
        "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42",
        "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82",
    ], StringComparer.Ordinal);

    /// <summary>Whether <paramref name="code"/> is a well-formed code; <paramref name="error"/> says why not.</summary>
    public static bool IsValid(string? code, out string? error)
    {
        if (code is null || code.Length != 6 || !code.All(char.IsAsciiDigit))
        {
            error = "must be a GB/T 2260 administrative-division code: 6 digits, such as 330106.";
            return false;
        }

        if (!ProvincePrefixes.Contains(code[..2]))
        {
            error = $"must start with a province-level division's code; {code[..2]} is none.";
            return false;
        }

        if (code[2..4] == "00" && code[4..] != "00")
        {
            error = "must name a city (digits 3 and 4) before a county (digits 5 and 6).";
            return false;
        }

        error = null;
        return true;
    }

    public static bool IsValid(string? code) => IsValid(code, out _);

    /// <param name="code">A valid code.</param>
    public static RegionLevel LevelOf(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return code[2..] == "0000" ? RegionLevel.Province : code[4..] == "00" ? RegionLevel.City : RegionLevel.County;
    }

    /// <summary>The code's province (<c>XX0000</c>).</summary>
    public static string ProvinceOf(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return code[..2] + "0000";
    }

    /// <summary>Whether <paramref name="code"/> lies in <paramref name="area"/> (or is it): the roll-up of a filter.</summary>
    public static bool Contains(string area, string? code)
    {
        ArgumentNullException.ThrowIfNull(area);
        if (code is null)
        {
            return false;
        }

        return LevelOf(area) switch
        {
            RegionLevel.Province => code.StartsWith(area[..2], StringComparison.Ordinal),
            RegionLevel.City => code.StartsWith(area[..4], StringComparison.Ordinal),
            _ => string.Equals(area, code, StringComparison.Ordinal),
        };
    }

    /// <summary>
    /// The division one level below <paramref name="area"/> (a province when <paramref name="area"/> is <c>null</c>)
    /// that holds <paramref name="code"/>; <c>null</c> when the code is not inside the area, or names the area itself
    /// (a complaint recorded at the province has no city to count under). A county is its own child.
    /// </summary>
    public static string? ChildOf(string? area, string? code)
    {
        if (code is null)
        {
            return null;
        }

        if (area is null)
        {
            return ProvinceOf(code);
        }

        if (!Contains(area, code))
        {
            return null;
        }

        return LevelOf(area) switch
        {
            RegionLevel.Province => LevelOf(code) == RegionLevel.Province ? null : code[..4] + "00",
            _ => LevelOf(code) == RegionLevel.County ? code : null,
        };
    }

    /// <summary>The code and the divisions above it, the code first.</summary>
    public static IEnumerable<string> WithAncestors(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        yield return code;
        var level = LevelOf(code);
        if (level == RegionLevel.County)
        {
            yield return code[..4] + "00";
        }

        if (level != RegionLevel.Province)
        {
            yield return ProvinceOf(code);
        }
    }
}
