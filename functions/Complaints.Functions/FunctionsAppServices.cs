using Complaints.Pipeline;
using Complaints.Pipeline.Api;
using Complaints.Pipeline.Parties;
using Complaints.Pipeline.Web;
using Complaints.Pipeline.Workers;
using Complaints.Storage.Gateway;
using Complaints.Workflow;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Complaints.Functions;

/// <summary>Everything the Functions app registers, in one place: Program.cs calls it, and so do the tests that call the functions as the host would.</summary>
public static class FunctionsAppServices
{
    /// <summary>
    /// The same pipeline, orchestration and activities as the local host, on the one storage connection
    /// (<see cref="StorageConnection.Name"/>: managed identity in Azure, a connection string for Azurite). The triggers
    /// replace the local host's queue workers and its Durable Task Framework worker; the storage start-up creates the
    /// tables and queues and seeds the parties registry before any trigger runs.
    /// </summary>
    public static IServiceCollection AddComplaintsFunctionsApp(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddStorageClients(configuration);
        services.AddComplaintPipeline(configuration);
        services.AddComplaintWorkflow(configuration);
        services.AddSingleton<OutboxSweeper>(); // run by the SweepOutboxes timer trigger, not as a hosted service
        services.AddHostedService<StorageStartup>();
        services.AddSingleton(sp => new ApiEndpointCatalog(sp)); // the API's endpoints, which the HTTP triggers invoke
        services.AddSingleton(_ => WebPageFiles.Load(configuration)); // the web pages, which WebFunctions.WebPage serves
        return services;
    }
}
