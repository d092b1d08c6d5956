#!/usr/bin/env bash
# worker_cli.sh - the queue commands' command lines: settings, usage errors
# and exit codes, and the README's settings table against the binary's
# (docs generated from the table must not drift).  No Redis needed: the
# worker, stream and rconn suites drive a real server.
set -uo pipefail
bin=${ARBITER_BIN:-build/arbiter}
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok - $1"; }
bad() { fail=$((fail + 1)); echo "not ok - $1: $2"; }
expect() { if [ "$2" == "$3" ]; then ok "$1"; else bad "$1" "want '$2', got '$3'"; fi; }

table=$("$bin" worker --help-config)
if grep -qF -- "$table" README.md; then ok "README settings table matches --help-config"
else bad "README settings table matches --help-config" "regenerate it with 'arbiter worker --help-config'"; fi

out=$("$bin" worker --check-config --slots 3 --redis redis://:secret@127.0.0.1:7000/2); rc=$?
expect "--check-config exits 0" 0 "$rc"
expect "--check-config shows the slots" "slots = 3" "$(grep -o '^slots = 3' <<<"$out")"
if grep -q secret <<<"$out"; then bad "--check-config masks the password" "$out"; else ok "--check-config masks the password"; fi
ARBITER_SLOTS=5 "$bin" worker --check-config | grep -q '^slots = 5$'
expect "ARBITER_SLOTS is read" 0 $?
"$bin" worker --slots 0 2>/dev/null; expect "slots 0 is a usage error" 2 $?
"$bin" worker --no-such-flag 2>/dev/null; expect "unknown flag is a usage error" 2 $?
"$bin" worker --redis ftp://x 2>/dev/null; expect "bad URL is a usage error" 2 $?
"$bin" worker --help >/dev/null; expect "worker --help exits 0" 0 $?

"$bin" submit 2>/dev/null; expect "submit without arguments exits 2" 2 $?
"$bin" submit --problem hello /nonexistent 2>/dev/null; expect "submit of a missing file exits 2" 2 $?
tmp=$(mktemp -d)
echo 'x' >"$tmp/prog.unknownext"
msg=$("$bin" submit --problem hello "$tmp/prog.unknownext" 2>&1); rc=$?
expect "submit of an unknown language exits 2" 2 "$rc"
grep -q 'unknownext\|language' <<<"$msg"; expect "and says why" 0 $?
printf 'int main(void){return 0;}\n' >"$tmp/a.c"
msg=$("$bin" submit --redis unix://"$tmp"/none.sock --problem hello "$tmp/a.c" 2>&1); rc=$?
expect "submit with Redis away exits 1" 1 "$rc"
grep -qi 'redis\|connect' <<<"$msg"; expect "and names the cause" 0 $?
rm -rf "$tmp"
"$bin" problem 2>/dev/null; expect "problem without a verb exits 2" 2 $?
"$bin" problem push 2>/dev/null; expect "problem push without DIR exits 2" 2 $?
"$bin" problem push --redis unix:///nonexistent.sock problems/nonexistent 2>/dev/null
expect "problem push of a missing dir exits 1" 1 $?

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
