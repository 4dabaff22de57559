using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Xunit.Abstractions;

namespace Complaints.Api.Tests.Infrastructure;

/// <summary>How a request authenticates. <see cref="Label"/> goes to the test log; the secret never does.</summary>
public sealed record Credential(string Label, Action<HttpRequestMessage> Apply)
{
    public static Credential None { get; } = new("anonymous", _ => { });

    public static Credential Key(string label, string key) => new($"key:{label}", r => r.Headers.TryAddWithoutValidation("X-Api-Key", key));

    public static Credential Token(string label, string token) => new($"token:{label}", r => r.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token));

    /// <summary>Any raw header, as a client might send it (malformed on purpose).</summary>
    public static Credential Header(string label, string name, string value) => new(label, r => r.Headers.TryAddWithoutValidation(name, value));

    public override string ToString() => Label;
}

/// <summary>One HTTP answer, read in full.</summary>
public sealed record ApiResponse(HttpMethod Method, string Path, HttpStatusCode Status, string? ContentType, string Body, HttpResponseHeaders Headers)
{
    public int Code => (int)Status;

    public bool IsProblem => ContentType?.StartsWith("application/problem+json", StringComparison.OrdinalIgnoreCase) == true;

    public JsonElement Json()
    {
        try
        {
            using var document = JsonDocument.Parse(Body);
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new Xunit.Sdk.XunitException($"{this}: the body is not JSON ({e.Message}).");
        }
    }

    /// <summary>The field names under <c>errors</c> of a validation problem.</summary>
    public IReadOnlyList<string> ErrorFields() =>
        IsProblem && Json() is { ValueKind: JsonValueKind.Object } j && j.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object
            ? [.. errors.EnumerateObject().Select(p => p.Name)]
            : [];

    /// <summary>Asserts the status, saying what came back when it is not the expected one.</summary>
    public ApiResponse Expect(HttpStatusCode expected, string? because = null)
    {
        if (Status != expected)
        {
            throw new Xunit.Sdk.XunitException(
                $"{Method} {Path}: expected {(int)expected} {expected}{(because is null ? string.Empty : $" ({because})")}, got {Code} {Status}: {Shorten(Body)}");
        }

        return this;
    }

    /// <summary>Asserts a problem response with this status (RFC 9457: application/problem+json).</summary>
    public ApiResponse ExpectProblem(HttpStatusCode expected, string? field = null)
    {
        Expect(expected);
        if (!IsProblem)
        {
            throw new Xunit.Sdk.XunitException($"{Method} {Path}: {Code} should be application/problem+json, was '{ContentType}': {Shorten(Body)}");
        }

        if (field is not null && !ErrorFields().Contains(field))
        {
            throw new Xunit.Sdk.XunitException(
                $"{Method} {Path}: expected the problem to name the field '{field}', it names [{string.Join(", ", ErrorFields())}]: {Shorten(Body)}");
        }

        return this;
    }

    public override string ToString() => $"{Method} {Path} -> {Code} {ContentType}";

    internal static string Shorten(string body) => body.Length <= 600 ? body : body[..600] + $"... ({body.Length} chars)";
}

/// <summary>
/// Sends requests to a host over real HTTP and logs one line per exchange to the test output (method, path,
/// credential label, status, time). Bodies are not logged: some carry tracking tokens and contact details.
/// </summary>
public sealed class ApiClient(ApiHost host, HttpClient http, ITestOutputHelper output, CancellationToken cancellationToken)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public ApiHost Host => host;

    public ITestOutputHelper Output => output;

    public CancellationToken Cancellation => cancellationToken;

    /// <summary>Quiet clients do not log each exchange (the bad-input battery sends thousands).</summary>
    public bool Quiet { get; init; }

    public Task<ApiResponse> GetAsync(string path, Credential? credential = null, string? accept = null) =>
        SendAsync(HttpMethod.Get, path, credential, content: null, accept is null ? null : r => r.Headers.TryAddWithoutValidation("Accept", accept));

    /// <summary>POSTs <paramref name="body"/> as JSON (an object is serialized camelCase; a string is sent as is).</summary>
    public Task<ApiResponse> PostAsync(string path, Credential? credential = null, object? body = null, Action<HttpRequestMessage>? extra = null) =>
        SendAsync(HttpMethod.Post, path, credential, body switch
        {
            null => null,
            string raw => new StringContent(raw, Encoding.UTF8, "application/json"),
            HttpContent content => content,
            _ => new StringContent(JsonSerializer.Serialize(body, Json), Encoding.UTF8, "application/json"),
        }, extra);

    public Task<ApiResponse> DeleteAsync(string path, Credential? credential = null) => SendAsync(HttpMethod.Delete, path, credential, content: null);

    public async Task<ApiResponse> SendAsync(HttpMethod method, string path, Credential? credential, HttpContent? content, Action<HttpRequestMessage>? extra = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path.TrimStart('/'), UriKind.Relative)) { Content = content };
        (credential ?? Credential.None).Apply(request);
        extra?.Invoke(request);
        var clock = Stopwatch.StartNew();
        using var response = await http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var result = new ApiResponse(method, path, response.StatusCode, response.Content.Headers.ContentType?.ToString(), body, response.Headers);
        if (!Quiet)
        {
            Log($"{method} {Trim(path)} [{credential ?? Credential.None}] -> {result.Code} ({clock.ElapsedMilliseconds} ms)");
        }

        if (result.Code >= 500)
        {
            Log($"  5xx body: {ApiResponse.Shorten(body)}");
        }

        return result;
    }

    public void Log(string line)
    {
        try
        {
            output.WriteLine($"[{host.Name}] {line}");
        }
        catch (InvalidOperationException)
        {
            // The test has finished (a late line from a background probe); nothing to write to.
        }
    }

    private static string Trim(string path) => path.Length <= 160 ? path : path[..160] + "...";
}
