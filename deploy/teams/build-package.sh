#!/usr/bin/env bash
# Builds the Teams app package (a zip of manifest.json and the two icons) for sideloading or the admin
# center. Usage:
#   TEAMS_APP_ID=<Microsoft App ID of the Azure Bot> BOT_DOMAIN=humas.example.go.id \
#   PUBLISHER_NAME="Biro Humas" deploy/teams/build-package.sh [output.zip]
# The icons are drawn by make-icons.py (standard library only) when they are missing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/humas-bot-teams.zip}"
: "${TEAMS_APP_ID:?set TEAMS_APP_ID to the Microsoft App ID of the bot (a GUID)}"
: "${BOT_DOMAIN:?set BOT_DOMAIN to the host that serves /api/messages, e.g. humas.example.go.id}"
PUBLISHER_NAME="${PUBLISHER_NAME:-Humas}"
[ -f "$here/color.png" ] && [ -f "$here/outline.png" ] || python3 "$here/make-icons.py"
python3 - "$here" "$out" "$TEAMS_APP_ID" "$BOT_DOMAIN" "$PUBLISHER_NAME" <<'PY'
import json, re, sys, zipfile
here, out, app_id, domain, publisher = sys.argv[1:]
if not re.fullmatch(r"[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}", app_id):
    sys.exit("TEAMS_APP_ID must be a GUID (the Azure Bot's Microsoft App ID)")
text = open(f"{here}/manifest.json", encoding="utf-8").read()
text = text.replace("{{TEAMS_APP_ID}}", app_id).replace("{{BOT_DOMAIN}}", domain).replace("{{PUBLISHER_NAME}}", publisher)
json.loads(text)  # still valid JSON after the replacements
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("manifest.json", text)
    z.write(f"{here}/color.png", "color.png")
    z.write(f"{here}/outline.png", "outline.png")
print(out)
PY
