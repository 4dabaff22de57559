namespace Complaints.Storage;

/// <summary>
/// Every table, queue and blob container name the pipeline uses (the Durable task hub keeps its own, named after the hub).
/// Production uses the plain names; tests give each run a prefix so that runs sharing one Azurite never see each
/// other's data.
/// </summary>
public sealed class StorageNames
{
    public StorageNames(string? prefix = null)
    {
        var p = (prefix ?? string.Empty).ToLowerInvariant();
        if (p.Any(c => !char.IsAsciiLetterOrDigit(c)) || (p.Length > 0 && !char.IsAsciiLetter(p[0])) || p.Length > 20)
        {
            throw new ArgumentException("The prefix must be at most 20 letters and digits, starting with a letter.", nameof(prefix));
        }

        Prefix = p;
        string Queue(string name) => p.Length == 0 ? name : $"{p}-{name}";
        string Table(string name) => p + name;

        IntakeQueue = Queue("complaint-intake");
        EventsQueue = Queue("complaint-events");
        PayoutsQueue = Queue("payouts");
        DisclosuresQueue = Queue("disclosures");
        ComplaintsTable = Table("complaints");
        OutboxIndexTable = Table("outboxindex");
        ProjectionsTable = Table("projections");
        ContactsTable = Table("contacts");
        PartiesTable = Table("parties");
        PayoutsTable = Table("payouts");
        DisclosuresTable = Table("disclosures");
        IdempotencyTable = Table("idempotency");
        InboxTable = Table("inbox");
        RegulatorQueueTable = Table("regulatorqueue");
        DisclosureIndexTable = Table("disclosureindex");
        TrackRecordsTable = Table("trackrecords");
        OperatorListsTable = Table("operatorlists");
        IntakeTable = Table("intake");
        WebhooksTable = Table("webhooks");
        IndicatorCountersTable = Table("indicatorcounters");
        IndicatorsTable = Table("indicators");
        AttachmentsContainer = Queue("attachments");
    }

    public string Prefix { get; }

    public string IntakeQueue { get; }

    public string EventsQueue { get; }

    public string PayoutsQueue { get; }

    public string DisclosuresQueue { get; }

    public IReadOnlyList<string> Queues => [IntakeQueue, EventsQueue, PayoutsQueue, DisclosuresQueue];

    public string ComplaintsTable { get; }

    public string OutboxIndexTable { get; }

    /// <summary>The read-model rows each complaint's projection last wrote (see ProjectionStore).</summary>
    public string ProjectionsTable { get; }

    public string ContactsTable { get; }

    public string PartiesTable { get; }

    public string PayoutsTable { get; }


    public string DisclosuresTable { get; }

    public string IdempotencyTable { get; }

    public string InboxTable { get; }

    public string RegulatorQueueTable { get; }

    public string DisclosureIndexTable { get; }

    public string TrackRecordsTable { get; }

    /// <summary>The operators' lists beside the inbox: recovery claims by party, payouts by venue (partition prefixes keep them apart).</summary>
    public string OperatorListsTable { get; }

    /// <summary>Filings accepted by the API and not yet turned into complaints (see IntakeStore).</summary>
    public string IntakeTable { get; }

    /// <summary>Operators' webhook registrations and their deliveries, partition = party (see WebhookStore).</summary>
    public string WebhooksTable { get; }
    /// <summary>
    /// The per-slice counters as the projection keeps them: partition = filing month, a row per finest cell and a row
    /// per complaint holding its counted contribution, changed together in one transaction (docs/adr/0012).
    /// </summary>
    public string IndicatorCountersTable { get; }

    /// <summary>The cells of <see cref="IndicatorCountersTable"/> alone, copied by version: what the trends read.</summary>
    public string IndicatorsTable { get; }

    /// <summary>The private blob container of the complaints' attachments (one blob per file, under a random name).</summary>
    public string AttachmentsContainer { get; }

    /// <summary>Every blob container the pipeline uses (the Durable task hub keeps its own).</summary>
    public IReadOnlyList<string> Containers => [AttachmentsContainer];

    public IReadOnlyList<string> Tables =>
    [
        ComplaintsTable, OutboxIndexTable, ProjectionsTable, ContactsTable, PartiesTable, PayoutsTable,
        DisclosuresTable, IdempotencyTable, InboxTable, RegulatorQueueTable, DisclosureIndexTable, TrackRecordsTable,
        IntakeTable, OperatorListsTable, WebhooksTable, IndicatorCountersTable, IndicatorsTable,
    ];

    /// <summary>Where messages that failed five times go, with the reason.</summary>
    public static string PoisonQueueOf(string queue) => $"{queue}-poison";
}
