using 'main.bicep'

param baseName = 'complaints'
param functionAppRuntimeVersion = '10.0'
param maximumInstanceCount = 100
param instanceMemoryMB = 2048
param tags = {
  app: 'complaints'
}
