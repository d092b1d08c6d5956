#!/usr/bin/env bash
# valgrind_worker.sh - `make valgrind`: the worker loop under memcheck.
#
# Starts a private redis-server on a unix socket in a temporary directory,
# pushes problems/hello, sum and multifile with `arbiter problem push`,
# enqueues 100 submissions with `arbiter submit` (AC, WA, CE, RTE, TLE, MLE,
# OLE, a folder, an archive, an unknown problem, a message that is not
# JSON), runs `arbiter worker` under valgrind until every result is in,
# stops it with SIGTERM, and fails if
#   - any process of the worker reported a memcheck error or a definite or
#     indirect leak (one log per process: the master, each slot, and the
#     box's init, forked from a slot; the compilers and programs the box
#     execs run natively: --trace-children=no),
#   - a result is missing, duplicated or has the wrong verdict,
#   - the worker exited non-zero.
# tests/valgrind.supp holds only valgrind's own false positives.  Needs root (the sandbox), valgrind and redis-server.
#
#   tests/valgrind_worker.sh [BIN]      BIN defaults to build-valgrind/arbiter
#   VALGRIND_N=100  submissions         VALGRIND_KEEP=1  keep the temp dir
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
bin=${1:-${ARBITER_BIN:-build-valgrind/arbiter}}
n=${VALGRIND_N:-100}
die() { echo "valgrind: $*" >&2; exit 1; }
[ -x "$bin" ] || die "$bin missing; run 'make valgrind'"
[ "$(id -u)" -eq 0 ] || die "the sandbox needs root"
command -v valgrind >/dev/null || die "valgrind missing; run 'make deps'"
command -v redis-server >/dev/null || die "redis-server missing; run 'make deps'"
export ARBITER_POLICY_DIR="$PWD/policies"

tmp=$(mktemp -d /tmp/arbiter-valgrind-XXXXXX)
redis_pid="" worker_pid=""
cleanup() {
	[ -n "$worker_pid" ] && kill -TERM "$worker_pid" 2>/dev/null && wait "$worker_pid" 2>/dev/null
	[ -n "$redis_pid" ] && kill -TERM "$redis_pid" 2>/dev/null && wait "$redis_pid" 2>/dev/null
	if [ -n "${VALGRIND_KEEP:-}" ]; then echo "valgrind: kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

sock="$tmp/redis.sock"
url="unix://$sock"
rcli() { redis-cli -s "$sock" "$@"; }
redis-server --port 0 --unixsocket "$sock" --unixsocketperm 700 --dir "$tmp" \
	--save '' --appendonly no --logfile "$tmp/redis.log" &
redis_pid=$!
for _ in $(seq 100); do
	rcli ping >/dev/null 2>&1 && break
	sleep 0.05
done
rcli ping >/dev/null || die "redis-server did not start (see $tmp/redis.log)"
echo "valgrind: redis up after $SECONDS s"
"$bin" problem push --redis "$url" problems/hello problems/sum problems/multifile \
	>/dev/null || die "problem push failed"

# The mix: problem|file|expected verdict|extra submit flags.  Short limits
# keep the TLE and MLE cases quick; Java is left out (a JVM per test).
h=problems/hello/submissions s=problems/sum/submissions m=problems/multifile/submissions
kinds=(
	"hello|$h/accepted/hello.c|AC|"
	"hello|$h/accepted/hello.py|AC|"
	"hello|$h/wrong_answer/comma.py|WA|"
	"hello|$h/compile_error/missing_semicolon.c|CE|"
	"hello|$h/accepted/hello.cpp|AC|"
	"sum|$s/accepted/sum.c|AC|--all"
	"sum|$s/accepted/sum.py|AC|"
	"sum|$s/wrong_answer/int_overflow.c|WA|"
	"sum|$s/run_time_error/mean_div_zero.c|RTE|"
	"sum|$s/time_limit_exceeded/char_counter.c|TLE|--time-ms 300"
	"sum|$s/memory_limit_exceeded/hog.c|MLE|--memory-kb 32768"
	"sum|$s/output_limit_exceeded/flood.c|OLE|--output-kb 64"
	"multifile|$m/accepted/packed.zip|AC|"
	"multifile|$m/accepted/two_files|AC|"
	"nosuchproblem|$h/accepted/hello.c|JE|"
	"malformed|-|JE|"
)
declare -A want
for i in $(seq "$n"); do
	IFS='|' read -r problem file verdict extra <<<"${kinds[$(((i - 1) % ${#kinds[@]}))]}"
	if [ "$problem" = malformed ]; then
		# Not JSON: answered under result:entry:<stream entry id>.
		entry=$(rcli XADD arbiter:submissions '*' submission "{\"id\": \"vg-$i\", oops") ||
			die "XADD failed"
		want["entry:$entry"]=$verdict
		continue
	fi
	# shellcheck disable=SC2086  # extra holds flags
	"$bin" submit --redis "$url" --problem "$problem" --id "vg-$i" $extra "$file" \
		>/dev/null || die "submit of $file failed"
	want["vg-$i"]=$verdict
done

echo "valgrind: $n submissions queued after $SECONDS s"
# One log for every process, through an fd (valgrind keeps it CLOEXEC, so
# the programs the box execs never see it): the box's init and program run
# in their own mount namespace, where no --log-file path would resolve.
# shellcheck disable=SC2054  # the commas belong to --show-leak-kinds
vg=(valgrind --error-exitcode=99 --leak-check=full
	--show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect
	--trace-children=no --child-silent-after-fork=no --num-callers=30
	--suppressions="$PWD/tests/valgrind.supp" --log-fd=3)
echo "valgrind: ${vg[*]} $bin worker --slots 2"
start=$(date +%s)
"${vg[@]}" "$bin" worker --redis "$url" --slots 2 --cache "$tmp/cache" \
	--log-format json --block-ms 500 2>"$tmp/worker.log" 3>>"$tmp/valgrind.log" &
worker_pid=$!

deadline=$((start + ${VALGRIND_TIMEOUT:-600}))
while :; do
	got=$(rcli XLEN arbiter:results)
	[ "$got" -ge "$n" ] && break
	kill -0 "$worker_pid" 2>/dev/null || break
	[ "$(date +%s)" -lt "$deadline" ] || break
	sleep 1
done
judged=$(date +%s)
kill -TERM "$worker_pid" 2>/dev/null
wait "$worker_pid"
worker_rc=$?
worker_pid=""
echo "valgrind: $got of $n results in $((judged - start)) s; worker exited $worker_rc" \
	"$(($(date +%s) - judged)) s after SIGTERM"

fail=0
bad() { echo "valgrind: FAIL: $*" >&2; fail=1; }
[ "$worker_rc" -eq 0 ] || bad "worker exit status $worker_rc (log: $tmp/worker.log)"
[ "$got" -eq "$n" ] || bad "$got entries in arbiter:results, want $n"
# One python for all results: id, wanted verdict, result JSON per line.
for id in "${!want[@]}"; do
	printf '%s\t%s\t%s\n' "$id" "${want[$id]}" "$(rcli GET "arbiter:result:$id")"
done >"$tmp/results.tsv"
while IFS= read -r line; do
	bad "$line"
done < <(python3 - "$tmp/results.tsv" <<'PY'
import json, sys
for line in open(sys.argv[1]):
    rid, want, res = line.rstrip("\n").split("\t", 2)
    try:
        got = json.loads(res)["verdict"]
    except (ValueError, KeyError, TypeError):
        got = "missing"
    if got != want:
        print(f"{rid}: verdict {got}, want {want}: {res[:300]}")
PY
)

# Every process writes its own ERROR SUMMARY (and, with errors, its own
# report: pids inside a box are namespaced, so ==1== may be several inits).
log="$tmp/valgrind.log"
nproc=$(grep -c 'ERROR SUMMARY:' "$log")
# valgrind 3.19 answers ENOSYS to system calls it does not know: 317
# seccomp (the box falls back to prctl), 424 pidfd_send_signal (the cgroup
# kill still ends the box), 434 pidfd_open (the box's optional watch of its
# parent).  Listed, not failed: the results above show the worker coped.
grep -o 'unhandled [a-z0-9-]* syscall: [0-9]*' "$log" | sort | uniq -c |
	sed 's/^/valgrind: note: /'
if grep -q -e 'ERROR SUMMARY: [1-9]' -e 'definitely lost: [1-9]' -e 'indirectly lost: [1-9]' "$log"; then
	bad "valgrind reported errors ($log):"
	grep -v -e '^==[0-9]*== *$' "$log" | grep -v -e 'Memcheck, a memory' -e 'Copyright' \
		-e 'Using Valgrind' -e 'Command:' -e 'HEAP SUMMARY' -e 'in use at exit' \
		-e 'total heap usage' -e 'LEAK SUMMARY' -e 'lost: 0 bytes' -e 'still reachable' \
		-e 'suppressed:' -e 'Reachable blocks' -e 'rerun with' -e 'ERROR SUMMARY: 0' \
		-e 'All heap blocks' -e 'Parent PID' -e '^--[0-9]*--' | head -300 >&2
fi
[ "$nproc" -gt 0 ] || bad "no valgrind summary in $log"
echo "valgrind: checked in $SECONDS s"
if [ "$fail" -ne 0 ]; then
	VALGRIND_KEEP=1
	exit 1
fi
echo "valgrind: ok - $n submissions, $nproc processes checked, no error, no leak, in $SECONDS s"
