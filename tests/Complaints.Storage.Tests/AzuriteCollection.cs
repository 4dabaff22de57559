using Complaints.Testing;

namespace Complaints.Storage.Tests;

/// <summary>One Azurite for every test class in this assembly that joins the "Azurite" collection.</summary>
[CollectionDefinition(AzuriteFixture.CollectionName)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>;
