extern alias localhost;

using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Complaints.Functions;
using Complaints.Pipeline.Webhooks;
using Complaints.Pipeline.Workers;
using Complaints.Storage;
using Complaints.Storage.Gateway;
using Complaints.Testing;
using Complaints.Workflow;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Complaints.Functions.Tests.Support;

/// <summary>
/// The Functions app as its host would run it, minus the host: the app's own service registration
/// (<see cref="FunctionsAppServices.AddComplaintsFunctionsApp"/>) on a fresh Azurite, its hosted start-up run, the
/// orchestrator and activity functions registered on the in-memory Durable test host, and each queue function fed
/// from its real queue by a listener with the host's settings (batch, five dequeues then poison). Beside it the local
/// host runs API-only on the same storage, for answer-by-answer comparison.
/// </summary>
public sealed class FunctionsApp : IAsyncLifetime
{
    public const string CollectionName = "Functions app";

    /// <summary>Deadlines short enough to watch pass; the paths that must beat them act within milliseconds.</summary>
    public static readonly TimeSpan Acknowledge = TimeSpan.FromSeconds(8);
    public static readonly TimeSpan Resolve = TimeSpan.FromSeconds(8);
    public static readonly TimeSpan Confirm = TimeSpan.FromSeconds(4);
    public static readonly TimeSpan Mediation = TimeSpan.FromSeconds(4);
    public static readonly TimeSpan Recovery = TimeSpan.FromSeconds(6);

    /// <summary>Small, so that every path reaches ContinueAsNew.</summary>
    public const int WakeUpsPerGeneration = 3;

    private readonly List<IHostedService> _started = [];
    private DurableTaskTestHost? _durable;
    private LocalApi? _local;

    public AzuriteFixture Azurite { get; } = new();

    public ConfiguredParties Parties { get; } = new();

    public IServiceProvider Services { get; private set; } = null!;

    public DurableTaskClient Durable => _durable!.Client;

    /// <summary>The local host, API only (its queue workers and engine worker off), over the same storage.</summary>
    public HttpClient Local { get; private set; } = null!;

    /// <summary>The local host's services (its endpoints, for comparing routes).</summary>
    public IServiceProvider LocalServices => _local!.Services;

    public StorageNames Names => Services.GetRequiredService<StorageNames>();

    public HostLog Log { get; } = new();

    /// <summary>How many times each activity function ran (the orchestration's cost, and at-least-once in action).</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, int> ActivityRuns { get; } = new(StringComparer.Ordinal);

    public async Task InitializeAsync()
    {
        await Azurite.InitializeAsync();
        var settings = Settings();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<IHostEnvironment>(new Microsoft.Extensions.Hosting.Internal.HostingEnvironment
        {
            EnvironmentName = Environments.Production,
            ApplicationName = "Complaints.Functions",
            ContentRootPath = AppContext.BaseDirectory,
        });
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning).AddProvider(new CapturingLoggerProvider(Log)));
        services.AddComplaintsFunctionsApp(configuration);
        services.AddSingleton<HttpFunctionsHost>();
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<Activities>(sp));
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<QueueFunctions>(sp));
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<MaintenanceFunctions>(sp));
        Services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        foreach (var hosted in Services.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None); // The app's start-up: tables, queues, parties.
            _started.Add(hosted);
        }

        // The test host's gRPC sidecar is built with Host.CreateDefaultBuilder, whose console logger would print every
        // orchestration step at Information; it reads the usual environment settings.
        Environment.SetEnvironmentVariable("Logging__LogLevel__Default", "Warning");
        _durable = await DurableTaskTestHost.StartAsync(
            registry =>
            {
                // The app's own functions, as the Durable extension would invoke them.
                registry.AddOrchestratorFunc<ComplaintOrchestrationInput?, ComplaintOrchestrationOutcome>(
                    ComplaintOrchestration.Name, (context, _) => ComplaintOrchestrator.RunAsync(context));
                var activities = Services.GetRequiredService<Activities>();
                registry.AddActivityFunc<LoadEventsInput, RecordedEventEnvelope[]>(LoadComplaintEvents.Name, (_, input) => Count(LoadComplaintEvents.Name, activities.LoadAsync(input!, CancellationToken.None)));
                registry.AddActivityFunc<RunActionInput, RecordedEventEnvelope[]?>(RunWorkflowAction.Name, (_, input) => Count(RunWorkflowAction.Name, activities.RunAsync(input!, CancellationToken.None)));
                registry.AddActivityFunc<NotifyOperatorsInput, WebhookDeliveryRef[]>(NotifyOperators.Name, (_, input) => Count(NotifyOperators.Name, activities.NotifyAsync(input!, CancellationToken.None)));
                registry.AddActivityFunc<WebhookDeliveryRef, bool>(DeliverWebhook.Name, (_, input) => Count(DeliverWebhook.Name, activities.DeliverAsync(input!, CancellationToken.None)));
                registry.AddActivityFunc<WebhookDeliveryRef, bool>(GiveUpWebhookDelivery.Name, (_, input) => Count(GiveUpWebhookDelivery.Name, activities.GiveUpAsync(input!, CancellationToken.None)));
            },
            new DurableTaskTestHostOptions { Port = FreePort(), LoggerFactory = Services.GetRequiredService<ILoggerFactory>() });

        var functions = Services.GetRequiredService<QueueFunctions>();
        foreach (var (queue, function) in new (string, Func<string, CancellationToken, Task>)[]
                 {
                     (Names.IntakeQueue, (m, ct) => functions.ComplaintIntake(m, Durable, ct)),
                     (Names.EventsQueue, (m, ct) => functions.ComplaintEvents(m, Durable, ct)),
                     (Names.PayoutsQueue, functions.Payouts),
                     (Names.DisclosuresQueue, functions.Disclosures),
                 })
        {
            var listener = new QueueWorker(
                queue,
                (body, ct) => function(body, ct),
                Services.GetRequiredService<IQueueGateway>(),
                Services.GetRequiredService<IOptions<QueueWorkerOptions>>(),
                TimeProvider.System,
                Services.GetRequiredService<ILogger<QueueWorker>>());
            await listener.StartAsync(CancellationToken.None);
            _started.Add(listener);
        }

        _local = new LocalApi(settings);
        Local = _local.Start();
    }

    public async Task DisposeAsync()
    {
        foreach (var hosted in Enumerable.Reverse(_started))
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await hosted.StopAsync(stop.Token);
        }

        if (_durable is not null)
        {
            await _durable.DisposeAsync();
        }

        Local?.Dispose();
        _local?.Dispose();
        if (Services is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }

        await Azurite.DisposeAsync();
    }

    /// <summary>Calls an HTTP function as the Functions host's ASP.NET Core integration would, and executes its result.</summary>
    public Task<Answer> CallAsync(
        Func<HttpRequest, Task<IActionResult>> function,
        string method,
        string path,
        string? json = null,
        IReadOnlyDictionary<string, string>? headers = null) =>
        Services.GetRequiredService<HttpFunctionsHost>().CallAsync(function, method, path, json, headers);

    /// <summary>The same request to the local host over real HTTP.</summary>
    public async Task<Answer> CallLocalAsync(string method, string path, string? json = null, IReadOnlyDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path.TrimStart('/'));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase) && request.Content is not null)
            {
                request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(value); // the one Content-Type, as the function's request has it
            }
            else if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, value);
            }
        }

        using var response = await Local.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var contentType = response.Content.Headers.ContentType?.MediaType;
        var all = response.Headers.Concat(response.Content.Headers).ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        return new Answer((int)response.StatusCode, body, contentType, all);
    }

    private Dictionary<string, string?> Settings()
    {
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            [StorageConnection.Name] = Azurite.ConnectionString,
            ["Complaints:Api:TokenSecret"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
            ["Complaints:Deadlines:Acknowledge"] = Span(Acknowledge),
            ["Complaints:Deadlines:Resolve"] = Span(Resolve),
            ["Complaints:Deadlines:Confirm"] = Span(Confirm),
            ["Complaints:Deadlines:Mediation"] = Span(Mediation),
            ["Complaints:Deadlines:Recovery"] = Span(Recovery),
            ["Complaints:Workflow:WakeUpsPerGeneration"] = WakeUpsPerGeneration.ToString(CultureInfo.InvariantCulture),
            // The host's queue listener settings (host.json): batches of 16, five dequeues, then poison.
            ["Complaints:Workers:BatchSize"] = "16",
            ["Complaints:Workers:MaxDequeueCount"] = "5",
            ["Complaints:Workers:VisibilityTimeout"] = "00:00:05",
            ["Complaints:Workers:MinIdleDelay"] = "00:00:00.020",
            ["Complaints:Workers:MaxIdleDelay"] = "00:00:00.200",
            ["Complaints:Workers:SweepAge"] = "00:00:01",
        };
        foreach (var (key, value) in Parties.Settings())
        {
            settings[key] = value;
        }

        return settings;
    }

    private async Task<T> Count<T>(string activity, Task<T> run)
    {
        var result = await run;
        ActivityRuns.AddOrUpdate(activity, 1, (_, n) => n + 1);
        return result;
    }

    private static string Span(TimeSpan span) => span.ToString("c", CultureInfo.InvariantCulture);

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The local host (its Program), API only, on a free loopback port.</summary>
    private sealed class LocalApi(IReadOnlyDictionary<string, string?> settings) : Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<localhost::Program>
    {
        public HttpClient Start()
        {
            UseKestrel(0);
            StartServer();
            var address = Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
                .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First();
            return new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
            {
                BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/"),
                Timeout = TimeSpan.FromSeconds(30),
            };
        }

        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("urls", "http://127.0.0.1:0");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }

            // API only: the Functions app's listeners and engine do the pipeline's work on this storage.
            builder.UseSetting("Complaints:Workers:Enabled", "false");
            builder.UseSetting("Complaints:Durable:WorkerEnabled", "false");
            builder.UseSetting("Complaints:RateLimit:FilingsPerMinute", "100000");
            builder.ConfigureLogging(logging => logging.ClearProviders().SetMinimumLevel(LogLevel.Warning));
        }
    }
}

/// <summary>One xunit collection: the app, its Azurite and its engine are shared by every test class.</summary>
[CollectionDefinition(FunctionsApp.CollectionName)]
public sealed class FunctionsAppCollection : ICollectionFixture<FunctionsApp>;

/// <summary>An HTTP answer: status, body text, media type and headers.</summary>
public sealed record Answer(int Status, string Body, string? ContentType, IReadOnlyDictionary<string, string> Headers)
{
    public System.Text.Json.JsonElement Json => System.Text.Json.JsonDocument.Parse(Body).RootElement;

    public override string ToString() => $"{Status} {ContentType} {Body}";
}

/// <summary>Builds the request the Functions host's ASP.NET Core integration hands a function, and runs the function's result against it.</summary>
public sealed class HttpFunctionsHost(IServiceProvider services)
{
    public async Task<Answer> CallAsync(
        Func<HttpRequest, Task<IActionResult>> function,
        string method,
        string path,
        string? json,
        IReadOnlyDictionary<string, string>? headers)
    {
        await using var scope = services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        var question = path.IndexOf('?', StringComparison.Ordinal);
        context.Request.Method = method;
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("localhost", 7071);
        context.Request.Path = question < 0 ? path : path[..question];
        context.Request.QueryString = question < 0 ? QueryString.Empty : new QueryString(path[question..]);
        context.Connection.RemoteIpAddress = IPAddress.Loopback;
        if (json is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(json);
            context.Request.Body = new MemoryStream(bytes);
            context.Request.ContentLength = bytes.Length;
            context.Request.ContentType = "application/json";
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            context.Request.Headers[name] = value;
        }

        var body = new MemoryStream();
        context.Response.Body = body;
        var result = await function(context.Request);
        await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
        var all = context.Response.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var contentType = context.Response.ContentType?.Split(';')[0].Trim();
        return new Answer(context.Response.StatusCode, Encoding.UTF8.GetString(body.ToArray()), contentType, all);
    }
}
