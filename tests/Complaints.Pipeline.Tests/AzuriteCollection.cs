using Complaints.Testing;

namespace Complaints.Pipeline.Tests;

/// <summary>One Azurite for every test class in this assembly; each test still works under its own storage prefix.</summary>
[CollectionDefinition(AzuriteFixture.CollectionName)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>;
