#!/usr/bin/env bash
# exec_cli.sh - `arbiter exec` as a black box: the CONTRACT's options, JSON
# keys and exit codes, the streams, --dir, --bind, and refusals.
set -uo pipefail
bin=${ARBITER_BIN:-build/arbiter}
export ARBITER_POLICY_DIR=${ARBITER_POLICY_DIR:-$PWD/policies}
pass=0 fail=0

if [ "$(id -u)" -ne 0 ]; then
	echo "# SKIP exec_cli: needs root"
	echo "0 passed, 0 failed"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { pass=$((pass + 1)); echo "ok - $1"; }
bad() { fail=$((fail + 1)); echo "not ok - $1: $2"; }
# expect NAME WANT GOT
expect() { if [ "$2" == "$3" ]; then ok "$1"; else bad "$1" "want '$2', got '$3'"; fi; }
field() { python3 -c "import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])" "$1" "$2"; }

# JSON: exactly the contract's keys, and nothing else on stdout.
out=$("$bin" exec --json -- /bin/echo hi 2>"$tmp/err"); rc=$?
expect "json exit code" 0 "$rc"
expect "json keys" "exit_code memory_kb message signal status time_ms wall_ms" \
	"$(python3 -c 'import json,sys; print(" ".join(sorted(json.loads(sys.stdin.read()))))' <<<"$out")"
expect "json status" OK "$(field "$out" status)"
expect "program stdout goes to stderr with --json" hi "$(cat "$tmp/err")"

# Human output: the program's stdout passes through; the summary is on stderr.
out=$("$bin" exec -- /bin/echo hi 2>"$tmp/err"); rc=$?
expect "human stdout" hi "$out"
expect "human summary" OK "$(cut -d' ' -f1 "$tmp/err")"

# Exit codes: 0 whatever the status, 1 on JE, 2 on usage errors.
out=$("$bin" exec --json -- /bin/sh -c 'exit 7'); rc=$?
expect "RTE still exits 0" 0 "$rc"
expect "RTE status" RTE "$(field "$out" status)"
expect "RTE exit_code" 7 "$(field "$out" exit_code)"
out=$("$bin" exec --json -- /no/such/program); rc=$?
expect "JE exits 1" 1 "$rc"
expect "JE status" JE "$(field "$out" status)"
"$bin" exec --mem lots -- /bin/true 2>/dev/null; expect "bad size exits 2" 2 $?
"$bin" exec --frobnicate -- /bin/true 2>/dev/null; expect "unknown option exits 2" 2 $?
"$bin" exec --json 2>/dev/null; expect "no command exits 2" 2 $?
"$bin" exec --bind /etc:/proc/x -- /bin/true 2>/dev/null; rc=$?
expect "bind into /proc refused (JE)" 1 "$rc"
"$bin" exec --policy ../etc/passwd -- /bin/true 2>/dev/null; expect "bad policy name is JE" 1 $?

# Limits through the CLI.
out=$("$bin" exec --json --time 0.2 -- /bin/sh -c 'while :; do :; done')
expect "--time gives TLE" TLE "$(field "$out" status)"
out=$("$bin" exec --json --wall 0.2 -- /bin/sleep 5)
expect "--wall gives TLE" TLE "$(field "$out" status)"
case "$(field "$out" message)" in *wall*) ok "wall TLE message names wall" ;;
	*) bad "wall TLE message" "$(field "$out" message)" ;; esac
out=$("$bin" exec --json --fsize 64K --stdout "$tmp/flood" -- /usr/bin/yes)
expect "--fsize gives OLE" OLE "$(field "$out" status)"
expect "output file capped" 65536 "$(stat -c %s "$tmp/flood")"

# Streams: --stdin/--stdout/--stderr are host files.
printf 'a\nb\n' >"$tmp/in"
"$bin" exec --stdin "$tmp/in" --stdout "$tmp/out" --stderr "$tmp/err2" -- \
	/bin/sh -c 'wc -l; echo oops >&2' 2>/dev/null
expect "--stdin/--stdout" 2 "$(tr -d ' ' <"$tmp/out")"
expect "--stderr" oops "$(cat "$tmp/err2")"
ln -s /etc/passwd "$tmp/link"
"$bin" exec --stdout "$tmp/link" -- /bin/echo pwned 2>/dev/null; rc=$?
expect "--stdout through a symlink refused" 1 "$rc"
expect "symlink target untouched" 0 "$(grep -c pwned /etc/passwd)"

# --dir: the working directory, writable by the box user.
mkdir "$tmp/box" && chown 60000:60000 "$tmp/box"
"$bin" exec --dir "$tmp/box" -- /bin/sh -c 'pwd > where; id -u >> where' 2>/dev/null
expect "--dir is /box, run as 60000" "/box 60000" "$(tr '\n' ' ' <"$tmp/box/where" | sed 's/ $//')"
expect "--box-id 7 runs as 60007" 60007 "$("$bin" exec --box-id 7 -- /usr/bin/id -u 2>/dev/null)"
"$bin" exec --box-id 7 --dir "$tmp/box" -- /bin/sh -c 'echo x > other' 2>/dev/null
expect "another slot cannot write slot 0's box" no "$([ -e "$tmp/box/other" ] && echo yes || echo no)"

# --bind: read-only unless :rw.
mkdir "$tmp/data" && echo secret-data >"$tmp/data/f" && chmod 777 "$tmp/data"
out=$("$bin" exec --bind "$tmp/data:/data" -- /bin/cat /data/f 2>/dev/null)
expect "--bind visible" secret-data "$out"
"$bin" exec --bind "$tmp/data:/data" -- /bin/sh -c 'echo x > /data/new' 2>/dev/null
expect "--bind read-only" no "$([ -e "$tmp/data/new" ] && echo yes || echo no)"
"$bin" exec --bind "$tmp/data:/data:rw" -- /bin/sh -c 'echo x > /data/new' 2>/dev/null
expect "--bind :rw writable" yes "$([ -e "$tmp/data/new" ] && echo yes || echo no)"

# --env adds to the policy's environment; the worker's does not leak.
out=$(FOO_LEAK=1 "$bin" exec --env GREETING=hi -- /usr/bin/env 2>/dev/null | sort | tr '\n' ' ')
expect "environment" "GREETING=hi HOME=/box LANG=C.UTF-8 LC_ALL=C.UTF-8 PATH=/usr/local/bin:/usr/bin:/bin TMPDIR=/tmp " "$out"

# --cgroup none still runs (rlimits only), and reports usage from rusage.
out=$("$bin" exec --json --cgroup none -- /bin/echo hi 2>/dev/null)
expect "--cgroup none runs" OK "$(field "$out" status)"

# No cgroup of ours is left behind.
left=$(find /sys/fs/cgroup -maxdepth 4 -name 'arbiter-*' -type d 2>/dev/null | wc -l)
expect "no cgroup left" 0 "$left"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
