using NJsonSchema.CodeGeneration.CSharp;
using NSwag;
using NSwag.CodeGeneration.CSharp;
using NSwag.CodeGeneration.OperationNameGenerators;

namespace Complaints.Api.Tests.Infrastructure;

/// <summary>
/// How the API's C# client is generated from its served OpenAPI document: NSwag, one client class whose methods are
/// named by operation id, Newtonsoft.Json (it writes the kebab-case enum names the document lists, and throws when a
/// required property is missing), the caller's HttpClient (and its base address). The generated file is committed
/// (<see cref="CommittedPath"/>); <c>OpenApiDocumentTests</c> regenerates it and fails when it is stale.
/// </summary>
public static class ClientGeneration
{
    public const string Namespace = "Complaints.Api.Tests.Generated";

    public static string CommittedPath => Path.Combine(Complaints.Testing.AzuriteFixture.RepositoryRoot(), "tests", "Complaints.Api.Tests", "Generated", "ComplaintsClient.g.cs");

    public static async Task<string> GenerateAsync(string openApiJson)
    {
        var document = await OpenApiDocument.FromJsonAsync(openApiJson);
        var settings = new CSharpClientGeneratorSettings
        {
            ClassName = "ComplaintsClient",
            UseBaseUrl = false,
            GenerateClientInterfaces = false,
            OperationNameGenerator = new SingleClientFromOperationIdOperationNameGenerator(),
            CSharpGeneratorSettings =
            {
                Namespace = Namespace,
                JsonLibrary = CSharpJsonLibrary.NewtonsoftJson,
                GenerateNullableReferenceTypes = false,
            },
        };
        return Normalize(new CSharpClientGenerator(document, settings).GenerateFile());
    }

    public static string Normalize(string code) => code.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd() + "\n";
}
