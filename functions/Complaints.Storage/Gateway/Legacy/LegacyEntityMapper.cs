using Microsoft.Azure.Cosmos.Table;

namespace Complaints.Storage.Gateway.Legacy;

/// <summary>Maps <see cref="TableRow"/> to and from the legacy SDK's <see cref="DynamicTableEntity"/>.</summary>
internal static class LegacyEntityMapper
{
    /// <summary>Table Storage holds 64 KiB per property: 32,000 UTF-16 characters, with a little room to spare.</summary>
    public const int MaxStringLength = 32_000;

    /// <summary>Names the service keeps for itself; a row may not carry them as properties.</summary>
    private static readonly HashSet<string> ReservedNames = new(StringComparer.Ordinal) { "PartitionKey", "RowKey", "Timestamp", "odata.etag" };

    public static DynamicTableEntity ToEntity(TableRow row, string? etag = null)
    {
        var entity = new DynamicTableEntity(row.PartitionKey, row.RowKey) { ETag = etag };
        foreach (var (name, value) in row.Properties)
        {
            if (ReservedNames.Contains(name))
            {
                throw new ArgumentException($"Property name '{name}' is reserved by Table Storage.", nameof(row));
            }

            // Table Storage keeps no nulls: a null value means "no such property".
            if (value is not null)
            {
                entity.Properties[name] = ToProperty(name, value);
            }
        }

        return entity;
    }

    public static TableRow ToRow(DynamicTableEntity entity)
    {
        var properties = new Dictionary<string, object?>(entity.Properties.Count, StringComparer.Ordinal);
        foreach (var (name, property) in entity.Properties)
        {
            properties[name] = FromProperty(property);
        }

        return new TableRow(entity.PartitionKey, entity.RowKey, properties, entity.ETag);
    }

    private static EntityProperty ToProperty(string name, object value) => value switch
    {
        string s when s.Length > MaxStringLength => throw new ArgumentException(
            $"Property '{name}' holds {s.Length} characters; a table property holds at most {MaxStringLength}.", nameof(value)),
        string s => EntityProperty.GeneratePropertyForString(s),
        int i => EntityProperty.GeneratePropertyForInt(i),
        long l => EntityProperty.GeneratePropertyForLong(l),
        bool b => EntityProperty.GeneratePropertyForBool(b),
        double d => EntityProperty.GeneratePropertyForDouble(d),
        DateTimeOffset t => EntityProperty.GeneratePropertyForDateTimeOffset(t),
        Guid g => EntityProperty.GeneratePropertyForGuid(g),
        _ => throw new ArgumentException(
            $"Property '{name}' has unsupported type {value.GetType().Name}; use string, int, long, bool, double, DateTimeOffset or Guid.",
            nameof(value)),
    };

    private static object? FromProperty(EntityProperty property) => property.PropertyType switch
    {
        EdmType.String => property.StringValue,
        EdmType.Int32 => property.Int32Value,
        EdmType.Int64 => property.Int64Value,
        EdmType.Boolean => property.BooleanValue,
        EdmType.Double => property.DoubleValue,
        EdmType.DateTime => property.DateTimeOffsetValue,
        EdmType.Guid => property.GuidValue,
        _ => property.PropertyAsObject,
    };
}
