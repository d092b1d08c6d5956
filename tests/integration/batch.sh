#!/usr/bin/env bash
# batch.sh - `arbiter batch` end to end on problems/hello: 12 generated
# students (AC, WA, CE in C and Python, one TLE, folders, an archive, a
# hostile name), the CSV, JSON and HTML it writes, resuming (a re-run
# judges nobody), --rejudge, and an archive as INPUT.
set -uo pipefail
bin=${ARBITER_BIN:-build/arbiter}
export ARBITER_POLICY_DIR=${ARBITER_POLICY_DIR:-$PWD/policies}
problem=$PWD/problems/hello
subs=$problem/submissions
pass=0 fail=0

if [ "$(id -u)" -ne 0 ]; then
	echo "# SKIP batch: needs root"
	echo "0 passed, 0 failed"
	exit 0
fi
ok() { pass=$((pass + 1)); echo "ok - $1"; }
bad() { fail=$((fail + 1)); echo "not ok - $1: $2"; }
expect() { if [ "$2" == "$3" ]; then ok "$1"; else bad "$1" "want '$2', got '$3'"; fi; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
in=$tmp/class
mkdir -p "$in/dora" "$tmp/pack/src"
cp "$subs/accepted/hello.c" "$in/alice.c"
cp "$subs/accepted/hello.c" "$in/bruno.c"
cp "$subs/accepted/hello.py" "$in/chloe.py"
cp "$subs/accepted/case_and_spacing.py" "$in/dan.py"
cp "$subs/accepted/hello.c" "$in/dora/main.c"                 # a folder
cp "$subs/accepted/hello.py" "$tmp/pack/src/hello.py"
tar -czf "$in/eve.tar.gz" -C "$tmp/pack/src" hello.py          # an archive
cp "$subs/wrong_answer/comma.py" "$in/femi.py"
printf '#include <stdio.h>\nint main(void) { puts("Hello world"); return 0; }\n' >"$in/gil.c"
cp "$subs/compile_error/missing_semicolon.c" "$in/hana.c"
printf 'int main( {\n' >"$in/ivan.c"
printf 'while True:\n    pass\n' >"$in/jo.py"                   # TLE (1 s limit)
cp "$subs/wrong_answer/comma.py" "$in/<script>alert(1)<script>.py"
touch "$in/.hidden.c"                                          # not a student
out=$tmp/out

"$bin" batch --jobs 2 -o "$out" "$problem" "$in" >"$tmp/stdout" 2>"$tmp/stderr"; rc=$?
expect "batch exits 0" 0 "$rc"
[ "$rc" -eq 0 ] || cat "$tmp/stderr"
expect "one progress line per student" 12 "$(grep -c '^\[[0-9]*/12\]' "$tmp/stderr")"
expect "stdout names the reports" 3 "$(grep -c "$out/" "$tmp/stdout")"

verdicts=$(python3 - "$out/results.csv" <<'EOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline='')))
assert rows[0] == ['student', 'verdict', 'score', 'tests_passed', 'tests_total',
                   'max_time_ms', 'max_memory_kb', 'message'], rows[0]
print(len(rows) - 1)
print(' '.join(f'{r[0]}={r[1]}' for r in rows[1:]))
EOF
)
expect "CSV has 12 rows" 12 "$(sed -n 1p <<<"$verdicts")"
expect "CSV verdicts" \
	"<script>alert(1)<script>=WA alice=AC bruno=AC chloe=AC dan=AC dora=AC eve=AC femi=WA gil=WA hana=CE ivan=CE jo=TLE" \
	"$(sed -n 2p <<<"$verdicts")"
expect "AC rows have 4/4 tests and score 1" "alice,AC,1,4,4" \
	"$(grep '^alice,' "$out/results.csv" | cut -d, -f1-5)"

expect "results.json parses: 12 students, each with a result" "12 12" "$(python3 -c '
import json, sys
a = json.load(open(sys.argv[1]))
print(len(a), sum(1 for e in a if set(e) == {"student", "result"} and e["result"]["id"] == e["student"]))' "$out/results.json")"
expect "one result file per student" 12 "$(find "$out/results" -maxdepth 1 -name '*.json' | wc -l)"

html=$out/report.html
if grep -q '<table id="results">' "$html"; then ok "report has the table"; else bad "report has the table" "missing"; fi
expect "report has the three charts" 3 "$(grep -c '^<svg' "$html")"
expect "report has one row per student" 12 "$(sed -n '/<tbody>/,/<\/tbody>/p' "$html" | grep -c '^<tr>')"
if grep -q '<script>alert' "$html"; then bad "hostile name escaped" "found <script>alert"; else ok "hostile name escaped"; fi
if grep -q '&lt;script&gt;alert(1)&lt;script&gt;' "$html"; then ok "hostile name shown"; else bad "hostile name shown" "missing"; fi
if grep -Eq '(src|href)="https?:' "$html"; then bad "report is self-contained" "fetches"; else ok "report is self-contained"; fi

# A re-run judges nobody and is fast; a lost result is judged again.
stamp=$(stat -c %Y.%s "$out/results/alice.json")
start=$(date +%s%N)
"$bin" batch --jobs 2 -o "$out" "$problem" "$in" >/dev/null 2>"$tmp/stderr"; rc=$?
ms=$(( ($(date +%s%N) - start) / 1000000 ))
expect "re-run exits 0" 0 "$rc"
if grep -q '12 students, 0 to judge' "$tmp/stderr"; then ok "re-run skips everyone"; else bad "re-run skips everyone" "$(cat "$tmp/stderr")"; fi
if [ "$ms" -lt 3000 ]; then ok "re-run is fast (${ms} ms)"; else bad "re-run is fast" "${ms} ms"; fi
expect "re-run leaves results alone" "$stamp" "$(stat -c %Y.%s "$out/results/alice.json")"
rm "$out/results/femi.json"
"$bin" batch --jobs 2 -o "$out" "$problem" "$in" >/dev/null 2>"$tmp/stderr"
if grep -q '12 students, 1 to judge' "$tmp/stderr"; then ok "a missing result is judged"; else bad "a missing result is judged" "$(cat "$tmp/stderr")"; fi
expect "CSV still has 12 rows" 13 "$(python3 -c 'import csv,sys; print(len(list(csv.reader(open(sys.argv[1], newline="")))))' "$out/results.csv")"

# An archive of entries as INPUT; --rejudge judges them again.
mkdir "$tmp/zipme"
cp "$in/alice.c" "$in/femi.py" "$tmp/zipme/"
(cd "$tmp/zipme" && python3 -c 'import zipfile; z = zipfile.ZipFile("../class.zip", "w"); [z.write(f) for f in ("alice.c", "femi.py")]')
out2=$tmp/out2
"$bin" batch -o "$out2" "$problem" "$tmp/class.zip" >/dev/null 2>"$tmp/stderr"; rc=$?
expect "archive input exits 0" 0 "$rc"
expect "archive input verdicts" "alice,AC femi,WA" "$(tail -n +2 "$out2/results.csv" | cut -d, -f1-2 | tr -d '\r' | tr '\n' ' ' | sed 's/ $//')"
"$bin" batch -o "$out2" "$problem" "$tmp/class.zip" >/dev/null 2>"$tmp/stderr"
if grep -q '2 students, 0 to judge' "$tmp/stderr"; then ok "archive re-run skips"; else bad "archive re-run skips" "$(cat "$tmp/stderr")"; fi
"$bin" batch --rejudge -o "$out2" "$problem" "$tmp/class.zip" >/dev/null 2>"$tmp/stderr"
if grep -q '2 students, 2 to judge' "$tmp/stderr"; then ok "--rejudge judges again"; else bad "--rejudge judges again" "$(cat "$tmp/stderr")"; fi
expect "no scratch dir left" "" "$(ls -d "${TMPDIR:-/tmp}"/arbiter-batch-* 2>/dev/null | head -1)"

# Usage errors.
"$bin" batch --redis ftp://x "$problem" "$in" 2>/dev/null; expect "--redis with a bad URL: exit 2" 2 $?
"$bin" batch "$problem" 2>/dev/null; expect "missing INPUT: exit 2" 2 $?
"$bin" batch --jobs 0 "$problem" "$in" 2>/dev/null; expect "--jobs 0: exit 2" 2 $?
"$bin" batch -o "$tmp/out3" /nonexistent "$in" 2>/dev/null; expect "missing problem: exit 1" 1 $?

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
