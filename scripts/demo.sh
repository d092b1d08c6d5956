#!/usr/bin/env bash
# demo.sh - `make demo`: the whole product on an embedded default.
#
# Starts a private redis-server on a unix socket in a temporary directory
# (nothing listens on the network), one `arbiter worker` with a slot per
# core, submits every example submission of problems/*/submissions/ through
# the queue with `arbiter submit`, prints a table of verdicts and timings,
# and cleans everything up - also on Ctrl-C or a failure.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${ARBITER_BIN:-build/arbiter}
[ -x "$bin" ] || make -s all
if [ "$(id -u)" -ne 0 ]; then
	echo "demo: the sandbox needs root (namespaces, cgroups); run as root" >&2
	exit 1
fi
command -v redis-server >/dev/null || { echo "demo: redis-server missing; run 'make deps'" >&2; exit 1; }
export ARBITER_POLICY_DIR="$PWD/policies"

tmp=$(mktemp -d /tmp/arbiter-demo-XXXXXX)
redis_pid="" worker_pid=""
cleanup() {
	[ -n "$worker_pid" ] && kill -TERM "$worker_pid" 2>/dev/null && wait "$worker_pid" 2>/dev/null || true
	[ -n "$redis_pid" ] && kill -TERM "$redis_pid" 2>/dev/null && wait "$redis_pid" 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

sock="$tmp/redis.sock"
url="unix://$sock"
redis-server --port 0 --unixsocket "$sock" --unixsocketperm 700 --dir "$tmp" \
	--save '' --appendonly no --logfile "$tmp/redis.log" &
redis_pid=$!
for _ in $(seq 100); do
	redis-cli -s "$sock" ping >/dev/null 2>&1 && break
	sleep 0.05
done
slots=$(nproc)
"$bin" worker --redis "$url" --problems problems --slots "$slots" \
	--cache "$tmp/cache" --log-format human 2>"$tmp/worker.log" &
worker_pid=$!
echo "redis on $sock, worker pid $worker_pid with $slots slots (log: worker.log)"

# Every example submission: problems/<p>/submissions/<expected>/<file or folder>.
subs=()
for d in problems/*/submissions/*/*; do
	[ -e "$d" ] && subs+=("$d")
done
start=$(date +%s.%N)
mkdir -p "$tmp/results"
i=0
for s in "${subs[@]}"; do
	i=$((i + 1))
	problem=$(echo "$s" | cut -d/ -f2)
	( "$bin" submit --redis "$url" --problem "$problem" --id "demo-$i" --wait --json \
		--timeout 300 "$s" >"$tmp/results/$i.json" 2>"$tmp/results/$i.err" || true ) &
	# A few submitters at a time: the queue holds the rest anyway.
	while [ "$(jobs -rp | wc -l)" -ge 8 ]; do sleep 0.05; done
done
wait "${!}" 2>/dev/null || true
while [ "$(jobs -rp | grep -v -e "^$worker_pid\$" -e "^$redis_pid\$" | wc -l)" -gt 0 ]; do sleep 0.1; done
end=$(date +%s.%N)

python3 - "$tmp/results" "$start" "$end" "${subs[@]}" <<'PY'
import json, os, sys
resdir, start, end, subs = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4:]
expect = {"accepted": "AC", "wrong_answer": "WA", "time_limit_exceeded": "TLE",
          "run_time_error": "RTE", "memory_limit_exceeded": "MLE",
          "output_limit_exceeded": "OLE", "compile_error": "CE",
          "partially_accepted": "part"}
good = 0
print(f"{'problem':<10} {'submission':<38} {'lang':<10} {'want':<4} {'got':<4} {'cpu s':>6}  worker")
for i, s in enumerate(subs, 1):
    parts = s.split("/")
    want = expect.get(parts[3], "?")
    try:
        with open(os.path.join(resdir, f"{i}.json")) as f:
            r = json.load(f)
    except (OSError, ValueError):
        with open(os.path.join(resdir, f"{i}.err")) as f:
            r = {"verdict": "--", "language": "", "time_ms": 0, "worker": f.read().strip()[:40]}
    if want == "part":  # a scoring problem's partial credit: some, not all
        score, top = r.get("score") or 0, r.get("max_score")
        ok = r["verdict"] not in ("AC", "CE", "JE") and 0 < score and (top is None or score < top)
    else:
        ok = r["verdict"] == want
    good += ok
    print(f"{parts[1]:<10} {'/'.join(parts[3:]):<38} {r.get('language',''):<10} {want:<4} "
          f"{r['verdict']:<4} {r.get('time_ms',0)/1000:>6.3f}  {r.get('worker','')}"
          + (f"  score {r['score']:g}/{r['max_score']:g}" if r.get("max_score") else "")
          + ("" if ok else "   <-- unexpected"))
print(f"\n{good} of {len(subs)} submissions got their expected verdict, "
      f"in {end - start:.1f} s through the queue")
sys.exit(0 if good == len(subs) else 1)
PY
