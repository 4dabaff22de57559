using Complaints.Testing;

namespace Complaints.Api.Tests.Infrastructure;

public static class PartyCredentials
{
    /// <summary>The operator (or regulator) credential of a party.</summary>
    public static Credential Of(this ConfiguredParties parties, string partyId) => Credential.Key(partyId, parties.KeyOf(partyId));

    /// <summary>The regulator's credential.</summary>
    public static Credential RegulatorKey(this ConfiguredParties parties) => parties.Of(ConfiguredParties.Regulator);
}
