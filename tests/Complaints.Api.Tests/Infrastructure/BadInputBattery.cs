using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Complaints.Pipeline.Api;
using static Complaints.Testing.ConfiguredParties;

namespace Complaints.Api.Tests.Infrastructure;

/// <summary>
/// Seeded random bad input on every route of <see cref="ApiRoutes.All"/>: odd ids in paths, odd credentials, bodies
/// that are malformed, mistyped, out of range, oversized, missing fields or full of control, bidirectional and
/// emoji characters, wrong content types, odd query strings and wrong methods. A good answer is anything below 500;
/// a 4xx must be application/problem+json.
/// </summary>
public sealed class BadInputBattery
{
    private static readonly string[] OddIds =
    [
        "..%2F..%2Fetc%2Fpasswd", "%2e%2e%2f%2e%2e", "%00", "c%00", "..", "%2e%2e", "c" + new string('g', 32), "C" + new string('A', 32),
        "%3Cscript%3Ealert(1)%3C%2Fscript%3E", "%E2%80%AE", "%F0%9F%98%80", new string('a', 3000), "%27%20OR%20%271%27%3D%271", "null", "-1",
        "1e400", "%25", "CON", "a%23b", "a%3Fb", "a%5Cb", "a%2Fb", "%20", "%7F", "%C3%28", "d" + new string('0', 32), "m-alpha", "v-mall",
        "r-reg", "%0D%0AX-Injected:%201", "a'b", "a%22b", "~", "%u202e",
    ];

    private static readonly string[] OddValues =
    [
        "", " ", "bogus", new string('x', 5000), "%00", "%E2%80%AE", "%F0%9F%98%80", "2023-13", "9999-99-99", "0000-00-00", "2023-02-30",
        "-1", "1e400", "abc", "a.b", "....", "YWJj.ZGVm", "eyJhIjoxfQ.AAAAAAAAAAAAAAAAAAAAAA", new string('A', 3000) + ".x", "%3Cscript%3E",
        "escalated", "in-mediation", "draft", "published", "withheld", "assigned", "acknowledged", "goods-quality", "withdrawn", "2025-01",
        "2024-12-31", "2100-12", "1999-12", "2026-01-15T10:00:00Z", "m-alpha", "v-mall", "a'b", "a%23b", "a%2Fb", "a%5Cb", "a%3Fb", "%27",
    ];

    private static readonly string[] QueryNames = ["status", "dueBefore", "cursor", "merchantId", "venueId", "category", "outcome", "from", "to", "query"];

    private static readonly string[] OddJsonValues =
    [
        "1e400", "-5", "1e20", "-1e400", "0", "-0", "0.0000000000000000000000000001", "123456789012345678901234567890", "12.345", "true", "false",
        "null", "[]", "{}", "[1,2,3]", "{\"a\":{\"b\":{}}}", "\"\"", "\" \"", "\"x\"", $"\"{new string('x', 40_000)}\"", "\"\\u202E\\u2066evil\"",
        "\"😀😀😀\"", "\"<script>alert(1)</script>\"", "\"\\u0000\"", "\"\\u0007bell\"", "\"line\\nbreak\"", "\"\\ud800\"", "\"bogus\"",
        "\"consumer-upheld\"", "\"refund\"", "\"CNY\"", "\"2026-01-15\"", "\"2026-13-45\"", "\"m-alpha\"", "\"v-mall\"", "\"a'b\"", "\"a#b/c?d\\\\e\"",
        "5", "-2147483649", "2147483648", "3.5", "\"5\"",
    ];

    private static readonly string[] Malformed =
    [
        "{", "}", "{\"a\":}", "{\"a\":1,}", "[", "nul", "tru", "{'a':1}", "{a:1}", "\"unterminated", "{\"a\":1}}", "{\"a\" 1}", "\u00EF\u00BB\u00BF{}",
        "{\"a\":NaN}", "{\"a\":Infinity}", "{\"a\":0x10}", "{\"a\":01}", "{\"a\":.5}", "{\"a\":\"\\x\"}", "{\"a\":\"\\u12\"}", "// c\n{}",
        "{}garbage", " ", "\t\r\n", new string('{', 3000), "[" + string.Join(',', Enumerable.Repeat("{}", 5000)) + "]",
    ];

    private static readonly string[] ContentTypes =
    [
        "application/json", "application/json", "application/json", "application/json; charset=utf-8", "application/problem+json",
        "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=utf-16",
        "application/octet-stream", "text/json", "*/*", "application/jsonx", "",
    ];

    private readonly ComplaintsApi api;
    private readonly Filed complaint;
    private readonly string disclosureId;

    private BadInputBattery(ComplaintsApi api, Filed complaint, string disclosureId)
    {
        this.api = api;
        this.complaint = complaint;
        this.disclosureId = disclosureId;
    }

    /// <summary>A complaint (assigned to the mall) and a disclosure draft of the battery's own.</summary>
    public static async Task<BadInputBattery> PrepareAsync(ComplaintsApi api)
    {
        var complaint = api.AssignedAsync(ComplaintsApi.Filing(merchant: Alpha, venue: Mall));
        var draft = api.DraftDisclosureAsync(ComplaintsApi.Filing(merchant: Beta));
        await Task.WhenAll(complaint, draft);
        return new BadInputBattery(api, await complaint, (await draft).DisclosureId);
    }

    public async Task<Report> RunAsync(int seed, int requests, int parallelism)
    {
        var report = new Report();
        var plans = new List<Plan>(requests);
        var random = new Random(seed);
        for (var i = 0; i < requests; i++)
        {
            plans.Add(NextPlan(random, i));
        }

        using var gate = new SemaphoreSlim(parallelism);
        var tasks = plans.Select(async plan =>
        {
            await gate.WaitAsync(api.Http.Cancellation);
            try
            {
                var response = await api.Http.SendAsync(plan.Method, plan.Path, plan.Credential, plan.Body(), plan.Extra);
                report.Record(plan, response);
            }
            finally
            {
                gate.Release();
            }
        });
        await Task.WhenAll(tasks);
        return report;
    }

    private Plan NextPlan(Random random, int index)
    {
        var route = ApiRoutes.All[index % ApiRoutes.All.Count];
        var method = new HttpMethod(route.Method);
        var kind = "plain";
        if (random.Next(25) == 0)
        {
            method = Pick(random, [HttpMethod.Put, HttpMethod.Delete, HttpMethod.Patch, route.Method == "GET" ? HttpMethod.Post : HttpMethod.Get]);
            if (ApiRoutes.All.Any(r => r.Pattern == route.Pattern && r.Method == method.Method))
            {
                method = HttpMethod.Patch; // Another route takes that method on this path (a webhook's GET, POST, DELETE): no route takes PATCH.
            }

            kind = "wrong-method";
        }

        var path = "api/" + route.Pattern
            .Replace("{disclosureId}", random.Next(3) == 0 ? Pick(random, OddIds) : random.Next(2) == 0 ? disclosureId : "d" + Hex(random, 32), StringComparison.Ordinal)
            .Replace("{id}", route.Pattern.StartsWith("public/merchants", StringComparison.Ordinal)
                ? (random.Next(2) == 0 ? Pick(random, OddIds) : Pick(random, [Alpha, Beta, Mall, Regulator, "m-nobody"]))
                : random.Next(3) == 0 ? Pick(random, OddIds) : random.Next(3) == 0 ? "c" + Hex(random, 32) : complaint.Id, StringComparison.Ordinal);
        if (route.Method == "GET" || random.Next(4) == 0)
        {
            path += Query(random);
        }

        var credential = Pick(random,
        [
            Credential.None, Credential.Key("unknown", "nope-" + Hex(random, 10)), complaint.Consumer, api.Operator(Alpha), api.Operator(Mall),
            api.Operator(Gamma), api.Regulator, api.Regulator, Credential.Header("bearer-garbage", "Authorization", "Bearer " + Hex(random, 43)),
            Credential.Header("basic", "Authorization", "Basic Zm9vOmJhcg=="), Credential.Header("long-key", "X-Api-Key", new string('k', 400)),
        ]);

        string? body = null;
        byte[]? bytes = null;
        var contentType = "application/json";
        if (method != HttpMethod.Get || random.Next(10) == 0)
        {
            var valid = ValidBody(route.Name, random);
            switch (random.Next(12))
            {
                case 0:
                    body = valid;
                    kind = "valid-body";
                    break;
                case 1:
                    body = Pick(random, Malformed);
                    kind = "malformed";
                    break;
                case 2 or 3 or 4:
                    body = Mutate(valid, random, out var what);
                    kind = "mutated:" + what;
                    break;
                case 5:
                    body = Drop(valid, random);
                    kind = "missing-fields";
                    break;
                case 6:
                    body = Mutate(valid, random, out _, value: $"\"{new string('y', (256 * 1024) + random.Next(1, 4000))}\"");
                    kind = "oversized";
                    break;
                case 7 when random.Next(2) == 0:
                    bytes = [.. Enumerable.Range(0, random.Next(1, 64)).Select(_ => (byte)random.Next(256))];
                    kind = "random-bytes";
                    break;
                case 7:
                    // Invalid UTF-8 inside a string value of an otherwise valid body.
                    var utf8 = Encoding.UTF8.GetBytes(Mutate(valid, random, out var into, value: "\"@@bytes@@\""));
                    var at = utf8.AsSpan().IndexOf("@@bytes@@"u8);
                    bytes = [.. utf8[..at], 0xC3, 0x28, 0xFF, 0xFE, .. utf8[(at + 9)..]];
                    kind = "invalid-utf8:" + into;
                    break;
                case 8:
                    body = valid;
                    contentType = Pick(random, ContentTypes);
                    kind = "content-type:" + contentType;
                    break;
                case 9:
                    body = Mutate(valid, random, out _, value: "\"" + new string('z', 32_001) + "\"");
                    kind = "32001-chars";
                    break;
                case 10:
                    body = Nest(random.Next(10, 400));
                    kind = "nested";
                    break;
                default:
                    body = valid.Length > 2 ? valid[..^1] + ",\"" + Pick(random, ["extra", "__proto__", "constructor", "reason", "$type"]) + "\":" + Pick(random, OddJsonValues) + "}" : valid;
                    kind = "extra-field";
                    break;
            }
        }

        Action<HttpRequestMessage>? extra = null;
        string? accept = null;
        if (random.Next(6) == 0)
        {
            var header = Pick(random, ["Accept", "Idempotency-Key", "Accept", "Idempotency-Key", "Content-Language"]);
            var value = Pick(random, ["text/csv", "application/xml", "*/*", "text/csv;q=0.1", "", new string('i', 200), "key-" + Hex(random, 8), "%D0%BA%D0%BB", "key with spaces", "\"quoted\""]);
            extra = r => r.Headers.TryAddWithoutValidation(header, value);
            kind += $"+{header}";
            accept = header == "Accept" ? value : null;
        }

        return new Plan(route.Name, kind, method, path, credential, body, bytes, contentType, extra) { Accept = accept };
    }

    private static string Query(Random random)
    {
        var parts = Enumerable.Range(0, random.Next(0, 4)).Select(_ => $"{Pick(random, QueryNames)}={Pick(random, OddValues)}").ToList();
        if (random.Next(8) == 0)
        {
            parts.Add("status=draft&status=published");
        }

        return parts.Count == 0 ? string.Empty : "?" + string.Join('&', parts);
    }

    private static string ValidBody(string route, Random random) => route switch
    {
        "FileComplaint" => JsonSerializer.Serialize(ComplaintsApi.Filing(
            merchant: Pick(random, [Alpha, Beta, Gamma]),
            venue: Pick(random, [null, Mall, Platform, Market]),
            category: Pick(random, ["goods-quality", "delivery", "pricing", "other"])), ApiClient.Json),
        "DisputeResolution" or "RefuseComplaint" or "WithholdDisclosure" => "{\"reason\":\"Because.\"}",
        "EvaluateHandling" => "{\"rating\":3,\"comment\":\"ok\"}",
        "ProposeResolution" => "{\"remedy\":\"refund\",\"amount\":{\"amount\":10.5,\"currency\":\"CNY\"},\"note\":\"n\"}",
        "RecordMediationOutcome" => "{\"outcome\":\"merchant-upheld\",\"orderAdvanceCompensation\":false}",
        "RegisterWebhook" => "{\"url\":\"https://203.0.113.7/battery-hooks\"}",
        _ => "{}",
    };

    /// <summary>Replaces one value (at any depth) of a JSON object with an odd one.</summary>
    private static string Mutate(string json, Random random, out string what, string? value = null)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        var slots = new List<(JsonObject Parent, string Name)>();
        void Walk(JsonObject o)
        {
            foreach (var (name, child) in o.ToList())
            {
                slots.Add((o, name));
                if (child is JsonObject inner)
                {
                    Walk(inner);
                }
            }
        }

        Walk(node);
        var raw = value ?? Pick(random, OddJsonValues);

        // The odd value goes in as raw text (it may be JSON no serializer would write, such as a lone surrogate).
        const string placeholder = "\"@@odd@@\"";
        if (slots.Count == 0)
        {
            node[Pick(random, ["reason", "rating", "outcome", "remedy"])] = "@@odd@@";
            what = "added";
        }
        else
        {
            var (parent, name) = slots[random.Next(slots.Count)];
            parent[name] = "@@odd@@";
            what = name;
        }

        return node.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping })
            .Replace(placeholder, raw, StringComparison.Ordinal);
    }

    private static string Drop(string json, Random random)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        foreach (var name in node.Select(p => p.Key).ToList())
        {
            if (random.Next(2) == 0)
            {
                node.Remove(name);
            }
            else if (node[name] is JsonObject inner)
            {
                foreach (var innerName in inner.Select(p => p.Key).ToList().Where(_ => random.Next(2) == 0))
                {
                    inner.Remove(innerName);
                }
            }
        }

        return node.ToJsonString();
    }

    private static string Nest(int depth)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < depth; i++)
        {
            sb.Append("{\"reason\":");
        }

        sb.Append("\"deep\"").Append('}', depth);
        return sb.ToString();
    }

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private static string Hex(Random random, int length)
    {
        var bytes = new byte[(length + 1) / 2];
        random.NextBytes(bytes);
        return Convert.ToHexStringLower(bytes)[..length];
    }

    public sealed record Plan(string Route, string Kind, HttpMethod Method, string Path, Credential Credential, string? Text, byte[]? Bytes, string ContentType, Action<HttpRequestMessage>? Extra)
    {
        /// <summary>The Accept header sent, if the plan sets one.</summary>
        public string? Accept { get; init; }

        /// <summary>The client said it takes neither JSON nor anything: a framework answer (404 no route, 405) may then be plain text.</summary>
        public bool RefusesJson => Accept is { Length: > 0 } a && !a.Contains("json", StringComparison.OrdinalIgnoreCase) && !a.Contains("*/*", StringComparison.Ordinal);

        public HttpContent? Body()
        {
            if (Text is null && Bytes is null)
            {
                return null;
            }

            var content = new ByteArrayContent(Bytes ?? Encoding.UTF8.GetBytes(Text!));
            if (ContentType.Length > 0)
            {
                content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }

            return content;
        }

        public override string ToString() =>
            $"{Route} [{Kind}] {Method} {(Path.Length > 140 ? Path[..140] + "..." : Path)} as {Credential}, body {(Text is null ? Bytes is null ? "none" : $"{Bytes.Length} random bytes" : $"{Text.Length} chars: {(Text.Length > 120 ? Text[..120] + "..." : Text)}")}";
    }

    public sealed class Report
    {
        private readonly ConcurrentDictionary<int, int> byStatus = new();
        private readonly ConcurrentDictionary<string, int> byRoute = new(StringComparer.Ordinal);
        private readonly ConcurrentQueue<string> failures = new();
        private readonly ConcurrentDictionary<(string Route, int Status), Plan> seen = new();
        private int total;
        private int negotiated;

        public int Total => total;

        public IReadOnlyList<string> Failures => [.. failures];

        /// <summary>Each status each route answered, with the first plan that met it.</summary>
        public IReadOnlyDictionary<(string Route, int Status), Plan> Seen => seen;

        public void Record(Plan plan, ApiResponse response)
        {
            Interlocked.Increment(ref total);
            byStatus.AddOrUpdate(response.Code, 1, (_, n) => n + 1);
            byRoute.AddOrUpdate(plan.Route, 1, (_, n) => n + 1);
            seen.TryAdd((plan.Route, response.Code), plan);
            if (response.Code >= 500)
            {
                failures.Enqueue($"{response.Code} for {plan}: {ApiResponse.Shorten(response.Body)}");
            }
            else if (response.Code == 400 && response.Body.Length == 0 && plan.Path.Contains("%00", StringComparison.Ordinal))
            {
                // Kestrel's own refusal of a NUL in the path, before any middleware: see BadInputTests.A_NUL_in_the_path_is_refused_by_Kestrel_with_400.
            }
            else if (response.Code == 414 && response.Body.Length == 0 && plan.Path.Length + 32 > 8 * 1024)
            {
                // Kestrel's own refusal of a request line over its limit (8 KiB), before any middleware: see
                // BadInputTests.A_request_line_over_Kestrels_limit_is_refused_by_Kestrel_with_414.
            }
            else if (response.Code is 404 or 405 && plan.RefusesJson && response.ContentType?.StartsWith("text/plain", StringComparison.Ordinal) == true)
            {
                // Routing's own 404/405 goes through the problem-details service, which honours Accept: a client that
                // accepts only, say, text/csv gets the status as plain text. Our handlers' problems are always JSON.
                Interlocked.Increment(ref negotiated);
            }
            else if (response.Code >= 400 && !response.IsProblem)
            {
                failures.Enqueue($"{response.Code} without a problem body (Content-Type '{response.ContentType}') for {plan}: {ApiResponse.Shorten(response.Body)}");
            }
        }

        public string Summary() =>
            $"{total} requests ({negotiated} framework 4xx as plain text for an Accept without JSON); by status: {string.Join(", ", byStatus.OrderBy(p => p.Key).Select(p => $"{p.Key}x{p.Value}"))}; "
            + $"by route: {string.Join(", ", byRoute.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key}={p.Value}")))}";
    }
}
