#!/usr/bin/env bash
# run.sh - run the libFuzzer harnesses built by `make fuzz-build`.
#
#   run.sh smoke BUILD NAME...          each harness over its seed corpus
#                                       (testdata/fuzz/NAME/*), no mutation
#   run.sh fuzz BUILD SECONDS NAME...   each harness fuzzing for SECONDS from
#                                       a copy of its seed corpus
#
# A crash, a leak, a sanitizer report, a broken property (fz_die) or an
# input slower than 30 s fails the run; every harness runs anyway and the
# failures are listed at the end.  Fuzzing keeps its corpus copy in
# BUILD/corpus/NAME (the repository's seeds are never modified); both modes
# keep crashing inputs in BUILD/artifacts/NAME/ and the full log in
# BUILD/logs/NAME.log.
# Harnesses write only below $TMPDIR, pointed here at a directory that is
# removed at the end, crash or not.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:?mode}
build=${2:?build dir}
shift 2
seconds=0
if [ "$mode" = fuzz ]; then
	seconds=${1:?seconds}
	shift
fi
[ "$#" -gt 0 ] || { echo "run.sh: no harness named" >&2; exit 2; }

TMPDIR=$(mktemp -d /tmp/arbiter-fuzz.XXXXXX)
export TMPDIR
trap 'rm -rf "$TMPDIR"' EXIT
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
mkdir -p "$build/logs"

failed=()
for name in "$@"; do
	bin=$build/fuzz/fuzz_$name
	seeds=testdata/fuzz/$name
	log=$build/logs/$name.log
	shopt -s nullglob
	inputs=("$seeds"/*)
	shopt -u nullglob
	if [ "${#inputs[@]}" -eq 0 ]; then
		echo "fuzz: $name: no seed inputs in $seeds" >&2
		failed+=("$name")
		continue
	fi
	artifacts=$build/artifacts/$name
	mkdir -p "$artifacts"
	if [ "$mode" = smoke ]; then
		if "$bin" -timeout=30 -artifact_prefix="$artifacts/" "${inputs[@]}" >"$log" 2>&1; then
			printf 'fuzz-smoke: %-9s %3d inputs  ok\n' "$name" "${#inputs[@]}"
			continue
		fi
	else
		corpus=$build/corpus/$name
		rm -rf "$corpus"
		mkdir -p "$corpus"
		cp "${inputs[@]}" "$corpus/"
		dict=()
		[ -f "fuzz/dict/$name.dict" ] && dict=(-dict="fuzz/dict/$name.dict")
		if "$bin" -max_total_time="$seconds" -timeout=30 -print_final_stats=1 \
			-artifact_prefix="$artifacts/" "${dict[@]}" "$corpus" >"$log" 2>&1; then
			done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -n 1 || true)
			rate=$(sed -n 's/^stat::average_exec_per_sec:[[:space:]]*//p' "$log")
			printf 'fuzz: %-9s %ss  %s  exec/s %s  corpus %s files\n' "$name" \
				"$seconds" "$(echo "$done_line" | grep -oE 'cov: [0-9]+ ft: [0-9]+' || true)" \
				"${rate:-?}" "$(find "$corpus" -type f | wc -l)"
			continue
		fi
	fi
	echo "fuzz: $name FAILED; the end of $log:" >&2
	tail -n 60 "$log" >&2
	artifact=$(sed -n 's/.*Test unit written to //p' "$log" | tail -n 1)
	if [ -n "$artifact" ]; then
		echo "fuzz: reproduce with: $bin $artifact" >&2
	fi
	failed+=("$name")
done
if [ "${#failed[@]}" -gt 0 ]; then
	echo "fuzz: failed: ${failed[*]}" >&2
	exit 1
fi
