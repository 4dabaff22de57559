using System.Security.Cryptography;
using System.Threading.RateLimiting;
using Complaints.Pipeline;
using Complaints.Pipeline.Api;
using Complaints.Pipeline.Parties;
using Complaints.Pipeline.Workers;
using Complaints.Storage;
using Complaints.Storage.Gateway;
using Complaints.LocalHost.Durable;
using Complaints.LocalHost.OpenApi;
using Microsoft.AspNetCore.Diagnostics;

namespace Complaints.LocalHost;

/// <summary>All wiring of the local host, so that Program.cs stays a few lines.</summary>
public static class LocalHostExtensions
{
    public const string DefaultUrl = "http://localhost:7071";

    /// <summary>Benchmarks only: count storage calls and serve them at <see cref="StorageOperationsRoute"/>. Off by default.</summary>
    public const string CountOperationsKey = "Complaints:Storage:CountOperations";

    public const string StorageOperationsRoute = "/debug/storage-operations";

    public static WebApplicationBuilder AddComplaintsLocalHost(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        if (string.IsNullOrEmpty(configuration["urls"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        if (builder.Environment.IsDevelopment() && string.IsNullOrEmpty(configuration[$"{ApiOptions.Section}:TokenSecret"]))
        {
            // A throwaway secret for a development run; ./run.sh keeps one in .azurite/ so restarts agree.
            configuration[$"{ApiOptions.Section}:TokenSecret"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        }

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = 1024 * 1024);

        // A console that cannot keep up (a full pipe, a stalled disk) must not stall requests: by default the console
        // logger blocks the logging thread once its queue is full; here it drops the line instead.
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(
            console => console.QueueFullMode = Microsoft.Extensions.Logging.Console.ConsoleLoggerQueueFullMode.DropWrite);

        var names = new StorageNames(configuration["Complaints:Storage:Prefix"]);
        builder.Services.AddStorageClients(configuration);
        if (configuration.GetValue(CountOperationsKey, false))
        {
            builder.Services.AddStorageOperationCounting();
        }

        builder.Services.AddComplaintPipeline(configuration, names);
        builder.Services.AddHostedService<StorageStartup>(); // first: the engine and the workers need the tables and queues
        builder.Services.AddLocalDurableEngine(configuration);
        if (configuration.GetValue($"{QueueWorkerOptions.Section}:Enabled", true))
        {
            builder.Services.AddLocalPipelineWorkers();
        }

        if (builder.Environment.IsDevelopment() && configuration.GetValue(DemoWebhooks.EnabledKey, true))
        {
            builder.Services.AddDemoWebhooks();
        }

        builder.Services.AddOptions<DemoSeedOptions>().BindConfiguration(DemoSeedOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        if (builder.Environment.IsDevelopment() && configuration.GetValue($"{DemoSeedOptions.Section}:{nameof(DemoSeedOptions.SeedComplaints)}", 0) > 0)
        {
            builder.Services.AddHostedService<DemoSeed>(); // after the engine and the workers: it drives the pipeline they run
        }

        builder.Services.AddExceptionHandler<StorageUnavailableHandler>();
        builder.Services.AddOpenApi(ComplaintsOpenApi.Configure);

        var perMinute = configuration.GetValue("Complaints:RateLimit:FilingsPerMinute", 60);
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = async (context, token) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many complaints filed from this address.",
                    detail: $"At most {perMinute} filings per minute per client address.").ExecuteAsync(context.HttpContext);
            };
            limiter.AddPolicy(ApiRoutes.FilingRateLimitPolicy, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
        return builder;
    }

    public static WebApplication UseComplaintsLocalHost(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler(new ExceptionHandlerOptions { StatusCodeSelector = StatusFor });
        app.UseStatusCodePages();
        app.UseRateLimiter();
        app.UseWebPages();
        app.MapOpenApi("/openapi/{documentName}.json");
        if (app.Environment.IsDevelopment())
        {
            app.UseSwaggerUI(ui =>
            {
                ui.SwaggerEndpoint("/openapi/v1.json", "Complaints API v1");
                ui.RoutePrefix = "docs";
            });
            app.MapDemoWebhookReceiver();
        }

        if (app.Services.GetService<StorageOperationCounts>() is { } counts)
        {
            app.MapGet(StorageOperationsRoute, () => Results.Ok(counts.Snapshot())).ExcludeFromDescription();
        }

        app.MapComplaintsApi();
        return app;
    }

    /// <summary>A bad request stays a 4xx; anything <see cref="StorageUnavailableHandler"/> did not take is a real fault.</summary>
    private static int StatusFor(Exception exception) => exception switch
    {
        BadHttpRequestException bad => bad.StatusCode,
        OperationCanceledException => StatusCodes.Status499ClientClosedRequest,
        _ => StatusCodes.Status500InternalServerError,
    };
}

/// <summary>Storage that cannot answer now is a 503 with Retry-After (<see cref="StorageFaults"/>, as in the Functions app).</summary>
internal sealed class StorageUnavailableHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!StorageFaults.IsUnavailable(exception))
        {
            return false;
        }

        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        await StorageFaults.WriteUnavailableAsync(httpContext);
        return true;
    }
}
