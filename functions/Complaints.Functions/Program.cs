using Complaints.Pipeline;
using Complaints.Pipeline.Durable;
using Complaints.Pipeline.Parties;
using Complaints.Pipeline.Workers;
using Complaints.Storage.Gateway;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// The Azure host: the same pipeline wiring as the local host, on the Azure SDK gateway (managed identity in Azure,
// ConnectionStrings:Storage for Azurite). Queue triggers and the Durable orchestrator replace the local queue workers
// and process manager, so AddLocalPipelineWorkers is not called. Queue names are the plain StorageNames (no prefix):
// the triggers name them as constants.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddStorageClients(builder.Configuration);
builder.Services.AddComplaintPipeline(builder.Configuration);
builder.Services.AddDurableWorkflowActivities();
builder.Services.AddSingleton<OutboxSweeper>(); // run by the SweepOutboxes timer trigger, not as a hosted service
builder.Services.AddHostedService<ConfiguredPartiesSeeding>();
builder.Services.AddProblemDetails();
builder.Build().Run();
