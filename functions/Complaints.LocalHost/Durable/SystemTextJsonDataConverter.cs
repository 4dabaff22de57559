namespace Complaints.LocalHost.Durable;

/// <summary>
/// The Durable Task Framework client's data converter, forwarding to Microsoft.DurableTask's System.Text.Json
/// converter: the shims that run the orchestration read inputs and events with that one, while the framework's
/// default converter is Newtonsoft.Json with type names (an input started with it would not read back the same).
/// </summary>
internal sealed class SystemTextJsonDataConverter : DurableTask.Core.Serializing.DataConverter
{
    private readonly Microsoft.DurableTask.DataConverter _inner = Microsoft.DurableTask.Converters.JsonDataConverter.Default;

    public override string Serialize(object value) => _inner.Serialize(value) ?? "null";

    public override string Serialize(object value, bool formatted) => Serialize(value);

    public override object Deserialize(string data, Type objectType) => _inner.Deserialize(data, objectType)!;
}
