using 'main.bicep'

param baseName = 'complaints'
param functionAppRuntimeVersion = '10.0'
param maximumInstanceCount = 100
param instanceMemoryMB = 2048
param tags = {
  app: 'complaints'
}

// Never commit the secret: read it from the environment (for example from Key Vault in the pipeline).
param tokenSecret = readEnvironmentVariable('COMPLAINTS_TOKEN_SECRET')
