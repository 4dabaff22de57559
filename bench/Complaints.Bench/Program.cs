using System.CommandLine;
using Complaints.Bench;

var complaints = new Option<int>("--complaints") { Description = "Complaints to drive end to end.", DefaultValueFactory = _ => 2000 };
var clients = new Option<int>("--clients") { Description = "Concurrent clients (also the concurrency of the ceiling probe).", DefaultValueFactory = _ => 16 };
var rate = new Option<double>("--rate") { Description = "Start complaints at this many per second (0: as fast as the clients allow).", DefaultValueFactory = _ => 0 };
var mix = new Option<string>("--mix") { Description = "Percent resolved/refused/withdrawn.", DefaultValueFactory = _ => "60/30/10" };
var merchants = new Option<int>("--merchants") { Description = "Merchants to register.", DefaultValueFactory = _ => 20 };
var venues = new Option<int>("--venues") { Description = "Venues (enrolled in advance compensation) to register.", DefaultValueFactory = _ => 5 };
var url = new Option<string?>("--url") { Description = "Target a running local host (started with the env printed by --print-host-env) instead of starting one." };
var storage = new Option<string?>("--storage") { Description = "Storage connection string to use instead of starting Azurite." };
var hostPid = new Option<int?>("--host-pid") { Description = "With --url: the host's process id, for CPU and memory." };
var output = new Option<string?>("--out") { Description = "Results folder (default bench/results)." };
var hosts = new Option<int>("--hosts") { Description = "Local hosts sharing the one storage account.", DefaultValueFactory = _ => 1 };
var killEvery = new Option<double>("--kill-host-every") { Description = "Reliability: SIGKILL a local host every this many seconds (±30%) and restart it (0: never).", DefaultValueFactory = _ => 0 };
var restartStorageAfter = new Option<double>("--restart-storage-after") { Description = "Reliability: restart Azurite (on-disk) this many seconds into the load (0: never).", DefaultValueFactory = _ => 0 };
var persist = new Option<bool>("--persist-storage") { Description = "Run Azurite on disk (--location) instead of in memory." };
var ceiling = new Option<bool>("--ceiling") { Description = "Measure the storage ceiling, intake vs a bare endpoint and the half-rate run.", DefaultValueFactory = _ => true };
var ceilingSeconds = new Option<double>("--ceiling-seconds") { Description = "Seconds per operation kind in the ceiling probe.", DefaultValueFactory = _ => 2 };
var intakeRequests = new Option<int>("--intake-requests") { Description = "Requests per target in the intake-vs-bare probe.", DefaultValueFactory = _ => 1000 };
var halfRate = new Option<int>("--half-rate-complaints") { Description = "Complaints in the run at half the achieved rate (0: skip; default: as many as --complaints, at most 600).", DefaultValueFactory = _ => -1 };
var feedSizes = new Option<string>("--feed-sizes") { Description = "Published disclosures to seed for the public-feed latency probe, comma-separated (empty: skip).", DefaultValueFactory = _ => "1000,10000,100000" };
var drain = new Option<double>("--drain-timeout") { Description = "Seconds to wait for the last disclosure drafts after the last client finishes.", DefaultValueFactory = _ => 300 };
var stepTimeout = new Option<double>("--step-timeout") { Description = "Seconds one API step may take, retries included.", DefaultValueFactory = _ => 60 };
var watchers = new Option<int>("--watchers") { Description = "Concurrent pollers waiting for disclosure drafts.", DefaultValueFactory = _ => 4 };
var maxMinutes = new Option<double>("--max-minutes") { Description = "Hard bound on the whole run (the end-to-end load of 2,000 complaints alone took 60 min on Azurite on 2026-12-01).", DefaultValueFactory = _ => 180 };
var doc = new Option<string?>("--doc") { Description = "Also write the summary into this markdown file, between <!-- bench:SECTION --> markers." };
var docSection = new Option<string?>("--doc-section") { Description = "The section name for --doc." };
var printEnv = new Option<bool>("--print-host-env") { Description = "Print the environment a local host needs for --url runs, and exit." };
var engineCeiling = new Option<bool>("--engine-ceiling") { Description = "Measure the engine's own ceiling after the run: a trivial orchestration shaped like the run's average complaint orchestration, on the same Azurite with the host's engine settings.", DefaultValueFactory = _ => true };
var engineOrchestrations = new Option<int>("--engine-ceiling-orchestrations") { Description = "Orchestrations in the engine-ceiling probe (0: as many as complaints completed).", DefaultValueFactory = _ => 0 };
var engineInFlight = new Option<int>("--engine-ceiling-in-flight") { Description = "At most this many probe orchestrations running at once.", DefaultValueFactory = _ => 200 };
var hostSetting = new Option<string[]>("--host-setting") { Description = "KEY=VALUE given to every local host as an environment variable (e.g. Complaints__Durable__PartitionCount=4); Complaints__Durable__* values also configure the engine-ceiling probe. Repeatable.", AllowMultipleArgumentsPerToken = false, DefaultValueFactory = _ => [] };
var taskHub = new Option<string?>("--task-hub") { Description = "The hosts' task hub name (default: what the host uses, complaints + storage prefix); needed with --url when the host uses another." };

var root = new RootCommand("Complaints load generator: end-to-end throughput and latency, the engine's own ceiling, storage operations per complaint (ours and the task hub's) against the design's minimum, the storage ceiling, intake vs a bare endpoint, public-feed latency. See docs/benchmarks.md.")
{
    complaints, clients, rate, mix, merchants, venues, url, storage, hostPid, output, hosts, killEvery, restartStorageAfter, persist,
    ceiling, ceilingSeconds, intakeRequests, halfRate, feedSizes, drain, stepTimeout, watchers, maxMinutes, doc, docSection, printEnv,
    engineCeiling, engineOrchestrations, engineInFlight, hostSetting, taskHub,
};

var requests = new Option<int>("--requests") { Description = "Malformed requests to send.", DefaultValueFactory = _ => 5000 };
var seed = new Option<int>("--seed") { Description = "Generator seed (a run is repeatable).", DefaultValueFactory = _ => 20261122 };
var fuzz = new Command("fuzz", "Send generated malformed requests to every route; any 5xx is a finding (exit code 1).")
{
    requests, clients, seed, url, storage, merchants, venues, output, doc, docSection, maxMinutes,
};
root.Subcommands.Add(fuzz);

var soakRate = new Option<double>("--rate") { Description = "Filings per second.", DefaultValueFactory = _ => 4 };
var soakMinutes = new Option<double>("--minutes") { Description = "How long to file.", DefaultValueFactory = _ => 10 };
var soak = new Command("soak", "File at a steady rate for a set time (default 4/s for 10 min: 2,400 filings, a rate the Durable engine keeps up with here) while the pipeline records and assigns them; sample the host's memory every second.")
{
    soakRate, soakMinutes, clients, merchants, venues, output, drain, stepTimeout, doc, docSection, maxMinutes, hostSetting,
};
root.Subcommands.Add(soak);

var trendSizes = new Option<string>("--sizes") { Description = "Complaints to project into the indicator counters before each round of timing, comma-separated.", DefaultValueFactory = _ => "1000,10000,100000" };
var trendRepeats = new Option<int>("--repeats") { Description = "Timed calls per query and size.", DefaultValueFactory = _ => 30 };
var trendMerchants = new Option<int>("--merchants") { Description = "Merchants to register (each in a region).", DefaultValueFactory = _ => 4 };
var trendApplyUpTo = new Option<int>("--apply-up-to") { Description = "Count the first this many complaints one by one, as the projection does (IndicatorStore.ApplyAsync); the rest in bulk (IndicatorStore.AddNewAsync).", DefaultValueFactory = _ => 10000 };
var trendVenues = new Option<int>("--venues") { Description = "Venues to register (complaints go through none or the first).", DefaultValueFactory = _ => 1 };
var trends = new Command("trends", "Trends and indicators at growing numbers of complaints: the counters seeded through the projection's own IndicatorStore.ApplyAsync, then the trend routes and the regulator's slice timed over HTTP (docs/benchmarks.md).")
{
    trendSizes, trendRepeats, trendApplyUpTo, trendMerchants, trendVenues, clients, output, doc, docSection, maxMinutes,
};
trends.SetAction((parse, ct) => Bench.TrendsAsync(
    new BenchOptions
    {
        Clients = parse.GetValue(clients),
        Merchants = parse.GetValue(trendMerchants),
        Venues = parse.GetValue(trendVenues),
        Output = parse.GetValue(output),
        Doc = parse.GetValue(doc),
        DocSection = parse.GetValue(docSection),
        MaxMinutes = parse.GetValue(maxMinutes),
    },
    [.. parse.GetValue(trendSizes)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => int.Parse(s, System.Globalization.CultureInfo.InvariantCulture))],
    parse.GetValue(trendRepeats),
    parse.GetValue(trendApplyUpTo),
    ct));
root.Subcommands.Add(trends);
var exportSizes = new Option<string>("--feed-sizes") { Description = "Published disclosures to seed and export, comma-separated.", DefaultValueFactory = _ => "1000,10000,100000" };
var export = new Command("export", "The full export's memory: seed the disclosure index to each size, read GET /api/public/disclosures/export to its end as CSV and JSON lines, and sample the host's RSS while it streams.")
{
    exportSizes, merchants, venues, output, doc, docSection, maxMinutes, hostSetting,
};
root.Subcommands.Add(export);

var cfpb = new Option<string?>("--cfpb") { Description = "The CFPB export to read (default: ../shared/data/cfpb/complaints_sample.csv beside the repository)." };
var iterations = new Option<int>("--iterations") { Description = "Timed calls per input.", DefaultValueFactory = _ => 3000 };
var scrub = new Command("scrub", "Over-scrubbing (narratives published, characters masked, examples) and speed of the PII scrubber on the CFPB sample, in process.")
{
    cfpb, iterations, output, doc, docSection,
};
scrub.SetAction(parse => ScrubBench.Run(parse.GetValue(cfpb), parse.GetValue(iterations), parse.GetValue(output), parse.GetValue(doc), parse.GetValue(docSection)));
root.Subcommands.Add(scrub);

root.SetAction((parse, ct) => Bench.RunAsync(new BenchOptions
{
    Complaints = parse.GetValue(complaints),
    Clients = parse.GetValue(clients),
    Rate = parse.GetValue(rate),
    Mix = parse.GetValue(mix)!,
    Merchants = parse.GetValue(merchants),
    Venues = parse.GetValue(venues),
    Url = parse.GetValue(url),
    Storage = parse.GetValue(storage),
    HostPid = parse.GetValue(hostPid),
    Output = parse.GetValue(output),
    Hosts = parse.GetValue(hosts),
    KillHostEvery = parse.GetValue(killEvery),
    RestartStorageAfter = parse.GetValue(restartStorageAfter),
    PersistStorage = parse.GetValue(persist),
    Ceiling = parse.GetValue(ceiling),
    CeilingSeconds = parse.GetValue(ceilingSeconds),
    IntakeRequests = parse.GetValue(intakeRequests),
    HalfRateComplaints = parse.GetValue(halfRate),
    FeedSizes = parse.GetValue(feedSizes)!,
    DrainTimeout = parse.GetValue(drain),
    StepTimeout = parse.GetValue(stepTimeout),
    Watchers = parse.GetValue(watchers),
    MaxMinutes = parse.GetValue(maxMinutes),
    Doc = parse.GetValue(doc),
    DocSection = parse.GetValue(docSection),
    PrintHostEnv = parse.GetValue(printEnv),
    EngineCeiling = parse.GetValue(engineCeiling),
    EngineCeilingOrchestrations = parse.GetValue(engineOrchestrations),
    EngineCeilingInFlight = parse.GetValue(engineInFlight),
    HostSettings = parse.GetValue(hostSetting) ?? [],
    TaskHub = parse.GetValue(taskHub),
}, ct));

soak.SetAction((parse, ct) => Bench.SoakAsync(new BenchOptions
{
    SoakRate = parse.GetValue(soakRate),
    SoakMinutes = parse.GetValue(soakMinutes),
    Clients = parse.GetValue(clients),
    Merchants = parse.GetValue(merchants),
    Venues = parse.GetValue(venues),
    Output = parse.GetValue(output),
    DrainTimeout = parse.GetValue(drain),
    StepTimeout = parse.GetValue(stepTimeout),
    Doc = parse.GetValue(doc),
    DocSection = parse.GetValue(docSection),
    MaxMinutes = parse.GetValue(maxMinutes),
    HostSettings = parse.GetValue(hostSetting) ?? [],
}, ct));

export.SetAction((parse, ct) => Bench.ExportAsync(new BenchOptions
{
    FeedSizes = parse.GetValue(exportSizes)!,
    Merchants = parse.GetValue(merchants),
    Venues = parse.GetValue(venues),
    Output = parse.GetValue(output),
    Doc = parse.GetValue(doc),
    DocSection = parse.GetValue(docSection),
    MaxMinutes = parse.GetValue(maxMinutes),
    HostSettings = parse.GetValue(hostSetting) ?? [],
}, ct));

fuzz.SetAction((parse, ct) => Bench.FuzzAsync(new BenchOptions
{
    FuzzRequests = parse.GetValue(requests),
    Clients = parse.GetValue(clients),
    Seed = parse.GetValue(seed),
    Url = parse.GetValue(url),
    Storage = parse.GetValue(storage),
    Merchants = parse.GetValue(merchants),
    Venues = parse.GetValue(venues),
    Output = parse.GetValue(output),
    Doc = parse.GetValue(doc),
    DocSection = parse.GetValue(docSection),
    MaxMinutes = parse.GetValue(maxMinutes),
}, ct));

return await root.Parse(args).InvokeAsync();
