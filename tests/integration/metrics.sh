#!/usr/bin/env bash
# metrics.sh - `arbiter worker --metrics ADDR` against a private
# redis-server: /healthz answers 200 once every slot runs; /metrics is
# text format 0.0.4 whose counters move as submissions are judged (an
# accepted, a wrong-answer, a compile-error and a memory-hog submission of
# problems/sum, through two slots); bad addresses fail with a clear message
# at --check-config and at start, and a taken port fails the start.
set -uo pipefail
bin=${ARBITER_BIN:-build/arbiter}
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 1
export ARBITER_POLICY_DIR=${ARBITER_POLICY_DIR:-$root/policies}
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok - $1"; }
bad() { fail=$((fail + 1)); echo "not ok - $1: $2"; }
skip() { echo "ok - $1 # SKIP $2"; }
expect() { if [ "$2" == "$3" ]; then ok "$1"; else bad "$1" "want '$2', got '$3'"; fi; }

# --- bad addresses: usage errors that say what is wrong (no Redis needed) ---
for a in "9464" "host:" ":0" ":65536" ":http" "::1:9464" "[::1]9464" "bad host:1"; do
	msg=$("$bin" worker --check-config --metrics "$a" 2>&1); rc=$?
	expect "--metrics '$a' is a usage error" 2 "$rc"
	grep -qF -- "--metrics: '$a'" <<<"$msg"
	expect "and the message names the flag and the value" 0 $?
done
msg=$(ARBITER_METRICS=nohost "$bin" worker --check-config 2>&1); rc=$?
expect "ARBITER_METRICS=nohost is a usage error" 2 "$rc"
grep -q "ARBITER_METRICS: 'nohost': expected HOST:PORT or :PORT" <<<"$msg"
expect "and names the variable" 0 $?
msg=$("$bin" worker --redis unix:///nonexistent.sock --metrics 9464 2>&1); rc=$?
expect "a worker started with a bad --metrics exits 2" 2 "$rc"
expect "and says why" "arbiter worker: --metrics: '9464': expected HOST:PORT or :PORT" "$msg"
out=$("$bin" worker --check-config --metrics :9464)
expect "--check-config shows the address" "metrics = :9464" "$(grep '^metrics' <<<"$out")"

if [ "$(id -u)" -ne 0 ] || ! command -v redis-server >/dev/null; then
	skip "worker metrics" "needs root (the sandbox) and redis-server"
	echo "$pass passed, $fail failed"
	[ "$fail" -eq 0 ]
	exit
fi

# shellcheck source=tests/integration/lib/private_redis.sh
. "$root/tests/integration/lib/private_redis.sh"
tmp=$(mktemp -d)
wpid=""
cleanup() {
	[ -n "$wpid" ] && kill -TERM "$wpid" 2>/dev/null && wait "$wpid"
	redis_stop "$tmp"
	rm -rf "$tmp"
}
trap cleanup EXIT
if ! redis_start "$tmp"; then
	bad "private redis-server" "did not start"
	exit 1
fi
url="unix://$tmp/r.sock"

# A free loopback port, and an HTTP client (python3 is always there).
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# get PATH: "STATUS CONTENT-TYPE" on the first line, then the body.
get() {
	python3 - "http://127.0.0.1:$port$1" <<'EOF'
import sys, urllib.request, urllib.error
try:
    r = urllib.request.urlopen(sys.argv[1], timeout=10)
except urllib.error.HTTPError as e:
    r = e
except OSError as e:
    print("000 -", e); sys.exit(0)
print(r.status, r.headers.get("Content-Type"))
sys.stdout.write(r.read().decode())
EOF
}

"$bin" worker --redis "$url" --slots 2 --problems problems --cache "$tmp/cache" \
	--metrics "127.0.0.1:$port" --log-format json 2>"$tmp/w.log" &
wpid=$!
for _ in $(seq 100); do
	h=$(get /healthz)
	[ "${h:0:3}" == 200 ] && break
	sleep 0.1
done
h=$(get /healthz)
expect "/healthz answers 200 once both slots run" "200" "${h:0:3}"
grep -q '2/2 slots' <<<"$h"; expect "and says 2/2 slots" 0 $?
h=$(get /nope)
expect "unknown paths are 404" "404" "${h:0:3}"

# value NAME{LABELS} in FILE: the sample's value, 0 when absent.
value() { awk -v k="$1" '$1 == k { v = $2 } END { print v == "" ? 0 : v }' "$2"; }

get /metrics >"$tmp/m0"
expect "/metrics answers 200 in text format 0.0.4" \
	"200 text/plain; version=0.0.4; charset=utf-8" "$(head -1 "$tmp/m0")"
tail -n +2 "$tmp/m0" >"$tmp/m0.txt"
for m in arbiter_submissions_total:counter arbiter_test_runs_total:counter \
	arbiter_judge_seconds:histogram arbiter_sandbox_setup_seconds:histogram \
	arbiter_oom_kills_total:counter arbiter_slots_busy:gauge arbiter_slots:gauge \
	arbiter_queue_depth:gauge arbiter_redis_reconnects_total:counter; do
	grep -qx "# TYPE ${m%%:*} ${m#*:}" "$tmp/m0.txt" && grep -q "^# HELP ${m%%:*} " "$tmp/m0.txt"
	expect "${m%%:*} has HELP and TYPE ${m#*:}" 0 $?
done
expect "arbiter_slots is 2" 2 "$(value arbiter_slots "$tmp/m0.txt")"
expect "the queue is empty" 0 "$(value 'arbiter_queue_depth{state="waiting"}' "$tmp/m0.txt")"
grep -q '^arbiter_queue_depth{state="pending"} 0$' "$tmp/m0.txt"
expect "and the pending gauge is there" 0 $?

# Four submissions: the answer must come back for each.
printf 'int main(void) { return syntax error; }\n' >"$tmp/ce.c"
for s in AC:problems/sum/submissions/accepted/sum.c \
	WA:problems/sum/submissions/wrong_answer/int_overflow.c \
	CE:"$tmp/ce.c" MLE:problems/sum/submissions/memory_limit_exceeded/hog.c; do
	"$bin" submit --redis "$url" --problem sum --id "m-${s%%:*}" "${s#*:}" >/dev/null &
done
wait_verdicts() {
	for id in m-AC m-WA m-CE m-MLE; do
		for _ in $(seq 600); do
			redis-cli -s "$tmp/r.sock" EXISTS "arbiter:result:$id" | grep -q 1 && break
			sleep 0.1
		done
	done
}
wait_verdicts
for v in AC WA CE MLE; do
	got=$(redis-cli -s "$tmp/r.sock" GET "arbiter:result:m-$v" |
		python3 -c 'import json,sys; print(json.load(sys.stdin)["verdict"])' 2>/dev/null)
	expect "m-$v judged $v" "$v" "$got"
done

get /metrics | tail -n +2 >"$tmp/m1.txt"
for v in AC WA CE MLE; do
	expect "submissions_total{verdict=$v,language=c} is 1" 1 \
		"$(value "arbiter_submissions_total{verdict=\"$v\",language=\"c\"}" "$tmp/m1.txt")"
done
runs=$(value arbiter_test_runs_total "$tmp/m1.txt")
tests=$(redis-cli -s "$tmp/r.sock" MGET arbiter:result:m-AC arbiter:result:m-WA \
	arbiter:result:m-CE arbiter:result:m-MLE |
	python3 -c 'import json,sys; print(sum(len(json.loads(l)["tests"]) for l in sys.stdin))')
expect "test_runs_total counts every test in the results" "$tests" "$runs"
[ "$runs" -ge 3 ]; expect "and at least the sample and two others ran" 0 $?
for p in queue_wait:4 compile:4 total:4 run:3 check:3; do
	expect "judge_seconds{phase=${p%%:*}} counted ${p#*:}" "${p#*:}" \
		"$(value "arbiter_judge_seconds_count{phase=\"${p%%:*}\"}" "$tmp/m1.txt")"
	expect "and its +Inf bucket equals its count" "${p#*:}" \
		"$(value "arbiter_judge_seconds_bucket{phase=\"${p%%:*}\",le=\"+Inf\"}" "$tmp/m1.txt")"
done
setup=$(value arbiter_sandbox_setup_seconds_count "$tmp/m1.txt")
[ "$setup" -ge $((runs + 4)) ]
expect "a sandbox setup per run and per compile ($setup >= $runs + 4)" 0 $?
python3 - "$tmp/m1.txt" <<'EOF'
import re, sys
# Every bucket series is cumulative: le ascending, counts never decreasing.
series = {}
for line in open(sys.argv[1]):
    m = re.match(r'(\w+)_bucket\{(.*?)le="([^"]+)"\} (\d+)$', line)
    if m:
        le = float("inf") if m[3] == "+Inf" else float(m[3])
        series.setdefault((m[1], m[2]), []).append((le, int(m[4])))
assert series, "no buckets"
for k, b in series.items():
    assert [x for x, _ in b] == sorted(x for x, _ in b), k
    assert all(b[i][1] <= b[i + 1][1] for i in range(len(b) - 1)), (k, b)
EOF
expect "histogram buckets are cumulative" 0 $?
oom=$(value arbiter_oom_kills_total "$tmp/m1.txt")
if grep -q '"cgroup":"none"' "$tmp/w.log"; then skip "oom_kills_total" "no cgroup"
else [ "$oom" -ge 1 ]; expect "oom_kills_total counts the hog's OOM kill ($oom)" 0 $?; fi
expect "no slot is busy now" 0 "$(value arbiter_slots_busy "$tmp/m1.txt")"
expect "no reconnects" 0 "$(value arbiter_redis_reconnects_total "$tmp/m1.txt")"

# A second worker on the same port cannot start, and says why.
msg=$("$bin" worker --redis "$url" --slots 1 --metrics "127.0.0.1:$port" 2>&1); rc=$?
expect "a taken port fails the start" 1 "$rc"
grep -q "metrics: listen on '127.0.0.1:$port': Address already in use" <<<"$msg"
expect "and names the address and the cause" 0 $?

kill -TERM "$wpid"; wait "$wpid"
expect "worker exits 0 on SIGTERM" 0 $?
wpid=""
h=$(get /metrics)
expect "the port is closed after the stop" "000" "${h:0:3}"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
