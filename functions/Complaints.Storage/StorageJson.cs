using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Complaints.Core;

namespace Complaints.Storage;

/// <summary>
/// How domain records are written into table rows: camelCase, kebab-case enums, ids as strings, money as
/// { amount, currency }. Computed (get-only) properties are left out, so only the recorded facts are stored.
/// </summary>
public static class StorageJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException($"Stored {typeof(T).Name} is null.");

    public static string SerializeEvent(ComplaintEvent @event)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return JsonSerializer.Serialize(@event, @event.GetType(), Options);
    }

    public static ComplaintEvent DeserializeEvent(string type, string json) =>
        EventTypeNames.Types.TryGetValue(type, out var clrType)
            ? (ComplaintEvent)(JsonSerializer.Deserialize(json, clrType, Options) ?? throw new JsonException($"Stored {type} event is null."))
            : throw new JsonException($"Unknown stored event type '{type}'.");

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { OnlySettableProperties, PartyPolymorphism } },
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
        options.Converters.Add(new ComplaintIdConverter());
        options.Converters.Add(new PartyIdConverter());
        options.Converters.Add(new MoneyConverter());
        options.Converters.Add(new CategorySetConverter());
        options.MakeReadOnly();
        return options;
    }

    private static void OnlySettableProperties(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        for (var i = info.Properties.Count - 1; i >= 0; i--)
        {
            if (info.Properties[i].Set is null && !IsConstructorParameter(info, info.Properties[i]))
            {
                info.Properties.RemoveAt(i);
            }
        }
    }

    private static bool IsConstructorParameter(JsonTypeInfo info, JsonPropertyInfo property) =>
        info.ConstructorAttributeProvider is System.Reflection.ConstructorInfo ctor
        && ctor.GetParameters().Any(p => string.Equals(p.Name, property.Name, StringComparison.OrdinalIgnoreCase));

    private static void PartyPolymorphism(JsonTypeInfo info)
    {
        if (info.Type != typeof(Party))
        {
            return;
        }

        info.PolymorphismOptions = new JsonPolymorphismOptions { TypeDiscriminatorPropertyName = "partyKind" };
        info.PolymorphismOptions.DerivedTypes.Add(new JsonDerivedType(typeof(Party.Merchant), "merchant"));
        info.PolymorphismOptions.DerivedTypes.Add(new JsonDerivedType(typeof(Party.Venue), "venue"));
        info.PolymorphismOptions.DerivedTypes.Add(new JsonDerivedType(typeof(Party.Regulator), "regulator"));
    }

    private sealed class ComplaintIdConverter : JsonConverter<ComplaintId>
    {
        public override ComplaintId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            new(reader.GetString() ?? throw new JsonException("complaint id is null"));

        public override void Write(Utf8JsonWriter writer, ComplaintId value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);
    }

    private sealed class PartyIdConverter : JsonConverter<PartyId>
    {
        public override PartyId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            new(reader.GetString() ?? throw new JsonException("party id is null"));

        public override void Write(Utf8JsonWriter writer, PartyId value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);
    }

    private sealed class CategorySetConverter : JsonConverter<IReadOnlySet<Category>>
    {
        public override IReadOnlySet<Category> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            JsonSerializer.Deserialize<HashSet<Category>>(ref reader, options) ?? [];

        public override void Write(Utf8JsonWriter writer, IReadOnlySet<Category> value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, value.Order(), options);
    }

    private sealed class MoneyConverter : JsonConverter<Money>
    {
        public override Money Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            using var doc = JsonDocument.ParseValue(ref reader);
            var root = doc.RootElement;
            return Money.Of(root.GetProperty("amount").GetDecimal(), root.GetProperty("currency").GetString()!);
        }

        public override void Write(Utf8JsonWriter writer, Money value, JsonSerializerOptions options)
        {
            writer.WriteStartObject();
            writer.WriteNumber("amount", value.Amount);
            writer.WriteString("currency", value.Currency);
            writer.WriteEndObject();
        }
    }
}
