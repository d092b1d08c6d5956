#!/usr/bin/env bash
# run.sh - `make bench`: every benchmark in one run, then docs/performance.md
# (the machine, the figures) and docs/performance.svg (per-run cost of each
# system, drawn with gnuplot when it is installed: apt-get install
# gnuplot-nox).
#
#   bench_sandbox  per-run cost of a static hello world: bare, sbx_run,
#                  arbiter exec, bwrap; precision of the CPU and memory limits
#   bench_judge    test runs per second inside a judged submission
#   bench_queue    submissions per second and latency through Redis
#
# Environment: ARBITER_BIN, ARBITER_TESTDATA, ARBITER_POLICY_DIR (set by the
# Makefile), BENCH (the bench_sandbox binary), BENCH_ARGS (runs per system),
# BENCH_JUDGE_N (tests), BENCH_QUEUE_N (submissions), BENCH_DOCS (where to
# write, default docs/).
set -euo pipefail
cd "$(dirname "$0")/.."
docs=${BENCH_DOCS:-docs}
out=$(mktemp -d /tmp/arbiter-bench-XXXXXX)
trap 'rm -rf "$out"' EXIT
mkdir -p "$docs"

"$BENCH" ${BENCH_ARGS:+"$BENCH_ARGS"} | tee "$out/sandbox.txt"
bash bench/bench_judge.sh ${BENCH_JUDGE_N:+"$BENCH_JUDGE_N"} | tee "$out/judge.txt"
bash bench/bench_queue.sh ${BENCH_QUEUE_N:+"$BENCH_QUEUE_N"} | tee "$out/queue.txt"

# The plot: one bar per system (median), with min..max as error bars.
awk -F'|' '/^\| (bare|sbx_run|arbiter|bwrap|isolate)/ {
	gsub(/^ +| +$/, "", $2);
	printf "\"%s\" %s %s %s\n", $2, $4 + 0, $5 + 0, $6 + 0 }' \
	"$out/sandbox.txt" >"$out/cost.dat"
if command -v gnuplot >/dev/null; then
	gnuplot <<EOF
set terminal svg size 820,440 font "sans,12" background "white" noenhanced
set output "$docs/performance.svg"
set title "Per-run cost of a static hello world (median, min..max; log scale)"
set ylabel "ms per run"
set style fill solid 0.6 border -1
set boxwidth 0.6
set logscale y
set yrange [0.1:*]
set grid ytics
set xtics nomirror rotate by -25
plot "$out/cost.dat" using 0:2:xtic(1) with boxes lc rgb "#4878a8" notitle, \
     "" using 0:2:3:4 with yerrorbars lc rgb "black" pt -1 notitle
EOF
	plot="![per-run cost](performance.svg)"
else
	echo "bench: gnuplot not installed (apt-get install gnuplot-nox): no plot" >&2
	plot="(no plot: gnuplot was not installed when this was measured)"
fi

{
	echo "# Performance"
	echo
	echo "Measured by \`make bench\` on $(date -u +%Y-%m-%d). Every figure is"
	echo "relative to a baseline measured in the same run on the same machine."
	echo
	echo "## Machine"
	echo
	echo "- $(uname -sr), $(nproc) CPUs: $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
	echo "- $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo) memory;" \
		"cgroup mode: $(grep -o 'cgroup mode: [a-z0-9]*' "$out/sandbox.txt" | head -1 | cut -d' ' -f3)"
	echo "- load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
	echo
	echo "## Per-run cost and precision (bench/bench_sandbox.c)"
	echo
	echo "$plot"
	echo
	sed -n '/^|/p; /^precision/p; /^$/p' "$out/sandbox.txt" | cat -s
	echo
	echo "## Tests inside a judged submission (bench/bench_judge.sh)"
	echo
	echo '```'
	cat "$out/judge.txt"
	echo '```'
	echo
	echo "## Through the queue (bench/bench_queue.sh)"
	echo
	echo '```'
	cat "$out/queue.txt"
	echo '```'
} >"$docs/performance.md"
echo "bench: wrote $docs/performance.md"
