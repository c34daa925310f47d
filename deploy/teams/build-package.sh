#!/usr/bin/env bash
# Builds the Teams app package (a zip of manifest.json and the two icons) for sideloading or the admin
# center. Usage:
#   TEAMS_APP_ID=<Microsoft App ID of the Azure Bot> BOT_DOMAIN=humas.example.go.id \
#   PUBLISHER_NAME="Biro Humas" deploy/teams/build-package.sh [output.zip]
# An institution's own app (docs/TEAMS.md, "An institution's own app"): its App ID, and its name in Teams with
#   APP_SHORT_NAME="Humas Kemensos" (at most 30 characters) APP_FULL_NAME="…" (at most 100); default "Humas Bot".
# The icons are drawn by make-icons.py (standard library only) when they are missing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/humas-bot-teams.zip}"
: "${TEAMS_APP_ID:?set TEAMS_APP_ID to the Microsoft App ID of the bot (a GUID)}"
: "${BOT_DOMAIN:?set BOT_DOMAIN to the host that serves /api/messages, e.g. humas.example.go.id}"
PUBLISHER_NAME="${PUBLISHER_NAME:-Humas}"
APP_SHORT_NAME="${APP_SHORT_NAME:-Humas Bot}"
APP_FULL_NAME="${APP_FULL_NAME:-Humas Bot: berita kementerian dan usulan berita}"
[ -f "$here/color.png" ] && [ -f "$here/outline.png" ] || python3 "$here/make-icons.py"
python3 - "$here" "$out" "$TEAMS_APP_ID" "$BOT_DOMAIN" "$PUBLISHER_NAME" "$APP_SHORT_NAME" "$APP_FULL_NAME" <<'PY'
import json, re, sys, zipfile
here, out, app_id, domain, publisher, short_name, full_name = sys.argv[1:]
if not 0 < len(short_name) <= 30 or not 0 < len(full_name) <= 100:
    sys.exit("APP_SHORT_NAME must be 1 to 30 characters and APP_FULL_NAME 1 to 100 (Teams' limits)")
if not re.fullmatch(r"[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}", app_id):
    sys.exit("TEAMS_APP_ID must be a GUID (the Azure Bot's Microsoft App ID)")
text = open(f"{here}/manifest.json", encoding="utf-8").read()
text = text.replace("{{TEAMS_APP_ID}}", app_id).replace("{{BOT_DOMAIN}}", domain).replace("{{PUBLISHER_NAME}}", json.dumps(publisher)[1:-1])
text = text.replace("{{APP_SHORT_NAME}}", json.dumps(short_name)[1:-1]).replace("{{APP_FULL_NAME}}", json.dumps(full_name)[1:-1])
json.loads(text)  # still valid JSON after the replacements
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("manifest.json", text)
    z.write(f"{here}/color.png", "color.png")
    z.write(f"{here}/outline.png", "outline.png")
print(out)
PY
