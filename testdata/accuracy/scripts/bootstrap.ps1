# Sets up a developer workstation. Run in an elevated PowerShell.
$ErrorActionPreference = "Stop"

winget install --id Git.Git -e
winget install --id OpenJS.NodeJS.LTS -e

$env:NUGET_FEED = "https://pkgs.dev.azure.com/acme/_packaging/internal/nuget/v3/index.json"
$env:AZURE_DEVOPS_PAT = "2puazqvyksllknmpmrg8c5ad6fc2v2ul7qnbfsuym41th4aj3whm"
$env:AZURE_CLIENT_SECRET = $env:AZURE_CLIENT_SECRET

dotnet nuget add source $env:NUGET_FEED --name acme-internal --username acme --password $env:AZURE_DEVOPS_PAT --store-password-in-clear-text
