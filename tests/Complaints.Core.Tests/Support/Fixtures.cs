using Complaints.Core;

namespace Complaints.Core.Tests.Support;

/// <summary>Parties, actors and fixed instants shared by the domain tests.</summary>
public static class Fixtures
{
    /// <summary>Every example starts here: a Monday morning in Shanghai.</summary>
    public static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8));

    public static readonly DeadlineOptions Deadlines = new();

    public static readonly ComplaintDecider Decider = new(Deadlines);

    public static readonly ComplaintId Id = new("c-0001");

    public static readonly ComplaintId OtherId = new("c-0002");

    public static readonly Party.Merchant Merchant =
        new(new PartyId("m-bright"), "Shenzhen Bright Goods Trading Co., Ltd.", "91440300MA5F123456", IdentityKnownToVenue: true);

    /// <summary>A merchant the venue cannot name: the venue is liable by statute (Consumer Rights Law art. 44).</summary>
    public static readonly Party.Merchant AnonymousMerchant = Merchant with { IdentityKnownToVenue = false };

    public static readonly Money MallCap = Money.Of(500m, "CNY");

    /// <summary>A mall enrolled in advance compensation: capped at 500 CNY, for goods quality, refunds and delivery.</summary>
    public static readonly Party.Venue Mall = new(
        new PartyId("v-harbour-mall"),
        "Harbour City Mall",
        VenueKind.Mall,
        new AdvanceCompensationEnrolment(true, MallCap, new HashSet<Category> { Category.GoodsQuality, Category.RefundReturn, Category.Delivery }));

    /// <summary>An online platform enrolled without a cap for every category.</summary>
    public static readonly Party.Venue Platform = new(
        new PartyId("v-fastmart"),
        "FastMart Online",
        VenueKind.OnlinePlatform,
        new AdvanceCompensationEnrolment(true, null, Enum.GetValues<Category>().ToHashSet()));

    /// <summary>A market that has not enrolled in advance compensation.</summary>
    public static readonly Party.Venue Market = new(
        new PartyId("v-old-town-market"),
        "Old Town Market",
        VenueKind.Market,
        AdvanceCompensationEnrolment.None);

    /// <summary>A venue that has nothing to do with the complaint.</summary>
    public static readonly Party.Venue OtherVenue = new(
        new PartyId("v-elsewhere"),
        "Elsewhere Plaza",
        VenueKind.Mall,
        new AdvanceCompensationEnrolment(true, MallCap, new HashSet<Category> { Category.GoodsQuality }));

    public static readonly Party.Merchant OtherMerchant =
        new(new PartyId("m-other"), "Hangzhou Other Shop Ltd.", "91330100MA2H654321", IdentityKnownToVenue: true);

    public static readonly Party.Regulator Regulator = new(new PartyId("r-samr-sh"), "Shanghai Market Regulation Bureau");

    public static readonly Money Claim = Money.Of(300m, "CNY");

    public static readonly Money BigClaim = Money.Of(800m, "CNY");

    public static readonly Actor ConsumerActor = new Actor.Consumer(Id);

    public static readonly Actor OtherConsumer = new Actor.Consumer(OtherId);

    public static readonly Actor SystemActor = Actor.System.Instance;

    public static readonly Actor RegulatorActor = new Actor.Regulator(Regulator.Id);

    public static Actor Op(Party party) => new Actor.Operator(party.Id);

    /// <summary>Everyone a complaint at <c>Mall</c> against <c>Merchant</c> does not name, nor its consumer: for the rules only those may pass.</summary>
    public static TheoryData<string, Actor> Outsiders => new()
    {
        { "regulator", RegulatorActor },
        { "pipeline", SystemActor },
        { "another complaint's consumer", OtherConsumer },
        { "another venue", Op(OtherVenue) },
        { "another merchant", Op(OtherMerchant) },
    };

    public static Money Cny(decimal amount) => Money.Of(amount, "CNY");

    /// <summary>The standard schedule of the happy path.</summary>
    public static class Times
    {
        public static readonly DateTimeOffset Filed = T0;
        public static readonly DateTimeOffset Assigned = T0.AddMinutes(1);
        public static readonly DateTimeOffset AcknowledgeBy = Assigned + Deadlines.Acknowledge;
        public static readonly DateTimeOffset Acknowledged = T0.AddHours(2);
        public static readonly DateTimeOffset ResolveBy = Acknowledged + Deadlines.Resolve;
        public static readonly DateTimeOffset Answered = T0.AddDays(1);
        public static readonly DateTimeOffset ConfirmBy = Answered + Deadlines.Confirm;
        public static readonly DateTimeOffset Settled = T0.AddDays(2);
        public static readonly DateTimeOffset RecoveryOpened = Settled.AddMinutes(1);
        public static readonly DateTimeOffset RecoverBy = RecoveryOpened + Deadlines.Recovery;
        public static readonly DateTimeOffset Closed = T0.AddDays(3);
        public static readonly DateTimeOffset EvaluateBy = Closed + Deadlines.EvaluationWindow;
        public static readonly DateTimeOffset Drafted = T0.AddDays(4);
    }
}
