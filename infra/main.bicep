// Complaints pipeline on Azure: a Flex Consumption (FC1) Function App running the .NET isolated worker, one storage
// account (shared keys off) for the Functions host, Durable Functions, the pipeline's queues and tables and the
// deployment package, Application Insights on a Log Analytics workspace, and one user-assigned managed identity that
// everything authenticates with. Resource shapes and API versions follow Azure-Samples/azure-functions-flex-consumption-samples
// (IaC/bicep); see infra/README.md for the sources. Deployed by `azd up` (azure.yaml at the repository root, through
// main.bicepparam) or by `az deployment group create`; tests/Complaints.Infra.Tests lints, compiles and checks it.
targetScope = 'resourceGroup'

@description('Environment name: azd passes AZURE_ENV_NAME (through main.bicepparam). 3-20 lowercase letters, digits and dashes; every resource name is derived from it and it is the azd-env-name tag.')
@minLength(3)
@maxLength(20)
param environmentName string = 'complaints'

@description('Region; it must offer Flex Consumption (az functionapp list-flexconsumption-locations). Defaults to the resource group\'s region (with azd: the region the group was created in).')
param location string = resourceGroup().location

@description('.NET version of the dotnet-isolated runtime (az functionapp list-flexconsumption-runtimes --location <region> --runtime dotnet-isolated).')
param functionAppRuntimeVersion string = '10.0'

@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@allowed([2048, 4096])
param instanceMemoryMB int = 2048

@description('Tags for every resource, besides azd-env-name (and azd-service-name on the Function App, which azd deploys to).')
param tags object = {}

@description('Secret for the tracking tokens of idempotent filings and for list cursors (32+ characters). Pass it at deployment from a secret store; it is never in source.')
@secure()
@minLength(32)
param tokenSecret string

var token = uniqueString(resourceGroup().id, environmentName)
var storageAccountName = take('st${toLower(replace(environmentName, '-', ''))}${token}', 24)
var resourceTags = union(tags, { 'azd-env-name': environmentName })
// azure.yaml's service name: azd finds the one host resource carrying this tag and deploys the code there.
var azdServiceName = 'api'
var deploymentContainerName = 'app-package'
// The complaints' attachments (Complaints.Storage.StorageNames.AttachmentsContainer): private, one blob per file
// under a random name. The pipeline also creates it at start-up if missing.
var attachmentsContainerName = 'attachments'

// The pipeline's stage queues (Complaints.Storage.StorageNames.Queues); the Functions queue trigger moves a message
// that failed maxDequeueCount times to <queue>-poison (StorageNames.PoisonQueueOf), created here up front so they can
// be watched from day one. The Durable Functions task hub (host.json hubName) creates its own queues, tables and
// blob containers at start-up, so none of them is declared here.
var stageQueues = [
  'complaint-intake'
  'complaint-events'
  'payouts'
  'disclosures'
]
var queueNames = concat(stageQueues, map(stageQueues, q => '${q}-poison'))
// Exactly Complaints.Storage.StorageNames.Tables (tests/Complaints.Infra.Tests compares the two both ways).
var tableNames = [
  'complaints'
  'outboxindex'
  'projections'
  'contacts'
  'parties'
  'payouts'
  'disclosures'
  'idempotency'
  'inbox'
  'regulatorqueue'
  'disclosureindex'
  'trackrecords'
  'intake'
  'operatorlists'
  'webhooks'
  'indicatorcounters'
  'indicators'
]

// Built-in role definition ids (the same GUIDs in every tenant).
var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-${environmentName}-${token}'
  location: location
  tags: resourceTags
}

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2025-02-01' = {
  name: 'log-${environmentName}-${token}'
  location: location
  tags: resourceTags
  properties: {
    retentionInDays: 30
    sku: {
      name: 'PerGB2018'
    }
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-${environmentName}-${token}'
  location: location
  tags: resourceTags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logAnalytics.id
    // Telemetry is sent with the managed identity (Monitoring Metrics Publisher), not the instrumentation key.
    DisableLocalAuth: true
  }
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageAccountName
  location: location
  tags: resourceTags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
  }

  resource blobService 'blobServices' = {
    name: 'default'

    resource deploymentContainer 'containers' = {
      name: deploymentContainerName
      properties: {
        publicAccess: 'None'
      }
    }

    resource attachmentsContainer 'containers' = {
      name: attachmentsContainerName
      properties: {
        publicAccess: 'None'
      }
    }
  }

  resource queueService 'queueServices' = {
    name: 'default'

    resource queue 'queues' = [for queueName in queueNames: {
      name: queueName
    }]
  }

  resource tableService 'tableServices' = {
    name: 'default'

    resource table 'tables' = [for tableName in tableNames: {
      name: tableName
    }]
  }
}

resource storageRoleAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for roleId in [
  roles.storageBlobDataOwner
  roles.storageQueueDataContributor
  roles.storageTableDataContributor
]: {
  name: guid(storage.id, identity.id, roleId)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}]

// The attachments need read, write and delete on their container and nothing more: Storage Blob Data Contributor on
// the container. Today the identity also holds Storage Blob Data Owner on the whole account, which the Functions host
// needs for AzureWebJobsStorage (leases, keys, the task hub, the deployment package) and which covers this too; the
// container-scoped assignment keeps the attachments' access explicit, and is the one left if the host's storage and
// the attachments' ever go to different accounts or identities.
resource attachmentsContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage::blobService::attachmentsContainer.id, identity.id, roles.storageBlobDataContributor)
  scope: storage::blobService::attachmentsContainer
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataContributor)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource metricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, identity.id, roles.monitoringMetricsPublisher)
  scope: appInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: 'plan-${environmentName}-${token}'
  location: location
  tags: resourceTags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: 'func-${environmentName}-${token}'
  location: location
  tags: union(resourceTags, { 'azd-service-name': azdServiceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      minTlsVersion: '1.2'
      appSettings: [
        // The one storage connection (StorageConnection.Name): the Functions runtime, the queue triggers, the Durable
        // Functions task hub and the pipeline's own stores (the attachments on the blob service), all over the managed identity.
        { name: 'AzureWebJobsStorage__blobServiceUri', value: storage.properties.primaryEndpoints.blob }
        { name: 'AzureWebJobsStorage__queueServiceUri', value: storage.properties.primaryEndpoints.queue }
        { name: 'AzureWebJobsStorage__tableServiceUri', value: storage.properties.primaryEndpoints.table }
        { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
        { name: 'AzureWebJobsStorage__clientId', value: identity.properties.clientId }
        // Required by the API (ApiOptions.TokenSecret); the host refuses to start without it.
        { name: 'Complaints__Api__TokenSecret', value: tokenSecret }
        // Application Insights with Entra ID authentication.
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: appInsights.properties.ConnectionString }
        { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'ClientId=${identity.properties.clientId};Authorization=AAD' }
      ]
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identity.id
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: functionAppRuntimeVersion
      }
    }
  }
  // The host reaches storage as soon as it starts, so let the role assignments exist first.
  dependsOn: [
    storageRoleAssignments
    attachmentsContributor
    metricsPublisher
    storage::blobService::deploymentContainer
    storage::blobService::attachmentsContainer
  ]
}

// Upper-case names: azd copies every output into the environment (.azure/<env>/.env) under its own name.
output AZURE_FUNCTION_NAME string = functionApp.name
output AZURE_FUNCTION_URL string = 'https://${functionApp.properties.defaultHostName}'
// The web pages: the Functions app serves them itself (WebFunctions.WebPage, docs/adr/0014), on the API's origin.
output AZURE_WEB_URL string = 'https://${functionApp.properties.defaultHostName}/api/web/'
output AZURE_STORAGE_ACCOUNT_NAME string = storage.name
output AZURE_MANAGED_IDENTITY_CLIENT_ID string = identity.properties.clientId
output AZURE_APPLICATION_INSIGHTS_NAME string = appInsights.name
