#!/usr/bin/env bash
# batch_redis.sh - `arbiter batch --redis`: a class of 12 generated students
# (scripts/batch-class.sh: every verdict; one source not UTF-8) judged
# through a private Redis on a unix socket and an `arbiter worker` with 2
# slots and no --problems (so the package must come from the push), against
# a local `arbiter batch` of the same folder: same rows, same verdicts.  Then resuming, --rejudge,
# --timeout with no worker, Redis down at start and Redis going away.
set -uo pipefail
bin=${ARBITER_BIN:-build/arbiter}
export ARBITER_POLICY_DIR=${ARBITER_POLICY_DIR:-$PWD/policies}
problem=$PWD/problems/sum
pass=0 fail=0

skip_all() { echo "# SKIP batch_redis: $1"; echo "0 passed, 0 failed"; exit 0; }
[ "$(id -u)" -eq 0 ] || skip_all "needs root"
command -v redis-server >/dev/null || skip_all "redis-server not installed"
ok() { pass=$((pass + 1)); echo "ok - $1"; }
bad() { fail=$((fail + 1)); echo "not ok - $1: $2"; }
expect() { if [ "$2" == "$3" ]; then ok "$1"; else bad "$1" "want '$2', got '$3'"; fi; }

tmp=$(mktemp -d)
wpid=
stop_worker() {
	[ -n "$wpid" ] || return 0
	kill -TERM "$wpid" 2>/dev/null
	wait "$wpid" 2>/dev/null
	wpid=
}
stop_redis() {
	[ -s "$tmp/r.pid" ] || return 0
	kill "$(cat "$tmp/r.pid")" 2>/dev/null
	for _ in $(seq 50); do [ -S "$tmp/r.sock" ] || break; sleep 0.1; done
	rm -f "$tmp/r.pid"
}
trap 'stop_worker; stop_redis; rm -rf "$tmp"' EXIT
start_redis() {
	redis-server --port 0 --unixsocket "$tmp/r.sock" --dir "$tmp" --save '' \
		--appendonly no --daemonize yes --pidfile "$tmp/r.pid" >/dev/null
	for _ in $(seq 50); do [ -S "$tmp/r.sock" ] && break; sleep 0.1; done
}
start_worker() {
	"$bin" worker --redis "$url" --slots 2 --box-base 60 --cache "$tmp/cache" \
		--log-format json 2>>"$tmp/worker.log" &
	wpid=$!
}
url=unix://$tmp/r.sock
csv_rows() { # student,verdict,score,passed,total,message: what must not differ
	python3 -c '
import csv, sys
for r in list(csv.reader(open(sys.argv[1], newline="")))[1:]:
    print(",".join(r[:5] + [r[7]]))' "$1"
}

bash scripts/batch-class.sh "$tmp/class" 12
# Not UTF-8 (a Latin-1 comment): JSON cannot carry it, so it goes as a tar.
{ printf '/* \351l\350ve */\n'; cat "$problem/submissions/accepted/sum.c"; } >"$tmp/class/ada00.c"
"$bin" batch --jobs 2 --box-base 62 -o "$tmp/local" "$problem" "$tmp/class" \
	>/dev/null 2>"$tmp/stderr"
expect "local batch exits 0" 0 $?

# --- Redis down at start: a clear message, exit 1, no reports -------------
"$bin" batch --redis "$url" -o "$tmp/q" "$problem" "$tmp/class" >/dev/null 2>"$tmp/stderr"
expect "Redis down: exit 1" 1 $?
if grep -q "cannot reach Redis at $tmp/r.sock" "$tmp/stderr"; then ok "Redis down: says so"
else bad "Redis down: says so" "$(cat "$tmp/stderr")"; fi
expect "Redis down: no report written" "" "$(ls "$tmp/q"/*.csv 2>/dev/null)"

# --- through the queue: the same results as locally -------------------------
start_redis
start_worker
"$bin" batch --redis "$url" -o "$tmp/q" "$problem" "$tmp/class" >"$tmp/stdout" 2>"$tmp/stderr"
rc=$?
expect "queue batch exits 0" 0 "$rc"
[ "$rc" -eq 0 ] || { cat "$tmp/stderr"; tail -5 "$tmp/worker.log"; }
expect "one progress line per student" 12 "$(grep -c '^\[[0-9]*/12\]' "$tmp/stderr")"
expect "stdout names the reports" 3 "$(grep -c "$tmp/q/" "$tmp/stdout")"
expect "CSV rows and verdicts equal the local batch's" "$(csv_rows "$tmp/local/results.csv")" \
	"$(csv_rows "$tmp/q/results.csv")"
expect "a Latin-1 source is judged (sent as a tar)" "ada00,AC" \
	"$(grep '^ada00,' "$tmp/q/results.csv" | cut -d, -f1-2)"
expect "every verdict of the class is there" "AC CE MLE OLE RTE TLE WA" \
	"$(tail -n +2 "$tmp/q/results.csv" | cut -d, -f2 | sort -u | tr '\n' ' ' | sed 's/ $//')"
expect "results.json: 12 students, id = student, meta echoed" "12 12" "$(python3 -c '
import json, sys
a = json.load(open(sys.argv[1]))
print(len(a), sum(1 for e in a if e["result"]["id"] == e["student"]
                  and e["result"]["meta"]["student"] == e["student"]))' "$tmp/q/results.json")"
expect "report has one row per student" 12 \
	"$(sed -n '/<tbody>/,/<\/tbody>/p' "$tmp/q/report.html" | grep -c '^<tr>')"
expect "the package was pushed" 1 \
	"$(redis-cli -s "$tmp/r.sock" HEXISTS arbiter:problem:sum sha1 2>/dev/null)"

# --- resuming, --rejudge ---------------------------------------------------
"$bin" batch --redis "$url" -o "$tmp/q" "$problem" "$tmp/class" >/dev/null 2>"$tmp/stderr"
expect "re-run exits 0" 0 $?
if grep -q '12 students, 0 to judge' "$tmp/stderr"; then ok "re-run skips everyone"
else bad "re-run skips everyone" "$(cat "$tmp/stderr")"; fi
rm "$tmp/q/results/ada00.json"
"$bin" batch --redis "$url" -o "$tmp/q" "$problem" "$tmp/class" >/dev/null 2>"$tmp/stderr"
if grep -q '12 students, 1 to judge' "$tmp/stderr"; then ok "a missing result is queued again"
else bad "a missing result is queued again" "$(cat "$tmp/stderr")"; fi
expect "and comes back" AC "$(grep '^ada00,' "$tmp/q/results.csv" | cut -d, -f2)"
"$bin" batch --redis "$url" --rejudge -o "$tmp/q" "$problem" "$tmp/class" >/dev/null 2>"$tmp/stderr"
expect "--rejudge exits 0" 0 $?
expect "--rejudge judges everyone again (fresh ids)" 12 "$(grep -c '^\[[0-9]*/12\]' "$tmp/stderr")"
expect "--rejudge: same rows" "$(csv_rows "$tmp/local/results.csv")" "$(csv_rows "$tmp/q/results.csv")"

# --- no worker: --timeout ends the wait ------------------------------------
stop_worker
rm "$tmp/q/results/ben01.json"
start=$(date +%s)
"$bin" batch --redis "$url" --timeout 2 -o "$tmp/q" "$problem" "$tmp/class" >/dev/null 2>"$tmp/stderr"
expect "no worker: exit 1" 1 $?
if grep -q 'no result for 1 student(s) in 2 s (--timeout)' "$tmp/stderr"; then ok "no worker: says so"
else bad "no worker: says so" "$(cat "$tmp/stderr")"; fi
el=$(($(date +%s) - start))
if [ "$el" -le 6 ]; then ok "no worker: gives up in time (${el} s)"; else bad "no worker: gives up in time" "${el} s"; fi

# --- Redis going away while results are awaited ------------------------------
"$bin" batch --redis "$url" --timeout 3 --rejudge -o "$tmp/q" "$problem" "$tmp/class" \
	>/dev/null 2>"$tmp/stderr" &
bpid=$!
for _ in $(seq 100); do grep -q 'through the queue' "$tmp/stderr" && break; sleep 0.1; done
sleep 0.5
stop_redis
wait "$bpid"
expect "Redis gone: exit 1" 1 $?
if grep -q "Redis at $tmp/r.sock away for [0-9]* s" "$tmp/stderr"; then ok "Redis gone: says so"
else bad "Redis gone: says so" "$(cat "$tmp/stderr")"; fi
if grep -qi 'sanitizer\|segmentation\|abort' "$tmp/stderr"; then bad "Redis gone: no crash" "$(cat "$tmp/stderr")"
else ok "Redis gone: no crash"; fi

# --- usage errors --------------------------------------------------------------
"$bin" batch --redis ftp://x "$problem" "$tmp/class" 2>/dev/null; expect "bad URL: exit 2" 2 $?
"$bin" batch --redis "$url" --timeout soon "$problem" "$tmp/class" 2>/dev/null
expect "bad --timeout: exit 2" 2 $?

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
