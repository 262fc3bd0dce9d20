<#
.SYNOPSIS
    Builds Switchboard for Windows: dist\Switchboard (PyInstaller), its self-check, then
    dist\installer\Switchboard-<version>-setup.exe (Inno Setup 6).

.DESCRIPTION
    Run from a checkout on a 64-bit Windows 10/11 machine with Python 3.11 and Inno Setup 6:

        py -3.11 -m venv .venv
        .venv\Scripts\pip install -e ".[build]"
        powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1 -OrgProfile C:\it\organisation-profile.json

    The version comes from app/__init__.py, the publisher from pyproject.toml.  The organisation profile, when given, is
    checked by the frozen app's --smoke before it is packed, and installed beside Switchboard.exe.

    Signing (optional): pass the SHA-1 thumbprint of your code-signing certificate (in the current
    user's or machine's certificate store) with -CertificateThumbprint.  Switchboard.exe, the setup
    and the uninstaller are then signed with signtool.exe from the Windows SDK and time-stamped.

.PARAMETER OrgProfile
    Path to the organisation profile (JSON) to install beside the app.  Optional.
.PARAMETER CertificateThumbprint
    SHA-1 thumbprint of the code-signing certificate, e.g. "0123456789ABCDEF0123456789ABCDEF01234567".
.PARAMETER TimestampUrl
    RFC 3161 time-stamp server of your certificate authority.
#>
param(
    [string]$Python = ".venv\Scripts\python.exe",
    [string]$OrgProfile = "",
    [string]$CertificateThumbprint = "",
    [string]$TimestampUrl = "http://timestamp.digicert.com",
    [string]$SignTool = "signtool.exe",
    [string]$Iscc = ""
)

$ErrorActionPreference = "Stop"
$Root = (Resolve-Path (Join-Path $PSScriptRoot "..\..")).Path
Set-Location $Root

function Invoke-Checked([string]$What, [scriptblock]$Command) {
    & $Command
    if ($LASTEXITCODE -ne 0) { throw "$What failed (exit code $LASTEXITCODE)." }
}

# --- what to build -------------------------------------------------------------------------------
$metaJson = & $Python -c "import app, json, tomllib; p = tomllib.load(open('pyproject.toml', 'rb'))['project']; print(json.dumps({'version': app.__version__, 'publisher': p['authors'][0]['name']}))"
if ($LASTEXITCODE -ne 0) { throw "Could not read pyproject.toml with $Python." }
$meta = $metaJson | ConvertFrom-Json
$version = $meta.version
# Windows version resources take up to four numbers: 0.2.0rc1 -> 0.2.0.1
$numeric = (([regex]::Matches($version, '\d+') | Select-Object -First 4 | ForEach-Object { $_.Value }) -join '.')
Write-Host "Switchboard $version by $($meta.publisher)"

if ($OrgProfile) {
    $OrgProfile = (Resolve-Path $OrgProfile).Path
}

if (-not $Iscc) {
    $candidates = @(
        "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe",
        "$env:ProgramFiles\Inno Setup 6\ISCC.exe",
        "$env:LOCALAPPDATA\Programs\Inno Setup 6\ISCC.exe"
    )
    $Iscc = $candidates | Where-Object { Test-Path $_ } | Select-Object -First 1
    if (-not $Iscc) {
        $onPath = Get-Command ISCC.exe -ErrorAction SilentlyContinue
        if ($onPath) { $Iscc = $onPath.Source }
    }
    if (-not $Iscc) { throw "Inno Setup 6 (ISCC.exe) was not found: install it from https://jrsoftware.org/isdl.php or pass -Iscc." }
}

# --- the one-folder app --------------------------------------------------------------------------
Remove-Item -Recurse -Force build, dist -ErrorAction SilentlyContinue
Invoke-Checked "PyInstaller" { & $Python -m PyInstaller --noconfirm build.spec }
$exe = Join-Path $Root "dist\Switchboard\Switchboard.exe"

# --- the self-check, with the profile where the app will find it ---------------------------------
# A throw-away config folder: the builder's own settings and profile stay out of it.
$config = Join-Path $Root "build\smoke-config"
New-Item -ItemType Directory -Force $config | Out-Null
if ($OrgProfile) { Copy-Item $OrgProfile (Join-Path $config "organisation-profile.json") }
$env:SWITCHBOARD_CONFIG_DIR = $config
$env:QT_QPA_PLATFORM = "offscreen"
try {
    # Switchboard.exe is a windowed program: redirecting its output is how its lines are read.
    $report = Join-Path $Root "build\smoke.txt"
    $smoke = Start-Process -FilePath $exe -ArgumentList "--smoke" -Wait -PassThru -NoNewWindow `
        -RedirectStandardOutput $report -RedirectStandardError (Join-Path $Root "build\smoke-errors.txt")
    Get-Content $report | Write-Host
    if ($smoke.ExitCode -ne 0) { throw "Switchboard.exe --smoke failed (exit code $($smoke.ExitCode)); see above." }
} finally {
    Remove-Item Env:SWITCHBOARD_CONFIG_DIR, Env:QT_QPA_PLATFORM -ErrorAction SilentlyContinue
}

# --- signing the program itself (optional) -------------------------------------------------------
$signArgs = @()
if ($CertificateThumbprint) {
    $sign = @("sign", "/sha1", $CertificateThumbprint, "/fd", "sha256", "/tr", $TimestampUrl, "/td", "sha256")
    Invoke-Checked "signtool" { & $SignTool @sign $exe }
    # Inno Setup signs the setup and the uninstaller with the same command ($f is the file).
    $signArgs = @("/DSign", "/Ssigntool=$SignTool sign /sha1 $CertificateThumbprint /fd sha256 /tr $TimestampUrl /td sha256 `$f")
}

# --- the installer -------------------------------------------------------------------------------
$isccArgs = @(
    "/DAppVersion=$version",
    "/DAppVersionNumeric=$numeric",
    "/DAppPublisher=$($meta.publisher)",
    "/DBuildDir=$Root\dist\Switchboard",
    "/DOutputDir=$Root\dist\installer"
)
if ($OrgProfile) { $isccArgs += "/DProfile=$OrgProfile" }
$isccArgs += $signArgs
$isccArgs += (Join-Path $PSScriptRoot "switchboard.iss")
Invoke-Checked "Inno Setup" { & $Iscc @isccArgs }

$setup = Join-Path $Root "dist\installer\Switchboard-$version-setup.exe"
$size = "{0:N1} MB" -f ((Get-Item $setup).Length / 1MB)
Write-Host "Built $setup ($size)"
