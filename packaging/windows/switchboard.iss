; Switchboard for Windows: a per-user installer (no administrator rights) made with Inno Setup 6.
;
; Compile it with packaging\windows\build.ps1, which builds dist\Switchboard with PyInstaller first and
; passes what this script needs from pyproject.toml on the command line:
;
;   ISCC.exe /DAppVersion=0.1.0 /DAppVersionNumeric=0.1.0 "/DAppPublisher=Switchboard team"
;            /DBuildDir=...\dist\Switchboard /DOutputDir=...\dist\installer
;            [/DProfile=C:\it\organisation-profile.json] [/DSign "/Ssigntool=..."] switchboard.iss
;
; IT can still install for every user of a machine with:  Switchboard-<version>-setup.exe /ALLUSERS
; and silently with:  /VERYSILENT /SUPPRESSMSGBOXES /NORESTART  (add /ALLUSERS from an elevated prompt).

#ifndef AppVersion
  #error Pass /DAppVersion=... (build.ps1 reads it from pyproject.toml)
#endif
#ifndef AppVersionNumeric
  #define AppVersionNumeric AppVersion
#endif
#ifndef AppPublisher
  #error Pass /DAppPublisher=... (build.ps1 reads it from pyproject.toml)
#endif
#ifndef BuildDir
  #define BuildDir "..\..\dist\Switchboard"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist\installer"
#endif

[Setup]
; The AppId identifies Switchboard to Windows across versions: never change it, or upgrades install
; beside the old version instead of over it.
AppId={{6D0B8F3E-2C4A-4E71-9A5D-3F8C1B7E2A90}
AppName=Switchboard
AppVersion={#AppVersion}
AppVerName=Switchboard {#AppVersion}
AppPublisher={#AppPublisher}
AppCopyright=Copyright (C) {#AppPublisher}
VersionInfoVersion={#AppVersionNumeric}
VersionInfoProductVersion={#AppVersionNumeric}
VersionInfoCompany={#AppPublisher}
VersionInfoDescription=Switchboard installer
; Per user: installs under %LOCALAPPDATA%\Programs\Switchboard without asking for administrator rights;
; /ALLUSERS on the command line installs under Program Files instead ({autopf} follows the mode).
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=commandline
DefaultDirName={autopf}\Switchboard
DefaultGroupName=Switchboard
DisableProgramGroupPage=yes
UninstallDisplayName=Switchboard
UninstallDisplayIcon={app}\Switchboard.exe
SetupIconFile=..\icons\switchboard.ico
OutputDir={#OutputDir}
OutputBaseFilename=Switchboard-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; PySide6 6.11 ships 64-bit Windows builds only.
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
; An upgrade closes a running Switchboard first instead of failing on locked files.
CloseApplications=yes
RestartApplications=no
#ifdef Sign
; "signtool" is defined by build.ps1 with /Ssigntool=...; it signs the setup and the uninstaller.
SignTool=signtool
SignedUninstaller=yes
#endif

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; A new build replaces the old one's libraries entirely, so no module of an older version lingers.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#BuildDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
#ifdef Profile
; The organisation profile beside Switchboard.exe, where the app looks for it on first start.
Source: "{#Profile}"; DestDir: "{app}"; DestName: "organisation-profile.json"; Flags: ignoreversion
#endif

[Icons]
Name: "{autoprograms}\Switchboard"; Filename: "{app}\Switchboard.exe"; Comment: "Forms and tables for your vendors' web APIs"
Name: "{autodesktop}\Switchboard"; Filename: "{app}\Switchboard.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\Switchboard.exe"; Description: "{cm:LaunchProgram,Switchboard}"; Flags: nowait postinstall skipifsilent
