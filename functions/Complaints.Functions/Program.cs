using Complaints.Pipeline;
using Complaints.Pipeline.Parties;
using Complaints.Pipeline.Workers;
using Complaints.Storage.Gateway;
using Complaints.Workflow;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// The Azure host: the same pipeline, orchestration and activities as the local host, on the one storage connection
// (AzureWebJobsStorage: managed identity in Azure, a connection string for Azurite). Functions triggers replace the
// local host's queue workers and its Durable Task Framework worker.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddStorageClients(builder.Configuration);
builder.Services.AddComplaintPipeline(builder.Configuration);
builder.Services.AddComplaintWorkflow(builder.Configuration);
builder.Services.AddSingleton<OutboxSweeper>(); // run by the SweepOutboxes timer trigger, not as a hosted service
builder.Services.AddHostedService<StorageStartup>(); // tables, queues and the parties registry, before any trigger runs
builder.Services.AddProblemDetails();
builder.Build().Run();
