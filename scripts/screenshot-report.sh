#!/usr/bin/env bash
# Renders a saved JSON report to the self-contained HTML view and screenshots it with
# headless Chromium (Debian's `chromium`, installed with apt-get when missing).
#
#   scripts/screenshot-report.sh [report.json] [out.png] [width,height]
#
# Defaults: test/fixtures/reports/pizza-crash.json → docs/report-screenshot.png at 1400x3960,
# the whole of that page (so the defaults reproduce the committed screenshot); pass e.g.
# 1400,2400 for the first screenful only.
# Needs the compiled dist/ (`npm run build`). Chromium is started with no network
# features; the page itself fetches nothing (its CSP is default-src 'none').
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
report="$(realpath "${1:-$root/test/fixtures/reports/pizza-crash.json}")"
out="$(realpath -m "${2:-$root/docs/report-screenshot.png}")"
size="${3:-1400,3960}"

if [[ ! -f "$root/dist/src/report/html/index.js" ]]; then
  echo "screenshot-report: dist/ is missing; run \`npm run build\` first." >&2
  exit 2
fi

if ! command -v chromium >/dev/null 2>&1; then
  echo "screenshot-report: installing chromium with apt-get…" >&2
  apt-get install -y chromium >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y chromium >/dev/null; }
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
html="$work/report.html"

node --input-type=module - "$root/dist/src/report/html/index.js" "$report" "$html" <<'JS'
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
const [moduleFile, reportFile, htmlFile] = process.argv.slice(2);
const { renderHtml } = await import(pathToFileURL(moduleFile).href);
writeFileSync(htmlFile, renderHtml(JSON.parse(readFileSync(reportFile, 'utf8'))));
JS

mkdir -p "$(dirname "$out")"
chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
  --disable-component-update --disable-sync --no-first-run --hide-scrollbars \
  --user-data-dir="$work/profile" --window-size="$size" \
  --screenshot="$out" "file://$html" >"$work/chromium.log" 2>&1 || {
  cat "$work/chromium.log" >&2
  exit 3
}
echo "screenshot: $out ($(du -k "$out" | cut -f1) KB) from $report"
