using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Complaints.Bench.Load;

/// <summary>The answer to one API call: its status (0 when no response came) and its JSON body.</summary>
public sealed record ApiResponse(int Status, JsonNode? Body)
{
    public string? Str(string name) => Body?[name]?.GetValue<string>();
}

/// <summary>
/// HTTP calls to one or more local hosts, round-robin, timed into <see cref="Metrics"/> under a call name.
/// Transport failures, 429 and 5xx are retried with back-off until the step's deadline (a killed host comes back).
/// </summary>
public sealed class ApiClient : IDisposable
{
    private readonly HttpClient[] _clients;
    private readonly Metrics _metrics;
    private long _next;
    private long _retries;

    public ApiClient(IReadOnlyList<Uri> hosts, int connections, Metrics metrics)
    {
        _metrics = metrics;
        _clients = [.. hosts.Select(h => new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = Math.Max(4, connections),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            ConnectTimeout = TimeSpan.FromSeconds(5),
            AutomaticDecompression = DecompressionMethods.None,
        })
        {
            BaseAddress = h,
            Timeout = TimeSpan.FromSeconds(30),
        })];
    }

    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>Calls until a non-retryable answer or the deadline; the last answer is returned.</summary>
    public async Task<ApiResponse> CallAsync(
        string name,
        HttpMethod method,
        string path,
        Action<HttpRequestHeaders>? auth,
        object? body,
        DateTime deadlineUtc,
        CancellationToken cancellationToken,
        string? idempotencyKey = null)
    {
        var delay = TimeSpan.FromMilliseconds(50);
        var json = body is null ? null : JsonSerializer.Serialize(body);
        while (true)
        {
            var response = await SendOnceAsync(name, method, path, auth, json, idempotencyKey, cancellationToken);
            var retryable = response.Status is 0 or 429 or 502 or 503 or 504;
            if (!retryable || DateTime.UtcNow + delay > deadlineUtc)
            {
                return response;
            }

            Interlocked.Increment(ref _retries);
            await Task.Delay(delay, cancellationToken);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 1000));
        }
    }

    /// <summary>One raw request (used by the fuzzer): no retries, no JSON on the way in.</summary>
    public async Task<int> RawAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var client = _clients[Interlocked.Increment(ref _next) % _clients.Length];
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
            return (int)response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return 0;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return 0;
        }
    }

    public HttpClient First => _clients[0];

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
    }

    private async Task<ApiResponse> SendOnceAsync(
        string name,
        HttpMethod method,
        string path,
        Action<HttpRequestHeaders>? auth,
        string? json,
        string? idempotencyKey,
        CancellationToken cancellationToken)
    {
        var client = _clients[Interlocked.Increment(ref _next) % _clients.Length];
        using var request = new HttpRequestMessage(method, path);
        auth?.Invoke(request.Headers);
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var status = (int)response.StatusCode;
            _metrics.Record(name, elapsed);
            _metrics.Status(name, status);
            JsonNode? node = null;
            if (text.Length > 0 && response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) == true)
            {
                try
                {
                    node = JsonNode.Parse(text);
                }
                catch (JsonException)
                {
                    // Keep the status; the body is not needed.
                }
            }

            return new ApiResponse(status, node);
        }
        catch (Exception e) when (e is HttpRequestException or IOException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            _metrics.Status(name, 0);
            return new ApiResponse(0, null);
        }
    }
}

public static class Auth
{
    public static Action<HttpRequestHeaders> Key(string key) => h => h.Add("X-Api-Key", key);

    public static Action<HttpRequestHeaders> Bearer(string token) => h => h.Authorization = new AuthenticationHeaderValue("Bearer", token);
}
