#!/usr/bin/env bash
# batch-class.sh DIR [N] - generate a class of N (default 50) students'
# submissions to problems/sum in DIR, for `arbiter batch` tests and demos.
#
# Every verdict appears: accepted in C, C++ and Python (some as a folder,
# some as a .tar.gz), wrong answer, time limit, run-time error, compile
# error, memory and output limits.  Each student's file differs (a comment
# names them), the names are reproducible, and the mix is fixed by N: the
# same N gives the same class and the same verdicts.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
subs=$root/problems/sum/submissions
dir=${1:?usage: batch-class.sh DIR [N]}
n=${2:-50}
mkdir -p "$dir"

first=(ada ben cleo dev eli fay gus hal ida jon kai lea max nia oto pia
       quin rae sol tea uma vic wes xia yan zoe)
# One slot of the cycle per kind, every verdict within the first 12; AC is
# the most common, as in a class.
kinds=(ac_c wa tle rte ce mle ole ac_py ac_dir ac_tgz ac_cpp rte_py ac_c wa ac_py ac_c)

name() { echo "${first[$(($1 % ${#first[@]}))]}$(printf '%02d' "$1")"; }
tagged() { printf '%s %s */\n' "/* student" "$2"; cat "$1"; }
tagged_py() { printf '# student %s\n' "$2"; cat "$1"; }

for ((i = 0; i < n; i++)); do
	s=$(name "$i")
	case ${kinds[$((i % ${#kinds[@]}))]} in
	ac_c)   tagged "$subs/accepted/sum.c" "$s" >"$dir/$s.c" ;;
	ac_cpp) tagged "$subs/accepted/sum.cpp" "$s" >"$dir/$s.cpp" ;;
	ac_py)  tagged_py "$subs/accepted/sum.py" "$s" >"$dir/$s.py" ;;
	ac_dir) mkdir -p "$dir/$s" && tagged "$subs/accepted/sum.c" "$s" >"$dir/$s/main.c" ;;
	ac_tgz)
		t=$(mktemp -d)
		tagged_py "$subs/accepted/sum.py" "$s" >"$t/sum.py"
		tar -czf "$dir/$s.tar.gz" -C "$t" sum.py
		rm -rf "$t" ;;
	wa)     tagged "$subs/wrong_answer/int_overflow.c" "$s" >"$dir/$s.c" ;;
	tle)    tagged "$subs/time_limit_exceeded/char_counter.c" "$s" >"$dir/$s.c" ;;
	rte)    tagged "$subs/run_time_error/mean_div_zero.c" "$s" >"$dir/$s.c" ;;
	rte_py) tagged_py "$subs/run_time_error/one_per_line.py" "$s" >"$dir/$s.py" ;;
	mle)    tagged "$subs/memory_limit_exceeded/hog.c" "$s" >"$dir/$s.c" ;;
	ole)    tagged "$subs/output_limit_exceeded/flood.c" "$s" >"$dir/$s.c" ;;
	ce)     { tagged "$subs/accepted/sum.c" "$s"; echo 'int broken( {'; } >"$dir/$s.c" ;;
	esac
done
