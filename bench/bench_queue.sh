#!/usr/bin/env bash
# bench_queue.sh - throughput and latency through the queue (`make bench`).
#
# A private redis-server on a unix socket, a one-test problem, Python 3
# submissions (no gcc in the loop: what is measured is the queue, the
# worker and the sandbox, not a compiler).  Prints:
#   - submissions per second with 1 worker and with 2 workers (each with
#     SLOTS slots, default: cores / workers), N submissions queued at once;
#   - the median and p90 queue-to-result latency of one submission at a
#     time with an idle worker (XADD to the result appearing in the
#     results stream, measured by `arbiter submit --wait`);
#   - the same for bare `arbiter run` of that submission (no queue), as the
#     baseline measured in the same run;
#   - end to end, compile + run, for a Python and a C submission: through
#     the queue, with `arbiter run`, and bare on the host (py_compile, then
#     python3 on the input; gcc with the flags of policies/languages.yaml, then the
#     program on the input) as the baseline.
# Usage: bench_queue.sh [N]   (default 60)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${ARBITER_BIN:-build/arbiter}
n=${1:-60}
export ARBITER_POLICY_DIR="$PWD/policies"
[ "$(id -u)" -eq 0 ] || { echo "bench_queue: needs root (the sandbox)" >&2; exit 1; }
command -v redis-server >/dev/null || { echo "bench_queue: redis-server missing" >&2; exit 1; }

tmp=$(mktemp -d /tmp/arbiter-bench-XXXXXX)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

# One test: read n, print 2n.
mkdir -p "$tmp/problems/double/data/secret"
printf 'name: double\nlimits:\n  time_limit: 2\n' >"$tmp/problems/double/problem.yaml"
echo 21 >"$tmp/problems/double/data/secret/1.in"
echo 42 >"$tmp/problems/double/data/secret/1.ans"
printf 'print(2 * int(input()))\n' >"$tmp/double.py"
cat >"$tmp/double.c" <<'EOF_C'
#include <stdio.h>
int main(void)
{
	long n;
	if (scanf("%ld", &n) == 1)
		printf("%ld\n", 2 * n);
	return 0;
}
EOF_C
in="$tmp/problems/double/data/secret/1.in"
# The box's python3 is /usr/bin's (the policy's PATH), not a shim first
# on ours.
bare_py() {
	/usr/bin/python3 -m py_compile "$tmp/double.py" && /usr/bin/python3 "$tmp/double.py" <"$in"
}
bare_c() {
	gcc -O2 -std=gnu17 -pipe -o "$tmp/double-bare" "$tmp/double.c" -lm && "$tmp/double-bare" <"$in"
}

sock="$tmp/redis.sock"
redis-server --port 0 --unixsocket "$sock" --dir "$tmp" --save '' --appendonly no \
	--logfile "$tmp/redis.log" &
pids+=($!)
for _ in $(seq 100); do redis-cli -s "$sock" ping >/dev/null 2>&1 && break; sleep 0.05; done
rcli() { redis-cli -s "$sock" "$@"; }

start_workers() { # COUNT SLOTS
	for w in $(seq "$1"); do
		"$bin" worker --redis "unix://$sock" --problems "$tmp/problems" --slots "$2" \
			--box-base $((w * 16)) --name "bench$w" --cache "$tmp/cache" \
			--log-format json 2>>"$tmp/worker$w.log" &
		pids+=($!)
		wpids+=($!)
	done
	sleep 1
}
stop_workers() {
	for p in "${wpids[@]}"; do kill -TERM "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
	wpids=()
}

now() { date +%s.%N; }

throughput() { # WORKERS SLOTS
	local w=$1 s=$2 t0 t1
	rcli DEL arbiter:results >/dev/null
	start_workers "$w" "$s"
	t0=$(now)
	# RESP-encoded, so the JSON needs no shell quoting.
	python3 - "$w" "$n" "$tmp/double.py" <<'PY' | rcli --pipe >/dev/null
import json, sys
w, n, src = sys.argv[1], int(sys.argv[2]), open(sys.argv[3]).read()
out = sys.stdout.buffer
for i in range(1, n + 1):
    msg = json.dumps({"id": f"t{w}-{i}", "problem": "double", "language": "python3", "source": src})
    args = [b"XADD", b"arbiter:submissions", b"*", b"submission", msg.encode()]
    out.write(b"*%d\r\n" % len(args) + b"".join(b"$%d\r\n%s\r\n" % (len(a), a) for a in args))
PY
	while [ "$(rcli XLEN arbiter:results)" -lt "$n" ]; do sleep 0.02; done
	t1=$(now)
	stop_workers
	local ac
	ac=$(rcli XRANGE arbiter:results - + | grep -c '"verdict":"AC"' || true)
	[ "$ac" -eq "$n" ] || echo "warning: only $ac of $n results are AC" >&2
	python3 -c "print(f'{$w} worker(s) x {$s} slot(s): {$n} submissions in {$t1 - $t0:.2f} s = {$n / ($t1 - $t0):.1f} submissions/s')"
}

latency() { # LABEL CMD...
	local label=$1
	shift
	local times=()
	for _ in $(seq 15); do
		local t0 t1
		t0=$(now)
		"$@" >/dev/null
		t1=$(now)
		times+=("$(python3 -c "print($t1 - $t0)")")
	done
	python3 - "$label" "${times[@]}" <<'PY'
import statistics, sys
label, ts = sys.argv[1], sorted(float(t) * 1000 for t in sys.argv[2:])
print(f"{label}: median {statistics.median(ts):.0f} ms, p90 {ts[int(len(ts) * 0.9) - 1]:.0f} ms (n={len(ts)})")
PY
}

cores=$(nproc)
wpids=()
echo "== throughput ($n python3 submissions, one test each, $cores cores)"
throughput 1 "$cores"
throughput 2 $(( cores / 2 > 0 ? cores / 2 : 1 ))

echo "== latency of one submission, idle worker"
start_workers 1 1
latency "queue (submit --wait)" "$bin" submit --redis "unix://$sock" --problem double --wait "$tmp/double.py"
latency "C through the queue (compile + run)" "$bin" submit --redis "unix://$sock" --problem double --wait "$tmp/double.c"
stop_workers
latency "baseline (arbiter run, no queue)" "$bin" run "$tmp/problems/double" "$tmp/double.py"
echo "== end to end, compile + run, against the same bare on the host"
latency "python3, arbiter run" "$bin" run "$tmp/problems/double" "$tmp/double.py"
latency "python3, bare" bare_py
latency "C, arbiter run" "$bin" run "$tmp/problems/double" "$tmp/double.c"
latency "C, bare gcc + run" bare_c
