using Azure.Data.Tables;
using Complaints.Storage.Gateway;
using Complaints.Testing;

namespace Complaints.Storage.Tests.Gateway;

/// <summary>The behaviour the stores rely on from <see cref="ITableGateway"/>, against a real Azurite.</summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class TableGatewayTests(AzuriteFixture azurite) : GatewayTestBase
{
    private ITableGateway? gateway;

    private ITableGateway Gateway => gateway ??= new AzureTableGateway(new TableServiceClient(azurite.ConnectionString));

    /// <summary>A fresh, existing table for this test.</summary>
    private async Task<string> NewTableAsync()
    {
        var table = AzuriteFixture.UniqueName("contract");
        await Gateway.EnsureTableAsync(table, Timeout);
        return table;
    }

    private static TableRow Row(string pk, string rk, params (string Name, object? Value)[] properties) =>
        new(pk, rk, properties.ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal));

    [Fact]
    public async Task Ensure_table_is_idempotent()
    {
        var table = await NewTableAsync();

        await Gateway.EnsureTableAsync(table, Timeout);

        Assert.Null(await Gateway.GetAsync(table, "p", "r", Timeout));
    }

    [Fact]
    public async Task Point_read_returns_the_row_with_its_etag_or_null_when_missing()
    {
        var table = await NewTableAsync();
        Assert.True(await Gateway.InsertIfAbsentAsync(table, Row("p1", "r1", ("Name", "first")), Timeout));

        var hit = await Gateway.GetAsync(table, "p1", "r1", Timeout);
        var missInPartition = await Gateway.GetAsync(table, "p1", "r2", Timeout);
        var missingPartition = await Gateway.GetAsync(table, "p2", "r1", Timeout);

        Assert.NotNull(hit);
        Assert.Equal(("p1", "r1", "first"), (hit.PartitionKey, hit.RowKey, hit.GetString("Name")));
        Assert.False(string.IsNullOrEmpty(hit.ETag), "a row read from storage carries its ETag");
        Assert.Null(missInPartition);
        Assert.Null(missingPartition);
    }

    [Fact]
    public async Task Partition_query_pages_through_rows_in_row_key_order()
    {
        var table = await NewTableAsync();
        await SeedAsync(table, "p", 25);
        await SeedAsync(table, "other", 3);

        var pages = await ReadAllPagesAsync(table, "p", range: null, pageSize: 10);

        Assert.Equal([10, 10, 5], pages.Select(p => p.Count));
        Assert.Equal(Enumerable.Range(0, 25).Select(Key), pages.SelectMany(p => p).Select(r => r.RowKey));
        Assert.All(pages.SelectMany(p => p), r => Assert.Equal("p", r.PartitionKey));
    }

    [Fact]
    public async Task Partition_query_honours_a_row_key_range_from_inclusive_to_exclusive()
    {
        var table = await NewTableAsync();
        await SeedAsync(table, "p", 25);

        var between = await ReadAllPagesAsync(table, "p", new RowKeyRange(Key(5), Key(15)), pageSize: 4);
        var from = await ReadAllPagesAsync(table, "p", new RowKeyRange(Key(20), null), pageSize: 100);
        var to = await ReadAllPagesAsync(table, "p", new RowKeyRange(null, Key(3)), pageSize: 100);
        var prefix = await ReadAllPagesAsync(table, "p", RowKeyRange.Prefix("r1"), pageSize: 100);

        Assert.Equal(Enumerable.Range(5, 10).Select(Key), between.SelectMany(p => p).Select(r => r.RowKey));
        Assert.Equal(Enumerable.Range(20, 5).Select(Key), from.SelectMany(p => p).Select(r => r.RowKey));
        Assert.Equal(Enumerable.Range(0, 3).Select(Key), to.SelectMany(p => p).Select(r => r.RowKey));
        Assert.Equal(Enumerable.Range(10, 10).Select(Key), prefix.SelectMany(p => p).Select(r => r.RowKey));
    }

    [Fact]
    public async Task Partition_query_of_an_empty_partition_is_one_empty_page()
    {
        var table = await NewTableAsync();

        var page = await Gateway.QueryPartitionAsync(table, "nothing", null, 10, null, Timeout);

        Assert.Empty(page.Rows);
        Assert.Null(page.ContinuationToken);
    }

    [Fact]
    public async Task Insert_if_absent_inserts_once_and_then_leaves_the_row_alone()
    {
        var table = await NewTableAsync();

        var first = await Gateway.InsertIfAbsentAsync(table, Row("p", "r", ("V", 1)), Timeout);
        var second = await Gateway.InsertIfAbsentAsync(table, Row("p", "r", ("V", 2)), Timeout);

        Assert.True(first);
        Assert.False(second);
        Assert.Equal(1, (await Gateway.GetAsync(table, "p", "r", Timeout))!.Get<int>("V"));
    }

    [Fact]
    public async Task Transaction_inserts_replaces_and_deletes_together_and_returns_the_new_etags()
    {
        var table = await NewTableAsync();
        await Gateway.SubmitTransactionAsync(
            table,
            [new TableOperation.Upsert(Row("p", "keep", ("V", "old"))), new TableOperation.Upsert(Row("p", "gone", ("V", "x")))],
            Timeout);
        var keep = await Gateway.GetAsync(table, "p", "keep", Timeout);
        var gone = await Gateway.GetAsync(table, "p", "gone", Timeout);

        var etags = await Gateway.SubmitTransactionAsync(
            table,
            [
                new TableOperation.Insert(Row("p", "new", ("V", "inserted"))),
                new TableOperation.Replace(Row("p", "keep", ("V", "replaced")), keep!.ETag!),
                new TableOperation.Delete("p", "gone", gone!.ETag!),
            ],
            Timeout);

        var inserted = await Gateway.GetAsync(table, "p", "new", Timeout);
        var replaced = await Gateway.GetAsync(table, "p", "keep", Timeout);
        Assert.Equal(3, etags.Count);
        Assert.Equal(("inserted", inserted!.ETag), (inserted.GetString("V"), etags[0]));
        Assert.Equal(("replaced", replaced!.ETag), (replaced.GetString("V"), etags[1]));
        Assert.NotEqual(keep.ETag, replaced.ETag);
        Assert.Null(etags[2]);
        Assert.Null(await Gateway.GetAsync(table, "p", "gone", Timeout));
    }

    [Fact]
    public async Task Stale_etag_fails_the_whole_transaction_with_412_and_writes_nothing()
    {
        var table = await NewTableAsync();
        await Gateway.InsertIfAbsentAsync(table, Row("p", "state", ("Version", 1)), Timeout);
        var stale = (await Gateway.GetAsync(table, "p", "state", Timeout))!.ETag!;
        await Gateway.SubmitTransactionAsync(
            table, [new TableOperation.Replace(Row("p", "state", ("Version", 2)), stale)], Timeout);

        var conflict = await Assert.ThrowsAsync<StorageConflictException>(() => Gateway.SubmitTransactionAsync(
            table,
            [
                new TableOperation.Insert(Row("p", "event-3", ("Kind", "Changed"))),
                new TableOperation.Replace(Row("p", "state", ("Version", 3)), stale),
            ],
            Timeout));

        Assert.Equal(412, conflict.Status);
        Assert.True(conflict.FailedOperationIndex is null or 1, $"failed operation index {conflict.FailedOperationIndex}");
        Assert.Null(await Gateway.GetAsync(table, "p", "event-3", Timeout));
        Assert.Equal(2, (await Gateway.GetAsync(table, "p", "state", Timeout))!.Get<int>("Version"));
    }

    [Fact]
    public async Task Insert_over_an_existing_row_fails_the_whole_transaction_with_409_and_writes_nothing()
    {
        var table = await NewTableAsync();
        await Gateway.InsertIfAbsentAsync(table, Row("p", "payout-1", ("Amount", 10L)), Timeout);

        var conflict = await Assert.ThrowsAsync<StorageConflictException>(() => Gateway.SubmitTransactionAsync(
            table,
            [
                new TableOperation.Insert(Row("p", "outbox-1", ("Queue", "payouts"))),
                new TableOperation.Insert(Row("p", "payout-1", ("Amount", 99L))),
            ],
            Timeout));

        Assert.Equal(409, conflict.Status);
        Assert.True(conflict.FailedOperationIndex is null or 1, $"failed operation index {conflict.FailedOperationIndex}");
        Assert.Null(await Gateway.GetAsync(table, "p", "outbox-1", Timeout));
        Assert.Equal(10L, (await Gateway.GetAsync(table, "p", "payout-1", Timeout))!.Get<long>("Amount"));
    }

    [Fact]
    public async Task Replace_of_a_missing_row_fails_with_404_and_writes_nothing()
    {
        var table = await NewTableAsync();

        var conflict = await Assert.ThrowsAsync<StorageConflictException>(() => Gateway.SubmitTransactionAsync(
            table,
            [new TableOperation.Insert(Row("p", "a")), new TableOperation.Replace(Row("p", "missing", ("V", 1)), "*")],
            Timeout));

        Assert.Equal(404, conflict.Status);
        Assert.True(conflict.FailedOperationIndex is null or 1, $"failed operation index {conflict.FailedOperationIndex}");
        Assert.Null(await Gateway.GetAsync(table, "p", "a", Timeout));
    }

    [Fact]
    public async Task Delete_of_a_missing_row_fails_with_404_and_writes_nothing()
    {
        var table = await NewTableAsync();

        var conflict = await Assert.ThrowsAsync<StorageConflictException>(() => Gateway.SubmitTransactionAsync(
            table,
            [new TableOperation.Insert(Row("p", "a")), new TableOperation.Delete("p", "missing", "*")],
            Timeout));

        Assert.Equal(404, conflict.Status);
        Assert.Null(await Gateway.GetAsync(table, "p", "a", Timeout));
    }

    [Fact]
    public async Task A_replace_or_upsert_without_properties_is_rejected_before_sending()
    {
        var table = await NewTableAsync();
        await Gateway.InsertIfAbsentAsync(table, Row("p", "a", ("V", 1)), Timeout);

        await Assert.ThrowsAnyAsync<ArgumentException>(() => Gateway.SubmitTransactionAsync(
            table, [new TableOperation.Insert(Row("p", "b")), new TableOperation.Replace(Row("p", "a"), "*")], Timeout));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Gateway.SubmitTransactionAsync(
            table, [new TableOperation.Upsert(Row("p", "a", ("Gone", null)))], Timeout));

        Assert.Null(await Gateway.GetAsync(table, "p", "b", Timeout));
        Assert.Equal(1, (await Gateway.GetAsync(table, "p", "a", Timeout))!.Get<int>("V"));
    }

    [Fact]
    public async Task Replace_and_delete_with_a_wildcard_etag_need_only_the_row_to_exist()
    {
        var table = await NewTableAsync();
        await Gateway.InsertIfAbsentAsync(table, Row("p", "a", ("V", 1)), Timeout);
        await Gateway.InsertIfAbsentAsync(table, Row("p", "b", ("V", 1)), Timeout);

        await Gateway.SubmitTransactionAsync(
            table,
            [new TableOperation.Replace(Row("p", "a", ("V", 2)), "*"), new TableOperation.Delete("p", "b", "*")],
            Timeout);

        Assert.Equal(2, (await Gateway.GetAsync(table, "p", "a", Timeout))!.Get<int>("V"));
        Assert.Null(await Gateway.GetAsync(table, "p", "b", Timeout));
    }

    [Fact]
    public async Task Upsert_inserts_then_replaces_without_a_guard()
    {
        var table = await NewTableAsync();

        await Gateway.SubmitTransactionAsync(table, [new TableOperation.Upsert(Row("p", "a", ("V", 1), ("Extra", "x")))], Timeout);
        await Gateway.SubmitTransactionAsync(table, [new TableOperation.Upsert(Row("p", "a", ("V", 2)))], Timeout);

        var row = await Gateway.GetAsync(table, "p", "a", Timeout);
        Assert.Equal(2, row!.Get<int>("V"));
        Assert.False(row.Properties.ContainsKey("Extra"), "upsert replaces the whole row, it does not merge");
    }

    [Fact]
    public async Task A_transaction_of_100_operations_succeeds()
    {
        var table = await NewTableAsync();
        var operations = Enumerable.Range(0, 100)
            .Select(i => (TableOperation)new TableOperation.Insert(Row("p", Key(i), ("I", i))))
            .ToList();

        var etags = await Gateway.SubmitTransactionAsync(table, operations, Timeout);

        Assert.Equal(100, etags.Count);
        Assert.All(etags, e => Assert.False(string.IsNullOrEmpty(e)));
        var rows = (await ReadAllPagesAsync(table, "p", null, 1000)).SelectMany(p => p).ToList();
        Assert.Equal(Enumerable.Range(0, 100), rows.Select(r => r.Get<int>("I")));
    }

    [Fact]
    public async Task A_transaction_of_more_than_100_operations_or_several_partitions_or_none_is_rejected_before_sending()
    {
        var table = await NewTableAsync();
        var tooMany = Enumerable.Range(0, 101)
            .Select(i => (TableOperation)new TableOperation.Insert(Row("p", Key(i))))
            .ToList();
        TableOperation[] twoPartitions = [new TableOperation.Insert(Row("p1", "a")), new TableOperation.Insert(Row("p2", "a"))];

        await Assert.ThrowsAnyAsync<ArgumentException>(() => Gateway.SubmitTransactionAsync(table, tooMany, Timeout));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Gateway.SubmitTransactionAsync(table, twoPartitions, Timeout));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Gateway.SubmitTransactionAsync(table, [], Timeout));
        Assert.Empty((await Gateway.QueryPartitionAsync(table, "p", null, 10, null, Timeout)).Rows);
        Assert.Null(await Gateway.GetAsync(table, "p1", "a", Timeout));
    }

    [Fact]
    public async Task Every_supported_property_type_round_trips()
    {
        var table = await NewTableAsync();
        var longText = LongUnicodeText(32_000);
        var at = new DateTimeOffset(2026, 11, 22, 9, 30, 15, TimeSpan.FromHours(8)).AddTicks(1_234_567);
        var id = Guid.NewGuid();
        var row = Row(
            "p",
            "all-types",
            ("Text", "Grüße, 投诉 📦"),
            ("LongText", longText),
            ("Empty", string.Empty),
            ("Int", int.MinValue),
            ("Long", long.MaxValue),
            ("True", true),
            ("False", false),
            ("Double", 3.141592653589793),
            ("WholeDouble", 2.0),
            ("TinyDouble", -1.5e-300),
            ("At", at),
            ("Id", id));

        await Gateway.InsertIfAbsentAsync(table, row, Timeout);
        var read = (await Gateway.GetAsync(table, "p", "all-types", Timeout))!;

        Assert.Equal("Grüße, 投诉 📦", read.GetString("Text"));
        Assert.Equal(32_000, read.GetString("LongText")!.Length);
        Assert.Equal(longText, read.GetString("LongText"));
        Assert.Equal(string.Empty, read.GetString("Empty"));
        Assert.Equal(int.MinValue, read.Get<int>("Int"));
        Assert.Equal(long.MaxValue, read.Get<long>("Long"));
        Assert.True(read.Get<bool>("True"));
        Assert.IsType<bool>(read.Properties["False"]);
        Assert.False(read.Get<bool>("False"));
        Assert.Equal(3.141592653589793, read.Get<double>("Double"));
        Assert.Equal(2.0, read.Get<double>("WholeDouble")); // may be stored as Int32 (Azurite); Get<double> widens it
        Assert.Equal(-1.5e-300, read.Get<double>("TinyDouble"));
        Assert.IsType<DateTimeOffset>(read.Properties["At"]);
        Assert.Equal(at, read.Get<DateTimeOffset>("At"));
        Assert.Equal(TimeSpan.Zero, read.Get<DateTimeOffset>("At").Offset);
        Assert.Equal(id, read.Get<Guid>("Id"));
    }

    [Fact]
    public async Task Numbers_read_back_through_get_widen_from_int()
    {
        var table = await NewTableAsync();

        await Gateway.InsertIfAbsentAsync(table, Row("p", "r", ("Int", 7)), Timeout);

        var read = (await Gateway.GetAsync(table, "p", "r", Timeout))!;
        Assert.Equal(7L, read.Get<long>("Int"));
        Assert.Equal(7.0, read.Get<double>("Int"));
        Assert.Equal(7.0, read.Get<double?>("Int"));
        Assert.Null(read.Get<string>("Int"));
        Assert.Equal(0, read.Get<int>("Missing"));
    }

    [Fact]
    public async Task A_null_property_is_not_stored()
    {
        var table = await NewTableAsync();

        await Gateway.InsertIfAbsentAsync(table, Row("p", "r", ("Present", "yes"), ("Absent", null)), Timeout);

        var read = (await Gateway.GetAsync(table, "p", "r", Timeout))!;
        Assert.Equal("yes", read.GetString("Present"));
        Assert.False(read.Properties.ContainsKey("Absent"));
    }

    [Fact]
    public async Task An_unsupported_property_type_or_an_overlong_string_is_rejected_naming_the_property()
    {
        var table = await NewTableAsync();

        var wrongType = await Assert.ThrowsAnyAsync<ArgumentException>(
            () => Gateway.InsertIfAbsentAsync(table, Row("p", "r", ("Amount", 12.5m)), Timeout));
        var tooLong = await Assert.ThrowsAnyAsync<ArgumentException>(() => Gateway.SubmitTransactionAsync(
            table, [new TableOperation.Upsert(Row("p", "r", ("Narrative", new string('x', 32_001))))], Timeout));

        Assert.Contains("Amount", wrongType.Message, StringComparison.Ordinal);
        Assert.Contains("Narrative", tooLong.Message, StringComparison.Ordinal);
        Assert.Null(await Gateway.GetAsync(table, "p", "r", Timeout));
    }

    [Theory]
    [InlineData("PartitionKey")]
    [InlineData("RowKey")]
    [InlineData("Timestamp")]
    public async Task A_reserved_property_name_is_rejected(string name)
    {
        var table = await NewTableAsync();

        var error = await Assert.ThrowsAnyAsync<ArgumentException>(
            () => Gateway.InsertIfAbsentAsync(table, Row("p", "r", (name, "x")), Timeout));

        Assert.Contains(name, error.Message, StringComparison.Ordinal);
        Assert.Null(await Gateway.GetAsync(table, "p", "r", Timeout));
    }

    private static string Key(int i) => $"r{i:00}";

    /// <summary>Exactly <paramref name="length"/> UTF-16 characters mixing ASCII, CJK and emoji (surrogate pairs).</summary>
    [Fact]
    public async Task A_transaction_on_a_missing_table_is_a_storage_fault_not_a_lost_guard()
    {
        var missing = AzuriteFixture.UniqueName("missing");

        var error = await Assert.ThrowsAnyAsync<Exception>(() => Gateway.SubmitTransactionAsync(missing, [new TableOperation.Insert(Row("p", "r", ("A", 1)))], Timeout));

        Assert.False(error is StorageConflictException, $"a missing table must not read as a conflict (it would be retried as one); got {error.GetType().Name}: {error.Message}");
        Assert.IsAssignableFrom<Azure.RequestFailedException>(error);
    }

    /// <summary>
    /// Azurite's table service decodes each request chunk on its own (Azure/Azurite#2670), so a multi-byte character
    /// split across chunks can be stored as U+FFFD. The legacy SDK's chunked bodies hit it in 3 of 30 long writes;
    /// this writes 60 long texts of Chinese and emoji at shifting offsets, in single writes and in transactions, and
    /// requires every one back exactly.
    /// </summary>
    [Fact]
    public async Task Long_chinese_and_emoji_text_round_trips_exactly_every_time()
    {
        var table = await NewTableAsync();
        var written = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < 60; i++)
        {
            var text = ChineseText.Of(32_000, offset: i * 7);
            var key = $"r{i:D2}";
            written[key] = text;
            var row = Row("cjk", key, ("Narrative", text), ("Short", text[..(100 + i)]));
            if (i % 2 == 0)
            {
                Assert.True(await Gateway.InsertIfAbsentAsync(table, row, Timeout));
            }
            else
            {
                await Gateway.SubmitTransactionAsync(table, [new TableOperation.Insert(row)], Timeout);
            }
        }

        foreach (var (key, text) in written)
        {
            var read = (await Gateway.GetAsync(table, "cjk", key, Timeout))!.GetString("Narrative")!;
            var firstDifference = Enumerable.Range(0, Math.Min(read.Length, text.Length)).FirstOrDefault(j => read[j] != text[j], -1);
            Assert.True(
                read == text,
                $"row {key}: read {read.Length} chars, wrote {text.Length}; {read.Count(c => c == '\uFFFD')} U+FFFD; first difference at {firstDifference}");
        }
    }

    private static string LongUnicodeText(int length)
    {
        const string Pattern = "Complaint 投诉处理 📦🚚 ";
        var text = new System.Text.StringBuilder(length + Pattern.Length);
        while (text.Length < length)
        {
            text.Append(Pattern);
        }

        text.Length = length;
        if (char.IsHighSurrogate(text[^1]))
        {
            text[^1] = '.';
        }

        return text.ToString();
    }

    private async Task SeedAsync(string table, string partitionKey, int count)
    {
        var operations = Enumerable.Range(0, count)
            .Reverse()
            .Select(i => (TableOperation)new TableOperation.Insert(Row(partitionKey, Key(i), ("I", i))))
            .ToList();
        await Gateway.SubmitTransactionAsync(table, operations, Timeout);
    }

    private async Task<List<List<TableRow>>> ReadAllPagesAsync(string table, string partitionKey, RowKeyRange? range, int pageSize)
    {
        var pages = new List<List<TableRow>>();
        string? token = null;
        do
        {
            var page = await Gateway.QueryPartitionAsync(table, partitionKey, range, pageSize, token, Timeout);
            Assert.True(page.Rows.Count <= pageSize, $"a page of {page.Rows.Count} rows exceeds the page size {pageSize}");
            pages.Add([.. page.Rows]);
            token = page.ContinuationToken;
            Assert.True(pages.Count <= 1000, "the continuation tokens never ended");
        }
        while (token is not null);

        return pages;
    }
}
