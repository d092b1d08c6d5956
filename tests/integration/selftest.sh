#!/usr/bin/env bash
# selftest.sh - `arbiter selftest` over the hostile corpus in selftest/,
# with a real Redis listening on the host's loopback (127.0.0.1:6379 and
# [::1]:6379 when the port is free) for the network attacks to reach for.
# Then what the verdict table cannot show: the result messages of the
# escape-injection programs are sanitised (no control character, valid
# JSON), the compile output of a diagnostic flood is capped, selftest
# leaves nothing in its scratch directory, and it does fail (exit 1) when a
# submission misses its expected verdict.
set -uo pipefail
bin=${ARBITER_BIN:-build/arbiter}
export ARBITER_POLICY_DIR=${ARBITER_POLICY_DIR:-$PWD/policies}
pass=0 fail=0

if [ "$(id -u)" -ne 0 ]; then
	echo "# SKIP selftest: needs root"
	echo "0 passed, 0 failed"
	exit 0
fi
ok() { pass=$((pass + 1)); echo "ok - $1"; }
bad() { fail=$((fail + 1)); echo "not ok - $1: $2"; }
expect() { if [ "$2" == "$3" ]; then ok "$1"; else bad "$1" "want '$2', got '$3'"; fi; }

tmp=$(mktemp -d)
redis_pid=
cleanup() {
	[ -n "$redis_pid" ] && kill "$redis_pid" 2>/dev/null && wait "$redis_pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

# A target for network/: a Redis without a password on loopback, as a
# careless deployment has.  Only when the port is free: never disturb one
# that runs already (which is a target just as good).
port_free() {
	python3 -c 'import socket,sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try: s.bind(("127.0.0.1", 6379))
except OSError: sys.exit(1)'
}
if command -v redis-server >/dev/null && port_free; then
	redis-server --port 6379 --bind "127.0.0.1 -::1" --save "" --appendonly no \
		--dir "$tmp" --logfile "$tmp/redis.log" &
	redis_pid=$!
	for _ in $(seq 50); do
		redis-cli -p 6379 ping >/dev/null 2>&1 && break
		sleep 0.1
	done
fi

# The corpus, found next to the binary as an installed one would be.
mkdir "$tmp/scratch"
TMPDIR=$tmp/scratch "$bin" selftest --json >"$tmp/st.json" 2>"$tmp/st.err"
rc=$?
summary=$(python3 - "$tmp/st.json" <<'EOF'
import json, sys
try:
    d = json.load(open(sys.argv[1]))
except ValueError as e:
    print("not JSON: %s" % e)
    sys.exit(0)
print("%d passed, %d failed, %d skipped, %.0f s" % (d["passed"], d["failed"], d["skipped"], d["seconds"]))
for p in d["packages"]:
    if not p["ok"] and p["message"]:
        print("  broken package %s: %s" % (p["name"], p["message"]))
for r in d["results"]:
    if not r["pass"]:
        print("  FAIL %s/%s: expected %s, got %s  %s %s" % (r["package"], r["name"],
              r["expected"], r["verdict"], r["detail"], r["check"]))
EOF
)
echo "# selftest: $(head -1 <<<"$summary")"
expect "selftest exits 0 (every attack held, every twin passed)" 0 "$rc"
if [ "$rc" -ne 0 ]; then
	tail -n +2 <<<"$summary" | sed 's/^/# /'
	sed 's/^/# stderr: /' "$tmp/st.err"
fi
total=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["results"]))' "$tmp/st.json" 2>/dev/null)
if [ "${total:-0}" -ge 60 ]; then ok "corpus of $total programs"; else bad "corpus of at least 60 programs" "got ${total:-none}"; fi
expect "selftest leaves nothing in TMPDIR" "" "$(ls -A "$tmp/scratch")"
unlisted=$(python3 - "$tmp/st.json" selftest/README.md <<'EOF'
import json, sys
doc = open(sys.argv[2]).read()
try:
    results = json.load(open(sys.argv[1]))["results"]
except (ValueError, KeyError):
    results = []
print(" ".join("%s/%s" % (r["package"], r["name"]) for r in results if "`" + r["name"] not in doc))
EOF
)
expect "every program is listed in selftest/README.md" "" "$unlisted"
[ -n "$redis_pid" ] && { redis-cli -p 6379 ping >/dev/null 2>&1; expect "the loopback Redis survived" 0 $?; }

# Result messages: the output of escape_inject.c quoted by the validator,
# and the compiler's echo of escape_compile.c.  No control character may
# reach a reader (ESC, C1 such as the 8-bit CSI U+009B, bidi overrides),
# and the result must stay one valid JSON object.
check_clean() { # NAME FILE FIELD-EXPR
	python3 - "$2" "$3" <<'EOF'
import json, sys, unicodedata
raw = open(sys.argv[1], "rb").read()
try:
    d = json.loads(raw)
except ValueError as e:
    print("result is not valid JSON: %s" % e); sys.exit(1)
if b"\x1b" in raw:
    print("raw ESC byte in the result"); sys.exit(1)
text = eval(sys.argv[2])
bad = sorted({"U+%04X" % ord(c) for c in text
              if (unicodedata.category(c) == "Cc" and c not in "\n\t")
              or c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"})
if bad:
    print("control characters in the text: %s" % " ".join(bad)); sys.exit(1)
if '"verdict":"AC"' in text.replace(" ", "") and d["verdict"] == "AC":
    print("forged verdict taken"); sys.exit(1)
EOF
}
pkg=selftest/compile
"$bin" run --json "$pkg" "$pkg/submissions/wrong_answer/escape_inject.c" >"$tmp/wa.json"
expect "escape_inject.c is WA" WA "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["verdict"])' "$tmp/wa.json")"
why=$(check_clean wa "$tmp/wa.json" 'd["tests"][0]["message"] + d["message"]')
expect "escape_inject.c: result message sanitised" "" "$why"
"$bin" run --json "$pkg" "$pkg/submissions/compile_error/escape_compile.c" >"$tmp/ce.json"
expect "escape_compile.c is CE" CE "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["verdict"])' "$tmp/ce.json")"
why=$(check_clean ce "$tmp/ce.json" 'd["compile"]["output"] + d["message"]')
expect "escape_compile.c: compile output sanitised" "" "$why"
"$bin" run --json "$pkg" "$pkg/submissions/compile_error/diagnostic_flood.c" >"$tmp/flood.json"
len=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["compile"]["output"].encode()))' "$tmp/flood.json")
if [ "${len:-99999999}" -le 17000 ]; then ok "diagnostic flood capped ($len bytes)"
else bad "diagnostic flood capped" "${len:-no} bytes of compile output"; fi

# selftest fails when it should: a package whose "accepted" program is
# wrong, and one that is broken.
mkdir -p "$tmp/corpus/wrong/data/secret" "$tmp/corpus/wrong/submissions/accepted"
printf 'limits:\n  time_limit: 1\n' >"$tmp/corpus/wrong/problem.yaml"
: >"$tmp/corpus/wrong/data/secret/1.in"
echo ok >"$tmp/corpus/wrong/data/secret/1.ans"
printf 'print("HOLE:pretend")\n' >"$tmp/corpus/wrong/submissions/accepted/hole.py"
printf 'print("ok")\n' >"$tmp/corpus/wrong/submissions/accepted/fine.py"
out=$(ARBITER_SELFTEST_DIR=$tmp/corpus "$bin" selftest); rc=$?
expect "a missed expectation exits 1" 1 "$rc"
grep -q 'accepted/hole.py .* FAIL' <<<"$out"; expect "and is a FAIL row" 0 $?
grep -q "got 'HOLE:pretend'" <<<"$out"; expect "naming what the program printed" 0 $?
grep -q '^selftest: 1 passed, 1 failed' <<<"$out"; expect "in the summary" 0 $?
out=$("$bin" selftest "$tmp/corpus/wrong/submissions/accepted" 2>&1); rc=$?
expect "a folder without packages exits 1" 1 "$rc"
"$bin" selftest /nonexistent 2>/dev/null; expect "a missing DIR exits 1" 1 $?
"$bin" selftest --no-such-flag 2>/dev/null; expect "an unknown flag exits 2" 2 $?
"$bin" selftest a b 2>/dev/null; expect "two DIRs exit 2" 2 $?

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
