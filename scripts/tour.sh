#!/usr/bin/env bash
# tour.sh - `make tour`: a tour of the sandbox on this machine.
# Runs a few well-behaved and hostile commands under `arbiter exec` and
# prints what the sandbox reported for each, then judges the example
# submissions of problems/sum (one per verdict) with `arbiter verify`.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${ARBITER_BIN:-build/arbiter}
[ -x "$bin" ] || make -s all
if [ "$(id -u)" -ne 0 ]; then
	echo "tour: the sandbox needs root (namespaces, cgroups); run as root" >&2
	exit 1
fi
export ARBITER_POLICY_DIR="$PWD/policies"

show() {
	local what=$1
	shift
	printf '%-44s ' "$what"
	"$bin" exec --json "$@" 2>/dev/null || true
}

show "hello world"                     -- /bin/echo hello
show "CPU burner, 0.5 s limit"         --time 0.5 -- /bin/sh -c 'while :; do :; done'
show "sleeper, 0.5 s wall limit"       --wall 0.5 -- /bin/sleep 10
show "100 MiB allocation, 32 MiB limit" --mem 32M -- python3 -c 'x = bytearray(100 << 20)'
show "fork bomb, 16 pids, 1 s wall"    --pids 16 --wall 1 -- /bin/bash -c 'b() { b | b & }; b; wait'
out=$(mktemp)
show "output flood, 1 MiB file limit"  --fsize 1M --stdout "$out" -- /usr/bin/yes
rm -f "$out"
show "read /etc/shadow"                -- /bin/cat /etc/shadow
show "connect to 127.0.0.1:6379"       -- python3 -c 'import socket; socket.create_connection(("127.0.0.1", 6379), 1)'
show "segfault"                        -- python3 -c 'import ctypes; ctypes.string_at(0)'
show "ptrace (a forbidden system call)"  -- python3 -c 'import ctypes; ctypes.CDLL(None).ptrace(0, 0, 0, 0)'

echo
echo "== judging problems/sum: one submission per verdict"
"$bin" verify problems/sum || true
