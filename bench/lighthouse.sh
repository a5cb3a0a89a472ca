#!/usr/bin/env bash
# Lighthouse scores (performance, accessibility, best practices, SEO) for a judge page and the
# checker, served as a host following the site's recommended headers would serve them (strict
# CSP). Prints the four scores per page; asserts nothing.
# Goals (issue 6): performance >= 95, accessibility 100, best practices 100, SEO 100.
# Usage: bash bench/lighthouse.sh        (after `make build`; fetches lighthouse from npm once)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
[ -f site/index.html ] || { echo "build the site first: make build" >&2; exit 2; }
LH_VERSION=12.8.2
export CHROME_PATH=/usr/bin/chromium
port=$($PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
$PY -m conferral_site.serve site --port "$port" >/dev/null &
server_pid=$!
trap 'kill $server_pid 2>/dev/null' EXIT
sleep 1
out=$(mktemp -d)
for path in judges/caed-claire/ checker/ es/judges/caed-claire/ es/checker/; do
  name=$(echo "$path" | tr '/' '_')
  npx --yes "lighthouse@$LH_VERSION" "http://127.0.0.1:$port/$path" --quiet --output=json \
    --output-path="$out/$name.json" --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run --disable-quic" >/dev/null 2>&1
  $PY - "$out/$name.json" "$path" <<'PYEOF'
import json, sys
report = json.load(open(sys.argv[1]))
scores = {k: round(v["score"] * 100) for k, v in report["categories"].items()}
print(f"/{sys.argv[2]}: performance {scores['performance']}, accessibility {scores['accessibility']}, "
      f"best practices {scores['best-practices']}, SEO {scores['seo']}")
failed = [a["id"] for a in report["audits"].values() if a.get("score") is not None and a["score"] < 1
          and a.get("scoreDisplayMode") == "binary"]
if failed:
    print("   audits not passed:", ", ".join(sorted(failed)))
PYEOF
done
