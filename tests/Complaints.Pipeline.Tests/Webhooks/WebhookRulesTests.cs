using System.Net;
using Complaints.Core;
using Complaints.Core.Ports;
using Complaints.Core.Workflow;
using Complaints.Pipeline.Webhooks;
using Complaints.Workflow;

namespace Complaints.Pipeline.Tests.Webhooks;

/// <summary>The pure rules of webhooks: which addresses a delivery may reach, the signature, when "deadline approaching" is due.</summary>
public sealed class WebhookRulesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("8.8.8.8", true)]
    [InlineData("203.0.113.7", true)]
    [InlineData("2606:4700::1111", true)]
    [InlineData("127.0.0.1", false)]
    [InlineData("127.8.9.10", false)]
    [InlineData("::1", false)]
    [InlineData("10.0.0.1", false)]
    [InlineData("172.31.255.255", false)]
    [InlineData("172.32.0.1", true)]
    [InlineData("192.168.10.1", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("100.128.0.1", true)]
    [InlineData("0.0.0.0", false)]
    [InlineData("224.0.0.1", false)]
    [InlineData("255.255.255.255", false)]
    [InlineData("fd00::1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("ff02::1", false)]
    [InlineData("::ffff:10.0.0.1", false)]
    [InlineData("::ffff:8.8.8.8", true)]
    [InlineData("64:ff9b::a00:1", false)]
    [InlineData("2002:a00:1::1", false)]
    public void Only_public_addresses_are_allowed_outside_Development(string address, bool allowed)
    {
        var ip = IPAddress.Parse(address);
        Assert.Equal(allowed, new WebhookEndpointPolicy(allowLoopback: false).Allows(ip));
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("::1", true)]
    [InlineData("10.0.0.1", false)]
    [InlineData("169.254.169.254", false)]
    public void Development_allows_loopback_and_nothing_else_private(string address, bool allowed) =>
        Assert.Equal(allowed, new WebhookEndpointPolicy(allowLoopback: true).Allows(IPAddress.Parse(address)));

    [Fact]
    public void A_signature_verifies_for_its_body_and_secret_within_the_tolerance_only()
    {
        const string secret = "whsec_0123";
        const string body = """{"deliveryId":"d1","event":"complaint.assigned"}""";
        var header = WebhookSignature.Header(secret, T0, body);
        var tolerance = WebhookSignature.DefaultTolerance;

        Assert.True(WebhookSignature.Verify(secret, header, body, T0.AddMinutes(4), tolerance));
        Assert.False(WebhookSignature.Verify(secret, header, body + " ", T0, tolerance), "a changed body");
        Assert.False(WebhookSignature.Verify("whsec_other", header, body, T0, tolerance), "another secret");
        Assert.False(WebhookSignature.Verify(secret, header, body, T0.AddMinutes(6), tolerance), "a replay after the tolerance");
        Assert.False(WebhookSignature.Verify(secret, header.Replace("t=", "t=1", StringComparison.Ordinal), body, T0, tolerance), "a changed timestamp");
        Assert.False(WebhookSignature.Verify(secret, null, body, T0, tolerance), "no header");
    }

    [Fact]
    public void An_acknowledge_deadline_is_warned_of_at_the_configured_share_and_an_answer_moves_the_warning_to_the_resolve_deadline()
    {
        var id = new ComplaintId("c1");
        var due = T0.AddSeconds(8);
        var assigned = Envelope(2, new ComplaintEvent.FirstResponderAssigned(new PartyId("v-mall"), due, T0));
        var armed = new WorkflowState(id, 2, new WorkflowTimer(DeadlineKind.Acknowledge, due), false, false);

        var (notices, warning) = OperatorNotices.Observe([assigned], 1, null, armed, share: 0.75);
        Assert.Equal(new DeadlineWarning(nameof(DeadlineKind.Acknowledge), due, T0.AddSeconds(6)), warning);
        var notice = Assert.Single(notices);
        Assert.Equal((WebhookEvents.ComplaintAssigned, "v-mall", "v2"), (notice.Event, notice.Party, notice.Key));

        // Folded again (a replayed round), nothing new.
        Assert.Empty(OperatorNotices.Observe([assigned], 2, warning, armed, 0.75).Notices);

        var resolveBy = T0.AddSeconds(5).AddDays(7);
        var acknowledged = Envelope(3, new ComplaintEvent.Acknowledged(new PartyId("v-mall"), true, resolveBy, T0.AddSeconds(5)));
        var resolving = armed with { LastVersion = 3, Deadline = new WorkflowTimer(DeadlineKind.Resolve, resolveBy) };
        var (_, next) = OperatorNotices.Observe([acknowledged], 2, warning, resolving, 0.75);
        Assert.Equal(new DeadlineWarning(nameof(DeadlineKind.Resolve), resolveBy, T0.AddSeconds(5) + (TimeSpan.FromDays(7) * 0.75)), next);

        // A warning whose deadline is no longer armed (answered, passed, replaced) is dropped.
        Assert.Null(OperatorNotices.Current(next, resolving with { Deadline = null }));
        Assert.Null(OperatorNotices.Current(warning, resolving));
    }

    [Fact]
    public void The_delivery_id_is_stable_for_a_complaint_notice_and_party_and_differs_otherwise()
    {
        var id = new ComplaintId("c1");
        var a = WebhookNotifier.DeliveryIdFor(id, "v2", new PartyId("v-mall"));
        Assert.Equal(a, WebhookNotifier.DeliveryIdFor(id, "v2", new PartyId("v-mall")));
        Assert.NotEqual(a, WebhookNotifier.DeliveryIdFor(id, "v2", new PartyId("m-alpha")));
        Assert.NotEqual(a, WebhookNotifier.DeliveryIdFor(id, "v3", new PartyId("v-mall")));
        Assert.NotEqual(a, WebhookNotifier.DeliveryIdFor(new ComplaintId("c2"), "v2", new PartyId("v-mall")));
    }

    private static RecordedEventEnvelope Envelope(long version, ComplaintEvent e) => WorkflowEnvelopes.ToEnvelope(new RecordedEvent(version, e));
}
