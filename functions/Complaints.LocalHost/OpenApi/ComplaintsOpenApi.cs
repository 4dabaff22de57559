using Microsoft.AspNetCore.OpenApi;

namespace Complaints.LocalHost.OpenApi;

/// <summary>The OpenAPI document of the API, at <c>/openapi/v1.json</c>.</summary>
public static class ComplaintsOpenApi
{
    public static void Configure(OpenApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Complaints API";
            document.Info.Description = "File, handle, mediate and disclose consumer complaints. Errors are RFC 9457 problem details.";
            return Task.CompletedTask;
        });
    }
}
