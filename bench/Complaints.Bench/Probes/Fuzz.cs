using System.Net.Http.Headers;
using System.Text;
using Complaints.Bench.Infra;

namespace Complaints.Bench.Probes;

public sealed record FuzzResult(int Requests, IReadOnlyDictionary<int, int> Statuses, IReadOnlyList<string> ServerErrors, bool HostStillReady);

/// <summary>
/// Generated malformed requests against every route: wrong methods, odd paths and ids, bad and mixed credentials,
/// broken, deep, huge or mistyped JSON, control and bidirectional characters, lone surrogates, bad cursors and
/// query values. A seeded generator, so a run can be repeated. Any 5xx (or a dropped connection) is a finding.
/// </summary>
public sealed class Fuzz(HttpClient client, int seed)
{
    private static readonly string[] Methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"];

    private static readonly string[] Templates =
    [
        "api/complaints", "api/complaints/{id}", "api/complaints/{id}/confirmation", "api/complaints/{id}/dispute",
        "api/complaints/{id}/withdrawal", "api/complaints/{id}/evaluation", "api/complaints/{id}/acknowledge",
        "api/complaints/{id}/resolution", "api/complaints/{id}/refusal", "api/complaints/{id}/mediation-outcome",
        "api/operators/me/complaints", "api/regulator/complaints", "api/regulator/disclosures",
        "api/regulator/disclosures/{id}/publish", "api/regulator/disclosures/{id}/withhold", "api/public/disclosures",
        "api/public/merchants/{id}/stats", "api/public/warnings", "api/public/parties", "health/ready", "health/live",
        "openapi/v1.json", "api", "api/complaints/{id}/{id}", "api//complaints", "api/complaints/%2e%2e/%2e%2e",
    ];

    private readonly Random _random = new(seed);

    public async Task<FuzzResult> RunAsync(int requests, int concurrency, IReadOnlyList<(string Id, string Token)> complaints, IReadOnlyList<string> keys, Action<int> progress, CancellationToken ct)
    {
        var statuses = new Dictionary<int, int>();
        var errors = new List<string>();
        var plans = Enumerable.Range(0, requests).Select(_ => Next(complaints, keys)).ToList();
        var next = -1;
        var done = 0;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < plans.Count && !ct.IsCancellationRequested)
            {
                var plan = plans[i];
                int status;
                try
                {
                    using var request = plan.Build();
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    timeout.CancelAfter(TimeSpan.FromSeconds(30));
                    using var response = await client.SendAsync(request, timeout.Token);
                    await response.Content.ReadAsByteArrayAsync(timeout.Token);
                    status = (int)response.StatusCode;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException or FormatException)
                {
                    // -1: the client refused to send it (no request reached the server); 0: the server dropped it.
                    status = e is InvalidOperationException or FormatException || (e is HttpRequestException && e.InnerException is null) ? -1 : 0;
                    if (status == -1 && errors.Count < 100)
                    {
                        lock (statuses)
                        {
                            errors.Add($"(not sent: {e.Message}) {plan}");
                        }
                    }
                }

                lock (statuses)
                {
                    statuses[status] = statuses.GetValueOrDefault(status) + 1;
                    if ((status >= 500 || status == 0) && errors.Count < 100)
                    {
                        errors.Add($"{status} {plan}");
                    }
                }

                progress(Interlocked.Increment(ref done));
            }
        }));

        bool ready;
        try
        {
            using var response = await client.GetAsync("health/ready", ct);
            ready = response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            ready = false;
        }

        return new FuzzResult(requests, new SortedDictionary<int, int>(statuses), errors, ready);
    }

    private sealed record Plan(string Method, string Path, List<(string Name, string Value)> Headers, byte[]? Body, string? ContentType, string Description)
    {
        public HttpRequestMessage Build()
        {
            var request = new HttpRequestMessage(new HttpMethod(Method), new Uri(Path, UriKind.Relative));
            foreach (var (name, value) in Headers)
            {
                request.Headers.TryAddWithoutValidation(name, HeaderSafe(value));
            }

            if (Body is not null)
            {
                request.Content = new ByteArrayContent(Body);
                if (ContentType is not null)
                {
                    request.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
                }
            }

            return request;
        }

        /// <summary>
        /// What can travel in a header at all: no CR, LF or NUL (they would end the header), and one byte per character
        /// (the client sends headers as Latin-1). Everything else is left for the server to judge.
        /// </summary>
        private static string HeaderSafe(string value) =>
            new([.. value.Select(c => c is '\r' or '\n' or '\0' ? '?' : c > '\u00ff' ? (char)(0x80 + (c % 0x80)) : c)]);

        public override string ToString() => $"{Method} /{Truncate(Path, 120)} [{string.Join("; ", Headers.Select(h => h.Name + ": " + Truncate(h.Value, 40)))}] {ContentType} {Description}";
    }

    private Plan Next(IReadOnlyList<(string Id, string Token)> complaints, IReadOnlyList<string> keys)
    {
        var template = Pick(Templates);
        var complaint = complaints.Count > 0 ? complaints[_random.Next(complaints.Count)] : ("c" + new string('0', 32), new string('A', 43));
        var path = template.Replace("{id}", _random.Next(3) switch
        {
            0 => complaint.Item1,
            1 => Uri.EscapeDataString(Garbage(_random.Next(0, 80))),
            _ => Pick(["c" + new string('f', 32), "d" + new string('1', 32), "m-bench-000", "v-bench-00", "%00", "..", "%2F", "C0123", new string('a', 3000), "%E2%80%AE", "%ff%fe"]),
        }, StringComparison.Ordinal);
        if (_random.Next(3) == 0)
        {
            path += "?" + Query();
        }

        var headers = new List<(string, string)>();
        switch (_random.Next(7))
        {
            case 0: headers.Add(("X-Api-Key", Pick(keys))); break;
            case 1: headers.Add(("Authorization", "Bearer " + complaint.Item2)); break;
            case 2: headers.Add(("X-Api-Key", Garbage(_random.Next(0, 300)))); break;
            case 3: headers.Add(("Authorization", Pick(["Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "Bearer " + new string('A', 43), "bearer " + Garbage(43), "Bearer " + new string('x', 5000)]))); break;
            case 4: headers.Add(("X-Api-Key", Pick(keys))); headers.Add(("Authorization", "Bearer " + complaint.Item2)); break;
            case 5: headers.Add(("X-Api-Key", Pick(keys))); headers.Add(("X-Api-Key", Pick(keys))); break;
            default: break;
        }

        if (_random.Next(4) == 0)
        {
            headers.Add(("Idempotency-Key", Pick(["", " ", Garbage(20), new string('k', 200), "key\u0001", "k" + _random.Next()])));
        }

        if (_random.Next(6) == 0)
        {
            headers.Add(("Accept", Pick(["text/csv", "application/xml", "*/*", "text/csv;q=0.1, application/json", "\u00ff"])));
        }

        var (body, description) = Body();
        var contentType = _random.Next(8) switch
        {
            0 => null,
            1 => Pick(["text/plain", "application/xml", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "application/json; charset=utf-16", "application/problem+json", "garbage", ""]),
            _ => "application/json",
        };
        var method = _random.Next(5) == 0 ? Pick(Methods) : template.StartsWith("api/complaints", StringComparison.Ordinal) && template != "api/complaints/{id}" || template.Contains("publish", StringComparison.Ordinal) || template.Contains("withhold", StringComparison.Ordinal) ? "POST" : "GET";
        return new Plan(method, path, headers, body, contentType, description);
    }

    private (byte[]? Body, string Description) Body()
    {
        var valid = """{"consumer":{"name":"Fuzz","phone":"13800000000"},"merchantId":"m-bench-000","venueId":"v-bench-00","category":"goods-quality","description":"fuzz","amountClaimed":{"amount":100,"currency":"CNY"},"consentToPublishNarrative":true,"remedy":"refund","amount":{"amount":10,"currency":"CNY"},"reason":"r","rating":3,"outcome":"consumer-upheld","orderAdvanceCompensation":true}""";
        var choice = _random.Next(22);
        return choice switch
        {
            0 => (null, "no body"),
            1 => ([], "empty body"),
            2 => (Encoding.UTF8.GetBytes(valid[.._random.Next(1, valid.Length)]), "truncated JSON"),
            3 => (Encoding.UTF8.GetBytes(new string('[', 5000) + new string(']', 5000)), "deeply nested arrays"),
            4 => (Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", 200)) + "1" + new string('}', 200)), "deeply nested objects"),
            5 => (Encoding.UTF8.GetBytes(valid.Replace("100,", "1e309,", StringComparison.Ordinal)), "amount 1e309"),
            6 => (Encoding.UTF8.GetBytes(valid.Replace("100,", "-5,", StringComparison.Ordinal)), "negative amount"),
            7 => (Encoding.UTF8.GetBytes(valid.Replace("100,", "0.0000001,", StringComparison.Ordinal)), "tiny amount"),
            8 => (Encoding.UTF8.GetBytes(valid.Replace("100,", "79228162514264337593543950336,", StringComparison.Ordinal)), "amount beyond decimal"),
            9 => (Encoding.UTF8.GetBytes(valid.Replace("\"CNY\"", "\"" + Pick(["", "XYZ", "cny", "€€€", "CN", "CNYY", "\u0000\u0000\u0000"]) + "\"", StringComparison.Ordinal)), "odd currency"),
            10 => (Encoding.UTF8.GetBytes(valid.Replace("\"fuzz\"", "\"\\u0000\\u202e\\ud800 lone\"", StringComparison.Ordinal)), "control, bidi and lone surrogate"),
            11 => (Encoding.UTF8.GetBytes(valid.Replace("\"fuzz\"", "\"" + new string('x', 40_000) + "\"", StringComparison.Ordinal)), "40k description"),
            12 => (new byte[300 * 1024], "300 KiB of zeros"),
            13 => (Encoding.UTF8.GetBytes(valid.Replace("{\"name\":\"Fuzz\",\"phone\":\"13800000000\"}", Pick(["null", "[]", "1", "\"x\"", "{}", "{\"name\":\"\"}", "{\"name\":\"a\",\"email\":\"not-an-email\"}"]), StringComparison.Ordinal)), "odd consumer"),
            14 => (Encoding.UTF8.GetBytes(valid.Replace("\"goods-quality\"", Pick(["1", "null", "\"GOODS-QUALITY\"", "\"\"", "[\"goods-quality\"]"]), StringComparison.Ordinal)), "odd category"),
            15 => (Encoding.UTF8.GetBytes(valid.Replace("\"m-bench-000\"", Pick(["\"\"", "1", "\"" + new string('m', 100) + "\"", "\"v-bench-00\"", "\"r-bench\"", "{}"]), StringComparison.Ordinal)), "odd merchant"),
            16 => (Encoding.UTF8.GetBytes(valid.Replace("\"rating\":3", "\"rating\":" + Pick(["0", "6", "3.5", "\"3\"", "99999999999", "-1"]), StringComparison.Ordinal)), "odd rating"),
            17 => (Encoding.UTF8.GetBytes(valid[..^1] + ",\"occurredOn\":\"" + Pick(["2023-02-30", "9999-12-31", "0001-01-01", "yesterday", "2024-1-1"]) + "\"}"), "odd date"),
            18 => ([0xff, 0xfe, 0x00, 0x7b, 0xc3, 0x28], "invalid UTF-8"),
            19 => (Encoding.UTF8.GetBytes(Pick(["[]", "null", "1", "\"s\"", "true", "{}", "{\"a\":1,\"a\":2}", "{'a':1}", "{\"a\":1,}"])), "not an object or odd JSON"),
            20 => (Encoding.UTF8.GetBytes(Garbage(_random.Next(1, 2000))), "garbage"),
            _ => (Encoding.UTF8.GetBytes(valid), "a valid-looking body"),
        };
    }

    private string Query() => Pick(
    [
        "cursor=" + Uri.EscapeDataString(Garbage(30)), "cursor=", "cursor=AAAA", "status=" + Uri.EscapeDataString(Garbage(8)), "status=withdrawn",
        "from=2024-13", "from=1999-01", "to=2000-01&from=2100-12", "from=2024-02-30", "merchantId=" + new string('m', 100),
        "category=" + Uri.EscapeDataString(Garbage(10)), "outcome=x", "dueBefore=notadate", "dueBefore=9999-12-31T23:59:59Z",
        "query=" + Uri.EscapeDataString(Garbage(150)), "query=%00", "merchantId=%E2%80%AE", "venueId=v-bench-00&merchantId=m-bench-000&category=delivery&outcome=withdrawn",
    ]);

    private string Garbage(int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = _random.Next(10) switch
            {
                0 => (char)_random.Next(0, 32),
                1 => (char)_random.Next(0x202A, 0x202F),
                2 => (char)_random.Next(0xD800, 0xE000),
                3 => (char)_random.Next(0x4E00, 0x9FFF),
                _ => (char)_random.Next(32, 127),
            };
        }

        return new string(chars);
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private static string Truncate(string s, int n) => Printable(s.Length <= n ? s : s[..n] + "…");

    /// <summary>Control characters and lone surrogates as \uXXXX, so that a finding can be written to a UTF-8 file.</summary>
    private static string Printable(string s) =>
        string.Concat(s.Select(c => char.IsControl(c) || char.IsSurrogate(c) || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069'
            ? $"\\u{(int)c:X4}"
            : c.ToString()));
}
