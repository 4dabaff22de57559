using System.Globalization;
using Complaints.Core;
using Complaints.Core.Disclosure;

namespace Complaints.Pipeline.Stages;

/// <summary>
/// The partitions of the disclosure read model, in one place: <see cref="Projector"/> writes them and the API's
/// lists and public feed read them. Drafts, published and withheld records are listed by status (for the
/// regulator); a published record is also listed by month, by merchant, and by category and outcome per month (for
/// the public feed, which pages newest month first and filters without a scan).
/// </summary>
public static class DisclosurePartitions
{
    private const string MonthFormat = "yyyy-MM";

    /// <summary>The regulator's list of records in one review status.</summary>
    public static string Status(DisclosureStatus status) => "status-" + ApiNames.Disclosure(status);

    public static string Month(DateOnly month) => "month-" + month.ToString(MonthFormat, CultureInfo.InvariantCulture);

    public static string Merchant(string merchantId) => "merchant-" + merchantId;

    public static string Category(Category category, DateOnly month) =>
        $"category-{ApiNames.Of(category)}-{month.ToString(MonthFormat, CultureInfo.InvariantCulture)}";

    public static string Outcome(ComplaintOutcome outcome, DateOnly month) =>
        $"outcome-{ApiNames.Of(outcome)}-{month.ToString(MonthFormat, CultureInfo.InvariantCulture)}";

    /// <summary>Every public partition a published record is listed in.</summary>
    public static IReadOnlyList<string> Public(DisclosureRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var month = MonthOf(record);
        return [Month(month), Merchant(record.MerchantId.Value), Category(record.Category, month), Outcome(record.Outcome, month)];
    }

    /// <summary>The first day of the month a record was received in.</summary>
    public static DateOnly MonthOf(DisclosureRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return DateOnly.ParseExact(record.MonthReceived, MonthFormat, CultureInfo.InvariantCulture);
    }
}
