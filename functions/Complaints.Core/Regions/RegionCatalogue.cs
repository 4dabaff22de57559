using System.Collections.Frozen;

namespace Complaints.Core.Regions;

/// <summary>A named administrative division, in Chinese and in English.</summary>
public sealed record Region(string Code, string Name, string NameEn)
{
    public RegionLevel Level => RegionCode.LevelOf(Code);
}

/// <summary>
/// The names of the divisions this deployment labels: every province-level division (GB/T 2260), and the cities and
/// counties the demo and test registries use. A valid code missing here is still accepted everywhere; it is labelled
/// by its code until its name is added.
/// </summary>
public static class RegionCatalogue
{
    private static readonly Region[] Entries =
    [
        new("110000", "北京市", "Beijing"),
        new("120000", "天津市", "Tianjin"),
        new("130000", "河北省", "Hebei"),
        new("140000", "山西省", "Shanxi"),
        new("150000", "内蒙古自治区", "Inner Mongolia"),
        new("210000", "辽宁省", "Liaoning"),
        new("220000", "吉林省", "Jilin"),
        new("230000", "黑龙江省", "Heilongjiang"),
        new("310000", "上海市", "Shanghai"),
        new("320000", "江苏省", "Jiangsu"),
        new("330000", "浙江省", "Zhejiang"),
        new("340000", "安徽省", "Anhui"),
        new("350000", "福建省", "Fujian"),
        new("360000", "江西省", "Jiangxi"),
        new("370000", "山东省", "Shandong"),
        new("410000", "河南省", "Henan"),
        new("420000", "湖北省", "Hubei"),
        new("430000", "湖南省", "Hunan"),
        new("440000", "广东省", "Guangdong"),
        new("450000", "广西壮族自治区", "Guangxi"),
        new("460000", "海南省", "Hainan"),
        new("500000", "重庆市", "Chongqing"),
        new("510000", "四川省", "Sichuan"),
        new("520000", "贵州省", "Guizhou"),
        new("530000", "云南省", "Yunnan"),
        new("540000", "西藏自治区", "Xizang"),
        new("610000", "陕西省", "Shaanxi"),
        new("620000", "甘肃省", "Gansu"),
        new("630000", "青海省", "Qinghai"),
        new("640000", "宁夏回族自治区", "Ningxia"),
        new("650000", "新疆维吾尔自治区", "Xinjiang"),
        new("710000", "台湾省", "Taiwan"),
        new("810000", "香港特别行政区", "Hong Kong"),
        new("820000", "澳门特别行政区", "Macao"),

        new("110100", "北京市市辖区", "Beijing (districts)"),
        new("110105", "朝阳区", "Chaoyang District"),
        new("310100", "上海市市辖区", "Shanghai (districts)"),
        new("310101", "黄浦区", "Huangpu District"),
        new("310115", "浦东新区", "Pudong New Area"),
        new("330100", "杭州市", "Hangzhou"),
        new("330102", "上城区", "Shangcheng District"),
        new("330106", "西湖区", "Xihu District"),
        new("330108", "滨江区", "Binjiang District"),
        new("330200", "宁波市", "Ningbo"),
        new("330203", "海曙区", "Haishu District"),
        new("440100", "广州市", "Guangzhou"),
        new("440106", "天河区", "Tianhe District"),
        new("440300", "深圳市", "Shenzhen"),
        new("440304", "福田区", "Futian District"),
        new("440305", "南山区", "Nanshan District"),
        new("510100", "成都市", "Chengdu"),
        new("510104", "锦江区", "Jinjiang District"),
        new("510700", "绵阳市", "Mianyang"),
        new("510703", "涪城区", "Fucheng District"),
    ];

    private static readonly FrozenDictionary<string, Region> ByCode = Entries.ToFrozenDictionary(r => r.Code, StringComparer.Ordinal);

    /// <summary>The province-level divisions, in code order.</summary>
    public static IReadOnlyList<Region> Provinces { get; } = [.. Entries.Where(r => r.Level == RegionLevel.Province).OrderBy(r => r.Code, StringComparer.Ordinal)];

    /// <summary>The named division, or one labelled by its code when the catalogue has no name for it.</summary>
    /// <param name="code">A valid code.</param>
    public static Region Of(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return ByCode.TryGetValue(code, out var region) ? region : new Region(code, code, code);
    }

    public static bool IsNamed(string code) => ByCode.ContainsKey(code);
}
