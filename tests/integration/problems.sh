#!/usr/bin/env bash
# problems.sh - `arbiter verify` over every example package in problems/
# (each submission must get its expected verdict), and `arbiter run --json`
# checked against the CONTRACT's result fields on a few of them.
set -uo pipefail
bin=${ARBITER_BIN:-build/arbiter}
export ARBITER_POLICY_DIR=${ARBITER_POLICY_DIR:-$PWD/policies}
pass=0 fail=0

if [ "$(id -u)" -ne 0 ]; then
	echo "# SKIP problems: needs root"
	echo "0 passed, 0 failed"
	exit 0
fi
ok() { pass=$((pass + 1)); echo "ok - $1"; }
bad() { fail=$((fail + 1)); echo "not ok - $1: $2"; }
expect() { if [ "$2" == "$3" ]; then ok "$1"; else bad "$1" "want '$2', got '$3'"; fi; }
field() { python3 -c "import json,sys; d=json.loads(sys.argv[1]); print(eval('d' + sys.argv[2]))" "$1" "$2"; }

for p in problems/*/; do
	[ -f "$p/problem.yaml" ] || [ -d "$p/data" ] || continue
	out=$("$bin" verify "$p" 2>&1); rc=$?
	if [ "$rc" -eq 0 ]; then ok "verify $p"; else bad "verify $p" "exit $rc"$'\n'"$out"; fi
done

# Input validators: every rejected input is named, and verify fails.
p=${ARBITER_SRCDATA:-testdata}/problems-verify/invalid-input
out=$("$bin" verify "$p" 2>&1); rc=$?
expect "verify invalid-input exits 1" 1 "$rc"
for want in "data/secret/01-bad.in .*INVALID by input validator 'ints.py': expected two integers" \
	"data/secret/03-big.in .*'ints.py': a number is above --max 10" \
	"data/secret/01-bad.in .*'nonneg': nonneg: not two numbers" \
	"data/secret/04-neg.in .*'nonneg': nonneg: negative number"; do
	if grep -q -- "$want" <<<"$out"; then ok "invalid-input names $want"; else bad "invalid-input" "no '$want' in"$'\n'"$out"; fi
done
if grep -q "sample/1.in\|02-good" <<<"$out"; then bad "invalid-input" "a valid input reported"$'\n'"$out"; else ok "valid inputs not reported"; fi
out=$("$bin" verify --json "$p"); rc=$?
expect "verify --json invalid-input" "1 4 False" "$rc $(field "$out" "['inputs'].__len__()") $(field "$out" "['ok']")"

# submissions.yaml: rules over every test, added to the folder's own rule.
p=${ARBITER_SRCDATA:-testdata}/problems-verify/rules-mismatch
out=$("$bin" verify "$p" 2>&1); rc=$?
expect "verify rules-mismatch exits 1" 1 "$rc"
if grep -q "wrong_answer/half.py .*expected rules .*ok" <<<"$out" && grep -q "wrong_answer/wa.py .*MISMATCH" <<<"$out"; then
	ok "rules: half.py met, wa.py not"
else
	bad "rules-mismatch" "$out"
fi

# run --json: the contract's fields, and exit codes.
if [ -d problems/hello ]; then
	out=$("$bin" run --json problems/hello problems/hello/submissions/accepted/hello.c); rc=$?
	expect "run AC exits 0" 0 "$rc"
	expect "run AC verdict" AC "$(field "$out" "['verdict']")"
	expect "run language" c "$(field "$out" "['language']")"
	expect "run problem" hello "$(field "$out" "['problem']")"
	expect "result keys" "compile id judged_at language memory_kb message problem score tests time_ms verdict wall_ms worker" \
		"$(field "$out" ".keys()" | python3 -c 'import sys,ast; print(" ".join(sorted(ast.literal_eval(sys.stdin.read().replace("dict_keys(", "")[:-2]))))')"
	expect "test keys" "exit_code memory_kb message name signal time_ms verdict wall_ms" \
		"$(python3 -c 'import json,sys; print(" ".join(sorted(json.loads(sys.argv[1])["tests"][0])))' "$out")"
	out=$("$bin" run --json problems/hello problems/hello/submissions/compile_error/*); rc=$?
	expect "run CE exits 0" 0 "$rc"
	expect "run CE verdict" CE "$(field "$out" "['verdict']")"
	expect "CE compile.ok false" False "$(field "$out" "['compile']['ok']")"
	tmp=$(mktemp -d)
	printf 'int main(void) { return 0; }\n' >"$tmp/x.unknownext"
	out=$("$bin" run --json problems/hello "$tmp/x.unknownext"); rc=$?
	expect "unknown language is JE, exit 1" "JE 1" "$(field "$out" "['verdict']") $rc"
	"$bin" run problems/hello /nonexistent 2>/dev/null; expect "missing submission exits 2" 2 $?
	"$bin" run --json /nonexistent "$tmp/x.unknownext" >/dev/null; expect "missing problem exits 1" 1 $?
	rm -rf "$tmp"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
