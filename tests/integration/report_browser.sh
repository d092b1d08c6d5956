#!/usr/bin/env bash
# report_browser.sh - `arbiter batch`'s report.html in a real browser:
# headless Chromium from Debian (no npm, no network).  A batch of 50
# generated students (scripts/batch-class.sh: every verdict) is judged,
# its output folder is served on 127.0.0.1 by python3 -m http.server, and
# report_browser/check.html loads the report in an iframe, checks that it
# rendered (table, one row per student, the three SVG charts with their
# bars), clicks column headers and checks every sort, then prints a
# REPORT-CHECK: PASS or FAIL marker that `chromium --dump-dom` shows.
# A screenshot is taken too; REPORT_SCREENSHOT=docs/batch-report.png keeps
# it (that is how the README's picture is made).
set -uo pipefail
bin=${ARBITER_BIN:-build/arbiter}
export ARBITER_POLICY_DIR=${ARBITER_POLICY_DIR:-$PWD/policies}
n=${REPORT_STUDENTS:-50}
pass=0 fail=0

skip_all() { echo "ok - report_browser # SKIP $1"; echo "0 passed, 0 failed"; exit 0; }
chromium=$(command -v chromium || command -v chromium-browser || true)
[ -n "$chromium" ] || skip_all "chromium not installed (apt-get install chromium)"
[ "$(id -u)" -eq 0 ] || skip_all "needs root (arbiter batch)"
command -v python3 >/dev/null || skip_all "python3 not installed"
ok() { pass=$((pass + 1)); echo "ok - $1"; }
bad() { fail=$((fail + 1)); echo "not ok - $1: $2"; }
expect() { if [ "$2" == "$3" ]; then ok "$1"; else bad "$1" "want '$2', got '$3'"; fi; }

tmp=$(mktemp -d)
spid=
trap '[ -n "$spid" ] && kill "$spid" 2>/dev/null; rm -rf "$tmp"' EXIT

# Without --disable-background-networking (and its friends) Chromium
# reaches for Google's servers at start; CI has no network.
chrome() {
	"$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--hide-scrollbars --user-data-dir="$(mktemp -d "$tmp/profile.XXXXXX")" "$@" \
		2>>"$tmp/chromium.log"
}

bash scripts/batch-class.sh "$tmp/class" "$n"
start=$(date +%s)
"$bin" batch --jobs 2 --box-base 64 -o "$tmp/out" problems/sum "$tmp/class" \
	>/dev/null 2>"$tmp/stderr"
expect "batch of $n exits 0" 0 $?
echo "# batch of $n: $(($(date +%s) - start)) s"
for f in results.csv results.json report.html; do
	[ -s "$tmp/out/$f" ]; expect "batch wrote $f" 0 $?
done
expect "CSV has $n rows" "$n" "$(($(wc -l <"$tmp/out/results.csv") - 1))"
expect "JSON has $n students" "$n" \
	"$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$tmp/out/results.json")"

cp tests/integration/report_browser/check.html "$tmp/out/"
python3 -u -m http.server --bind 127.0.0.1 --directory "$tmp/out" 0 >"$tmp/http.log" 2>&1 &
spid=$!
port=
for _ in $(seq 50); do
	port=$(grep -o 'port [0-9]*' "$tmp/http.log" | head -1 | cut -d' ' -f2)
	[ -n "$port" ] && break
	sleep 0.1
done
[ -n "$port" ] || { bad "http server" "$(cat "$tmp/http.log")"; echo "$pass passed, $fail failed"; exit 1; }
base=http://127.0.0.1:$port

start=$(date +%s)
marker=$(chrome --virtual-time-budget=5000 --dump-dom "$base/check.html?n=$n" |
	grep -o 'REPORT-CHECK: [^<]*')
expect "report renders, charts there, table sorts (in Chromium)" "REPORT-CHECK: PASS" "$marker"
[ "$marker" == "REPORT-CHECK: PASS" ] || tail -5 "$tmp/chromium.log"
shot=${REPORT_SCREENSHOT:-$tmp/report.png}
chrome --window-size=1280,900 --screenshot="$shot" "$base/report.html" >/dev/null
expect "screenshot is a PNG" "PNG" "$(head -c 4 "$shot" 2>/dev/null | tail -c 3)"
echo "# chromium: $(($(date +%s) - start)) s"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
