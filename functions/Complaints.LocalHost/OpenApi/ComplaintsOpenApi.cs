using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json.Nodes;
using Complaints.Pipeline.Api;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Complaints.LocalHost.OpenApi;

/// <summary>
/// The OpenAPI document of the API, at <c>/openapi/v1.json</c>. The framework writes what the endpoints declare
/// (typed parameters, <c>TypedResults</c>, <c>ProducesProblem</c>, validation attributes); these transformers add what
/// it cannot know: the two security schemes and which operations take which, the challenge a 401 carries, the enum
/// values of kebab-case query filters, the CSV form of the public feed, an example filing, and the exact shapes the
/// API writes (a property the API leaves out when it has no value is not required; a required one is never null).
/// </summary>
public static class ComplaintsOpenApi
{
    public const string ApiKeyScheme = "apiKey";
    public const string TrackingTokenScheme = "trackingToken";

    /// <summary>Microsoft.AspNetCore.OpenApi's mark on a property schema to wrap its reference in oneOf with null.</summary>
    private const string NullablePropertyMarker = "x-is-nullable-property";

    public static void Configure(OpenApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AddDocumentTransformer((document, _, _) =>
        {
            Describe(document);
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            Secure(operation, context);
            DeclareRetryAfter(operation);
            ListEnumValues(operation, context.Description);
            if (operation.OperationId == "PublicDisclosures" && operation.Responses?["200"] is OpenApiResponse feed)
            {
                feed.Content!["text/csv"] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = "RFC 4180 CSV, one row per record, with a header row." } };
                feed.Headers ??= new Dictionary<string, IOpenApiHeader>();
                feed.Headers["Link"] = new OpenApiHeader
                {
                    Description = "On a page that is not the last: <the same request with the next cursor>; rel=\"next\" (RFC 8288), relative to this host. The only pointer to the next page in CSV.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                };
            }

            if (operation.OperationId is "PublicTrends" or "MerchantHistory" && operation.Responses?["200"] is OpenApiResponse trend)
            {
                trend.Content!["text/csv"] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = "RFC 4180 CSV, one row per point of the series (key, label, label_en, then the indicators in snake_case), with a header row; a withheld rate is an empty cell." } };
            }
            DescribeExport(operation);

            if (operation.OperationId == "FileComplaint" && operation.RequestBody?.Content?["application/json"] is OpenApiMediaType filing)
            {
                filing.Example = ExampleFiling();
            }

            DescribeFiles(operation, context);

            return Task.CompletedTask;
        });
        options.AddSchemaTransformer((schema, context, _) =>
        {
            ExactShapes(schema, context);
            return Task.CompletedTask;
        });
    }

    private static void Describe(OpenApiDocument document)
    {
        document.Info.Title = "Complaints API";
        document.Info.Description = "File, handle, mediate and disclose consumer complaints. Errors are RFC 9457 problem details; a validation problem names each field as the request wrote it (consumer.phone, amountClaimed.currency).";
        foreach (var server in document.Servers ?? [])
        {
            server.Url = server.Url?.TrimEnd('/');
        }

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[ApiKeyScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = CallerResolver.ApiKeyHeader,
            Description = "An operator's key (bound to a merchant or venue) or a regulator's key.",
        };
        document.Components.SecuritySchemes[TrackingTokenScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "The consumer's tracking token, returned once when the complaint is filed.",
        };
        document.Tags = new HashSet<OpenApiTag>
        {
            new() { Name = nameof(RouteAudience.Public), Description = "No credentials: filing, and the public disclosure feed. Every GET here answers cross-origin requests (Access-Control-Allow-Origin: *, no credentials) and their preflight." },
            new() { Name = nameof(RouteAudience.ComplaintReader), Description = "Reading one complaint: its consumer, an operator of a party it names, or a regulator." },
            new() { Name = nameof(RouteAudience.Consumer), Description = "The consumer's moves, with the tracking token." },
            new() { Name = nameof(RouteAudience.Operator), Description = "Staff of a merchant or venue, with an API key bound to that party." },
            new() { Name = nameof(RouteAudience.Regulator), Description = "The regulator, with an API key that has the regulator role." },
            new() { Name = "Health", Description = "Liveness and readiness probes." },
        };
    }

    /// <summary>
    /// The attachment routes move files, not JSON: the upload's body is the file itself in one of the accepted media
    /// types (<see cref="RawBody"/>: the framework sees no body parameter), and a download answers the bytes with the
    /// headers that make a browser save rather than render them.
    /// </summary>
    private static void DescribeFiles(OpenApiOperation operation, OpenApiOperationTransformerContext context)
    {
        static OpenApiSchema Binary() => new() { Type = JsonSchemaType.String, Format = "binary" };
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<RawBody>().LastOrDefault() is { } raw)
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Description = "The file itself, at most Complaints:Attachments:MaxFileBytes (5 MiB by default). Its type is read from its first bytes: a PNG, JPEG, WebP, GIF or PDF; application/octet-stream lets the server tell. Send Expect: 100-continue with a large file, so a refusal (413, 401, 404...) comes before the body.",
                Content = raw.MediaTypes.ToDictionary(t => t, _ => new OpenApiMediaType { Schema = Binary() }),
            };
        }

        if (operation.OperationId == "DownloadAttachment" && operation.Responses?["200"] is OpenApiResponse download)
        {
            download.Description = "The file's bytes, in the media type sniffed at upload.";
            foreach (var media in download.Content?.Values ?? [])
            {
                media.Schema = Binary();
            }

            download.Headers ??= new Dictionary<string, IOpenApiHeader>();
            download.Headers["Content-Disposition"] = new OpenApiHeader { Description = "attachment, with the sanitized file name (filename and filename*).", Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
            download.Headers["X-Content-Type-Options"] = new OpenApiHeader { Description = "nosniff.", Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
            download.Headers["Repr-Digest"] = new OpenApiHeader { Description = "sha-256=:<base64>: the SHA-256 recorded at upload (RFC 9530).", Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
        }
    }

    /// <summary>The schemes an operation takes, by its audience; a 401 names them in WWW-Authenticate.</summary>
    private static void Secure(OpenApiOperation operation, OpenApiOperationTransformerContext context)
    {
        var audience = context.Description.ActionDescriptor.EndpointMetadata.OfType<ApiAudience>().LastOrDefault()?.Audience;
        string[] schemes = audience switch
        {
            RouteAudience.Consumer => [TrackingTokenScheme],
            RouteAudience.Operator or RouteAudience.Regulator => [ApiKeyScheme],
            RouteAudience.ComplaintReader => [TrackingTokenScheme, ApiKeyScheme],
            _ => [],
        };

        // One requirement per scheme: any one of them will do. None: the operation is open to anyone.
        operation.Security = schemes.Length == 0
            ? [new OpenApiSecurityRequirement()]
            : [.. schemes.Select(s => new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(s, context.Document)] = [] })];
        if (operation.Responses?.TryGetValue("401", out var unauthorized) == true && unauthorized is OpenApiResponse response)
        {
            response.Headers ??= new Dictionary<string, IOpenApiHeader>();
            response.Headers["WWW-Authenticate"] = new OpenApiHeader
            {
                Description = string.Join(" or ", schemes.Select(s => s == ApiKeyScheme ? CallerResolver.ApiKeyChallenge : "Bearer")) + ": the scheme the operation expects.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            };
        }
    }

    /// <summary>
    /// A 429 (a rate limit) and a 503 (storage not answering, <see cref="StorageFaults"/>) say in <c>Retry-After</c>
    /// when to try again; the readiness probe's 503 is a state, not a request to retry, and carries none.
    /// </summary>
    private static void DeclareRetryAfter(OpenApiOperation operation)
    {
        foreach (var status in operation.OperationId == "HealthReady" ? ["429"] : new[] { "429", "503" })
        {
            if (operation.Responses?.TryGetValue(status, out var answer) == true && answer is OpenApiResponse response)
            {
                response.Headers ??= new Dictionary<string, IOpenApiHeader>();
                response.Headers["Retry-After"] = new OpenApiHeader
                {
                    Description = "Seconds to wait before retrying.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1" },
                };
            }
        }
    }

    /// <summary>The full export answers a download: CSV or JSON lines, with the file name in Content-Disposition.</summary>
    private static void DescribeExport(OpenApiOperation operation)
    {
        if (operation.OperationId != "ExportDisclosures" || operation.Responses?["200"] is not OpenApiResponse export)
        {
            return;
        }

        export.Description = "Every matching record, streamed.";
        export.Content = new Dictionary<string, OpenApiMediaType>
        {
            ["text/csv"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = "format=csv: RFC 4180 CSV with a header row, the paged feed's CSV columns." } },
            [DisclosureExport.JsonLinesMediaType] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = "format=jsonl: one JSON object per line, each as the paged feed's items (PublicDisclosureView)." } },
        };
        export.Headers ??= new Dictionary<string, IOpenApiHeader>();
        export.Headers["Content-Disposition"] = new OpenApiHeader
        {
            Description = "attachment; filename=\"disclosures-<from>-to-<to>.csv\" (or .jsonl).",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        };
    }

    /// <summary>Query filters that name enum values in kebab-case (<see cref="ApiEnumAttribute"/>) list them.</summary>
    private static void ListEnumValues(OpenApiOperation operation, ApiDescription description)
    {
        foreach (var parameter in description.ParameterDescriptions)
        {
            if ((parameter.ParameterDescriptor as Microsoft.AspNetCore.Mvc.Infrastructure.IParameterInfoParameterDescriptor)?.ParameterInfo.GetCustomAttribute<ApiEnumAttribute>() is { } values
                && operation.Parameters?.FirstOrDefault(p => p.Name == parameter.Name)?.Schema is OpenApiSchema schema)
            {
                schema.Enum = [.. values.Values.Select(v => (JsonNode)JsonValue.Create(v))];
            }
        }
    }

    private static void ExactShapes(OpenApiSchema schema, OpenApiSchemaTransformerContext context)
    {
        var type = context.JsonTypeInfo.Type;
        if ((Nullable.GetUnderlyingType(type) ?? type).IsEnum)
        {
            // An enum is one of its kebab-case names. The request properties of enum type are all required (their type
            // is nullable only so that a missing one is told apart from the first value): never null.
            schema.Type = JsonSchemaType.String;
            schema.Enum = [.. (schema.Enum ?? []).Where(v => v is not null)];
        }

        if (context.JsonPropertyInfo?.AttributeProvider?.IsDefined(typeof(RequiredAttribute), inherit: true) == true)
        {
            // A required property is never null, though its type may be nullable (so that a missing value is told
            // apart from the first enum value): the framework marks such a property to be wrapped in oneOf-with-null
            // once its component is referenced; it is not to be.
            schema.Metadata?.Remove(NullablePropertyMarker);
        }

        if ((Nullable.GetUnderlyingType(type) ?? type) == typeof(decimal))
        {
            schema.Format = "decimal"; // amounts of money: generators map it to a decimal type, not a double
        }

        if (schema.Properties is null || context.JsonTypeInfo.Kind != System.Text.Json.Serialization.Metadata.JsonTypeInfoKind.Object)
        {
            return;
        }

        foreach (var property in context.JsonTypeInfo.Properties)
        {
            if (!schema.Properties.TryGetValue(property.Name, out var propertySchema))
            {
                continue;
            }

            if (property.AttributeProvider?.IsDefined(typeof(RequiredAttribute), inherit: true) == true)
            {
                // Required: never null (the validator refuses null).
                schema.Required ??= new HashSet<string>();
                schema.Required.Add(property.Name);
                if (propertySchema is OpenApiSchema { Type: { } t } inline)
                {
                    inline.Type = t & ~JsonSchemaType.Null;
                }
            }
            else if (property.IsGetNullable || Nullable.GetUnderlyingType(property.PropertyType) is not null)
            {
                // The API leaves out what has no value (JsonIgnoreCondition.WhenWritingNull): it may be absent.
                schema.Required?.Remove(property.Name);
            }
        }
    }

    private static JsonNode ExampleFiling() => new JsonObject
    {
        ["consumer"] = new JsonObject { ["name"] = "Wang Fang", ["phone"] = "138 1234 5678", ["email"] = "wang.fang@example.com" },
        ["merchantId"] = "m-teahouse",
        ["venueId"] = "v-skymall",
        ["category"] = "goods-quality",
        ["description"] = "The tea was mouldy and the shop will not answer.",
        ["amountClaimed"] = new JsonObject { ["amount"] = 300, ["currency"] = "CNY" },
        ["orderReference"] = "SKY-2026-000123",
        ["occurredOn"] = "2026-02-14",
        ["consentToPublishNarrative"] = true,
    };
}
