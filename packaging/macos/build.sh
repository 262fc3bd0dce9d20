#!/usr/bin/env bash
# Builds Switchboard for macOS: dist/Switchboard.app (PyInstaller, from build.spec), its self-check,
# and dist/Switchboard-<version>.dmg (hdiutil); then, when the team's identity is given, signs,
# notarizes and staples both.
#
#   python3.11 -m venv .venv && .venv/bin/pip install -e ".[build]"
#   packaging/macos/build.sh [--profile /path/to/organisation-profile.json]
#
# Signing and notarization (optional; all three are the team's own values, never committed):
#   SIGN_IDENTITY   "Developer ID Application: Example Ltd (TEAMID1234)"   (security find-identity -v -p codesigning)
#   NOTARY_PROFILE  a notarytool keychain profile, created once per Mac with:
#                     xcrun notarytool store-credentials "switchboard-notary" \
#                       --apple-id "it@example.com" --team-id "TEAMID1234" --password "<app-specific password>"
#
#   SIGN_IDENTITY="Developer ID Application: Example Ltd (TEAMID1234)" NOTARY_PROFILE=switchboard-notary \
#       packaging/macos/build.sh --profile it/organisation-profile.json
#
# The app is built for the Mac's own architecture (arm64 on Apple silicon, x86_64 on Intel); build
# on each kind you support.  Requires macOS 13 or later (Qt 6.11's minimum), Xcode command line tools.
set -euo pipefail
cd "$(dirname "$0")/../.."

PYTHON=${PYTHON:-.venv/bin/python}
PROFILE=""
while [ $# -gt 0 ]; do
    case "$1" in
        --profile) PROFILE=$2; shift 2 ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done

VERSION=$("$PYTHON" -c 'import app; print(app.__version__)')
APP=dist/Switchboard.app
DMG=dist/Switchboard-$VERSION.dmg
ENTITLEMENTS=packaging/macos/entitlements.plist
echo "Switchboard $VERSION"

# --- the .app -----------------------------------------------------------------------------------
# With an identity, PyInstaller signs every library and the executable with it (hardened runtime,
# secure timestamp, packaging/macos/entitlements.plist): build.spec reads SWITCHBOARD_CODESIGN_IDENTITY.
export SWITCHBOARD_CODESIGN_IDENTITY=${SIGN_IDENTITY:-}
rm -rf build dist
"$PYTHON" -m PyInstaller --noconfirm build.spec

# The profile goes into Contents/Resources, where the app looks for it, and before the bundle's
# final signature: a signed bundle must not change afterwards.
if [ -n "$PROFILE" ]; then
    cp "$PROFILE" "$APP/Contents/Resources/organisation-profile.json"
fi

# --- the self-check (also checks the profile just added) ----------------------------------------
smoke_config=$(mktemp -d)
SWITCHBOARD_CONFIG_DIR=$smoke_config QT_QPA_PLATFORM=offscreen "$APP/Contents/MacOS/Switchboard" --smoke
rm -rf "$smoke_config"

# --- signing the bundle -------------------------------------------------------------------------
if [ -n "${SIGN_IDENTITY:-}" ]; then
    # The outer signature seals Contents/Resources (and so the profile); the code inside was signed
    # by PyInstaller above.
    codesign --force --timestamp --options runtime --entitlements "$ENTITLEMENTS" \
        --sign "$SIGN_IDENTITY" "$APP"
    codesign --verify --deep --strict --verbose=2 "$APP"
else
    # PyInstaller signed it ad hoc; re-seal after the profile was added so the bundle stays valid.
    codesign --force --sign - "$APP"
    echo "No SIGN_IDENTITY: the app is signed ad hoc only; Gatekeeper will block it on other Macs."
fi

# --- the dmg: the app and a link to /Applications to drag it onto -------------------------------
staging=$(mktemp -d)
cp -R "$APP" "$staging/"
ln -s /Applications "$staging/Applications"
rm -f "$DMG"
hdiutil create -volname "Switchboard $VERSION" -srcfolder "$staging" -fs HFS+ -format UDZO -ov "$DMG"
rm -rf "$staging"

# --- signing and notarizing the dmg -------------------------------------------------------------
if [ -n "${SIGN_IDENTITY:-}" ]; then
    codesign --force --timestamp --sign "$SIGN_IDENTITY" "$DMG"
    if [ -n "${NOTARY_PROFILE:-}" ]; then
        # Apple checks the dmg and everything in it; --wait returns when it has decided (minutes).
        xcrun notarytool submit "$DMG" --keychain-profile "$NOTARY_PROFILE" --wait
        # The ticket is attached to the dmg so it opens without a network check.
        xcrun stapler staple "$DMG"
        spctl --assess --type open --context context:primary-signature --verbose=2 "$DMG"
    else
        echo "No NOTARY_PROFILE: signed but not notarized; Gatekeeper warns on other Macs."
    fi
fi

echo "Built $DMG ($(du -sh "$DMG" | cut -f1)); the app folder is $(du -sh "$APP" | cut -f1)."
