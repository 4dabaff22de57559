using Complaints.Core;
using Complaints.Core.Credit;
using Complaints.Pipeline.Api;
using Complaints.Pipeline.Parties;
using Complaints.Pipeline.Stages;
using Complaints.Pipeline.Webhooks;
using Complaints.Pipeline.Workers;
using Complaints.Pipeline.Workflow;
using Complaints.Storage;
using Complaints.Storage.Gateway;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Complaints.Pipeline;

public static class PipelineServiceCollectionExtensions
{
    /// <summary>
    /// Everything both hosts share: typed options, the clock, the decider, the stores, the stage handlers and the
    /// HTTP API handlers. The host registers the storage gateway (<see cref="ITableGateway"/>, <see cref="IQueueGateway"/>).
    /// </summary>
    public static IServiceCollection AddComplaintPipeline(this IServiceCollection services, IConfiguration configuration, StorageNames? names = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<DeadlineOptions>().Bind(configuration.GetSection(DeadlineOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<CreditOptions>().Bind(configuration.GetSection(CreditOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<QueueWorkerOptions>().Bind(configuration.GetSection(QueueWorkerOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ApiOptions>().Bind(configuration.GetSection(ApiOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AttachmentOptions>().Bind(configuration.GetSection(AttachmentOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<IndicatorOptions>().Bind(configuration.GetSection(IndicatorOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<InspectionFrequencyOptions>().Bind(configuration.GetSection(InspectionFrequencyOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<PartySeedOptions>().Bind(configuration.GetSection(PartySeedOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new ComplaintDecider(sp.GetRequiredService<IOptions<DeadlineOptions>>().Value));
        services.AddComplaintStores(names);
        services.AddSingleton<Projector>();
        services.AddSingleton<ComplaintProjection>();
        services.AddSingleton<WorkflowActionRunner>();
        services.AddSingleton<ComplaintEventsStage>();
        services.AddSingleton<PayoutHandler>();
        services.AddSingleton<DisclosureDraftHandler>();
        services.AddSingleton<IntakeStage>();
        services.AddSingleton<TrackingTokens>();
        services.AddSingleton<CallerResolver>();
        services.AddSingleton<Cursors>();
        services.AddSingleton<ComplaintApi>();
        services.AddSingleton<ListingApi>();
        services.AddSingleton<MessageThreadApi>();
        services.AddSingleton<AttachmentApi>();
        services.AddSingleton<AttachmentSweeper>();
        services.AddSingleton<PublicFeed>();
        services.AddSingleton<IndicatorsApi>();
        services.AddSingleton<DisclosureExport>();
        services.AddSingleton<InspectionList>();
        services.AddSingleton<DisclosureDecisions>();
        services.AddComplaintWebhooks(configuration);
        services.AddComplaintsApiBinding();
        return services;
    }

    /// <summary>
    /// Operators' webhooks: the options, the endpoint policy (loopback only in Development), the planner, the sender and
    /// its named <see cref="HttpClient"/>: no redirects followed, no proxy, every connection through
    /// <see cref="WebhookEndpointPolicy.ConnectAsync"/>, no logging of URLs by the client factory.
    /// </summary>
    private static IServiceCollection AddComplaintWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebhookOptions>().Bind(configuration.GetSection(WebhookOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(sp => new WebhookEndpointPolicy(allowLoopback: sp.GetService<IHostEnvironment>()?.IsDevelopment() ?? false));
        services.AddSingleton<WebhookNotifier>();
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<WebhookApi>();
        services.AddHttpClient(WebhookSender.ClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseProxy = false,
                UseCookies = false,
                ConnectCallback = sp.GetRequiredService<WebhookEndpointPolicy>().ConnectAsync,
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            })
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan) // WebhookOptions.RequestTimeout limits each attempt
            .RemoveAllLoggers();
        return services;
    }

    /// <summary>
    /// How both hosts bind and validate API requests: the API's JSON (<see cref="ApiJson"/>), binding failures thrown
    /// (so <see cref="RequestGuard"/> names the field), and Microsoft.Extensions.Validation with the validators its
    /// source generator writes for the request types.
    /// </summary>
    private static IServiceCollection AddComplaintsApiBinding(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(json => ApiJson.Configure(json.SerializerOptions));
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(routes => routes.ThrowOnBadRequest = true);
        services.AddValidation();
        services.AddPublicReadCors();
        services.AddProblemDetails(problems => problems.CustomizeProblemDetails = ApiProblemDetails.Customize);
        services.AddSingleton<Microsoft.AspNetCore.Http.IProblemDetailsWriter, ProblemJsonWriter>(); // after the framework's: it writes what that one declines
        return services;
    }

    /// <summary>
    /// The local host's queue triggers: one hosted worker per queue, plus the outbox and attachment sweepers. The host registers the
    /// <see cref="IComplaintWorkflows"/> they start and notify orchestrations through.
    /// </summary>
    public static IServiceCollection AddLocalPipelineWorkers(this IServiceCollection services)
    {
        services.AddHostedService<OutboxSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<AttachmentSweeper>());
        services.TryAddSingleton<StageDispatcher>();
        foreach (var pick in new Func<StorageNames, string>[] { n => n.IntakeQueue, n => n.EventsQueue, n => n.PayoutsQueue, n => n.DisclosuresQueue })
        {
            services.AddSingleton<IHostedService>(sp =>
            {
                var queue = pick(sp.GetRequiredService<StorageNames>());
                var dispatcher = sp.GetRequiredService<StageDispatcher>();
                return new QueueWorker(
                    queue,
                    (body, ct) => dispatcher.HandleAsync(queue, body, ct),
                    sp.GetRequiredService<IQueueGateway>(),
                    sp.GetRequiredService<IOptions<QueueWorkerOptions>>(),
                    sp.GetRequiredService<TimeProvider>(),
                    sp.GetRequiredService<ILogger<QueueWorker>>());
            });
        }

        return services;
    }
}

/// <summary>Routes a message from one of the pipeline's queues to its stage (the local host's queue triggers).</summary>
public sealed class StageDispatcher(
    StorageNames names,
    IntakeStage intake,
    ComplaintEventsStage events,
    PayoutHandler payouts,
    DisclosureDraftHandler disclosures,
    IComplaintWorkflows workflows)
{
    public Task HandleAsync(string queue, string body, CancellationToken cancellationToken)
    {
        var message = QueueMessages.Read(body);
        if (queue == names.IntakeQueue)
        {
            return intake.HandleAsync(message, workflows, cancellationToken);
        }

        if (message.IsIntakeDoorbell)
        {
            throw new FormatException("An intake doorbell belongs on the intake queue.");
        }

        if (queue == names.EventsQueue)
        {
            return events.HandleAsync(message, workflows, cancellationToken);
        }

        if (queue == names.PayoutsQueue)
        {
            return payouts.HandleAsync(message, cancellationToken);
        }

        if (queue == names.DisclosuresQueue)
        {
            return disclosures.HandleAsync(message, cancellationToken);
        }

        throw new ArgumentOutOfRangeException(nameof(queue), queue, "not a pipeline queue");
    }
}
