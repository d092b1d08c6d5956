#!/usr/bin/env bash
# clients.sh - the client examples of examples/clients/ against a real
# worker: each one submits an accepted and a wrong-answer solution of
# problems/sum, which must come back AC and WA with the result JSON, then
# gets a clear error and exit 1 when Redis is away or no worker answers.
# The Python one needs python3-redis, the Node one nodejs and node-redis
# (found in NODE_PATH, /usr/share/nodejs by default); each is skipped,
# with the reason, when its library is missing.
set -uo pipefail
bin=${ARBITER_BIN:-build/arbiter}
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 1
export ARBITER_POLICY_DIR=${ARBITER_POLICY_DIR:-$root/policies}
export NODE_PATH=${NODE_PATH:-/usr/share/nodejs}
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok - $1"; }
bad() { fail=$((fail + 1)); echo "not ok - $1: $2"; }
skip() { echo "ok - $1 # SKIP $2"; }
expect() { if [ "$2" == "$3" ]; then ok "$1"; else bad "$1" "want '$2', got '$3'"; fi; }

if [ "$(id -u)" -ne 0 ] || ! command -v redis-server >/dev/null; then
	skip "client examples" "needs root (the sandbox) and redis-server"
	echo "0 passed, 0 failed"
	exit 0
fi
# shellcheck source=tests/integration/lib/private_redis.sh
. "$root/tests/integration/lib/private_redis.sh"
tmp=$(mktemp -d)
wpid=""
cleanup() {
	[ -n "$wpid" ] && kill -TERM "$wpid" 2>/dev/null && wait "$wpid"
	redis_stop "$tmp"
	rm -rf "$tmp"
}
trap cleanup EXIT
url="unix://$tmp/r.sock"
redis_start "$tmp" || { bad "redis-server" "did not start"; exit 1; }
"$bin" problem push --redis "$url" problems/sum >/dev/null
expect "problem push sum" 0 $?
"$bin" worker --redis "$url" --slots 1 --cache "$tmp/cache" --log-format json \
	2>"$tmp/w.log" &
wpid=$!

# check NAME CMD...: the client's verdicts, result JSON and failures.
check() {
	local name=$1 out rc
	shift
	for want in AC:accepted/sum.py WA:wrong_answer/int_overflow.c; do
		out=$("$@" --redis "$url" --timeout 120 sum "problems/sum/submissions/${want#*:}" 2>"$tmp/err")
		rc=$?
		expect "$name: ${want#*:} prints its verdict" "verdict: ${want%%:*}" "$(head -1 <<<"$out")"
		expect "$name: and exits 0" 0 "$rc"
		[ "$rc" -eq 0 ] || sed 's/^/# /' "$tmp/err"
		tail -n +2 <<<"$out" | python3 -c 'import json,sys; r=json.load(sys.stdin)
assert r["problem"] == "sum" and r["verdict"] == sys.argv[1] and r["tests"], r' "${want%%:*}"
		expect "$name: then the result JSON" 0 $?
	done
	out=$("$@" --redis "unix://$tmp/none.sock" sum problems/sum/submissions/accepted/sum.py 2>&1)
	expect "$name: exits 1 when Redis is away" 1 $?
	grep -q 'none.sock' <<<"$out"; expect "$name: and names it" 0 $?
	out=$("$@" --redis "$url" --prefix nobody: --timeout 1 sum problems/sum/submissions/accepted/sum.py 2>&1)
	expect "$name: exits 1 when no result comes" 1 $?
	grep -q 'no result' <<<"$out"; expect "$name: and says so" 0 $?
}

# Debian's python3-redis is for the system's python3: try it too.
py=""
for p in python3 /usr/bin/python3; do
	"$p" -c 'import redis' 2>/dev/null && { py=$p; break; }
done
if [ -n "$py" ]; then check python "$py" examples/clients/python/submit.py
else skip "python client" "redis-py missing (apt-get install python3-redis)"; fi
if ! command -v node >/dev/null; then skip "node client" "node missing (apt-get install nodejs)"
elif ! node -e "require('redis')" 2>/dev/null; then
	skip "node client" "node-redis not in NODE_PATH=$NODE_PATH (apt-get install node-redis)"
else check node node examples/clients/node/submit.js; fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
