#!/usr/bin/env bash
# bench_judge.sh - test runs per second inside a judged submission
# (`make bench`).
#
# A problem with N trivial tests (echo a number; default 200) and a C
# submission.  Prints, as medians over R repetitions (default 3) with min
# and max:
#   - the per-test cost inside `arbiter run`: (time for N tests - time for
#     1 test) / (N - 1), so the compile and the set-up are left out;
#   - test runs per second with 1 slot, and with 2 slots (two submissions
#     judged at once in boxes 0 and 1);
#   - the baseline measured in the same run: the compiled program run N
#     times bare (fork+exec+wait, stdin and stdout redirected) by a small C
#     driver, and the ratio of the two.
# Usage: bench_judge.sh [N] [R]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${ARBITER_BIN:-build/arbiter}
n=${1:-200}
reps=${2:-3}
export ARBITER_POLICY_DIR="$PWD/policies"
[ "$(id -u)" -eq 0 ] || { echo "bench_judge: needs root (the sandbox)" >&2; exit 1; }

tmp=$(mktemp -d /tmp/arbiter-bench-judge-XXXXXX)
trap 'rm -rf "$tmp"' EXIT INT TERM

mkprob() { # DIR COUNT
	mkdir -p "$1/data/secret"
	printf 'name: echo\nlimits:\n  time_limit: 1\n' >"$1/problem.yaml"
	for ((i = 1; i <= $2; i++)); do
		echo "$i" >"$1/data/secret/$(printf '%04d' "$i").in"
		echo "$i" >"$1/data/secret/$(printf '%04d' "$i").ans"
	done
}
mkprob "$tmp/one" 1
mkprob "$tmp/many" "$n"
cat >"$tmp/echo.c" <<'EOF'
#include <stdio.h>
int main(void)
{
	long x;
	if (scanf("%ld", &x) == 1)
		printf("%ld\n", x);
	return 0;
}
EOF
# The bare baseline: N x (fork, exec, wait) with the streams redirected.
cat >"$tmp/bare.c" <<'EOF'
#include <fcntl.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
int main(int argc, char **argv)
{
	int n = atoi(argv[1]);
	for (int i = 0; i < n; i++) {
		pid_t p = fork();
		if (p == 0) {
			dup2(open(argv[3], O_RDONLY), 0);
			dup2(open("/dev/null", O_WRONLY), 1);
			execl(argv[2], argv[2], (char *)0);
			_exit(127);
		}
		waitpid(p, NULL, 0);
	}
	return 0;
}
EOF
cc -O2 -o "$tmp/echo" "$tmp/echo.c"
cc -O2 -o "$tmp/bare" "$tmp/bare.c"

now() { date +%s.%N; }
calc() { awk "BEGIN { print $* }"; }
judge() { # PROBLEM BOX -> the verdict must be AC
	"$bin" run --json --box-id "$2" "$1" "$tmp/echo.c" >"$tmp/out-$2.json"
	grep -q '"verdict": *"AC"' "$tmp/out-$2.json" ||
		{ echo "bench_judge: not AC" >&2; head -c 400 "$tmp/out-$2.json" >&2; exit 1; }
}
stats() { # values on stdin -> "median (min .. max)"
	sort -g | awk '{v[NR] = $1} END {printf "%.2f (%.2f .. %.2f)", v[int((NR + 1) / 2)], v[1], v[NR]}'
}

per_test=() rate1=() rate2=() bare=()
for ((r = 0; r < reps; r++)); do
	t0=$(now); judge "$tmp/one" 0; t1=$(now)
	judge "$tmp/many" 0; t2=$(now)
	per_test+=("$(calc "($t2 - $t1 - ($t1 - $t0)) * 1000 / ($n - 1)")")
	rate1+=("$(calc "$n / ($t2 - $t1)")")
	t0=$(now)
	judge "$tmp/many" 0 & p0=$!
	judge "$tmp/many" 1 & p1=$!
	wait "$p0" "$p1"
	t1=$(now)
	rate2+=("$(calc "2 * $n / ($t1 - $t0)")")
	t0=$(now); "$tmp/bare" "$n" "$tmp/echo" "$tmp/one/data/secret/0001.in"; t1=$(now)
	bare+=("$(calc "($t1 - $t0) * 1000 / $n")")
done

median() { sort -g | sed -n "$(((reps + 1) / 2))p"; }
pt=$(printf '%s\n' "${per_test[@]}" | stats)
bt=$(printf '%s\n' "${bare[@]}" | stats)
ratio=$(calc "$(printf '%s\n' "${per_test[@]}" | median) / $(printf '%s\n' "${bare[@]}" | median)")
echo "judged tests: $n trivial tests of a C submission, median of $reps (min .. max)"
echo "  per test inside arbiter run  $pt ms"
echo "  bare fork+exec+wait          $bt ms"
printf '  ratio                        %.1fx\n' "$ratio"
echo "  test runs/s, 1 slot          $(printf '%s\n' "${rate1[@]}" | stats)"
echo "  test runs/s, 2 slots         $(printf '%s\n' "${rate2[@]}" | stats)"
