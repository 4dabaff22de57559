// The one parameter file, for both ways of deploying:
// - `azd up` / `azd provision` compile it with the azd environment's variables (AZURE_ENV_NAME, and whatever
//   `azd env set` added), so the values below are read from there;
// - `az deployment group create --parameters infra/main.bicepparam` compiles it with the shell's environment.
using 'main.bicep'

// azd's environment name; `complaints` when deploying without azd.
param environmentName = readEnvironmentVariable('AZURE_ENV_NAME', 'complaints')
param functionAppRuntimeVersion = '10.0'
param maximumInstanceCount = 100
param instanceMemoryMB = 2048
param tags = {
  app: 'complaints'
}

// Never commit the secret: read it from the environment (`azd env set COMPLAINTS_TOKEN_SECRET ...`, or export it, for
// example from Key Vault in the pipeline). Compiling fails when it is unset or shorter than 32 characters.
param tokenSecret = readEnvironmentVariable('COMPLAINTS_TOKEN_SECRET')
