#!/usr/bin/env bash
# doctor.sh - `arbiter doctor` as a black box on this host: one line per
# check, the --json object, every check present, and the exit status (0 as
# root on a host fit to judge, 1 without privileges).  The verdict rules of
# the file checks are unit-tested on fixture hosts (suite doctor); here the
# probes make their real system calls.
set -uo pipefail
bin=${ARBITER_BIN:-build/arbiter}
export ARBITER_POLICY_DIR=${ARBITER_POLICY_DIR:-$PWD/policies}
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { pass=$((pass + 1)); echo "ok - $1"; }
bad() { fail=$((fail + 1)); echo "not ok - $1: $2"; }
# expect NAME WANT GOT
expect() { if [ "$2" == "$3" ]; then ok "$1"; else bad "$1" "want '$2', got '$3'"; fi; }
# json EXPR: evaluate a Python expression over the object in $out (as j).
json() { python3 -c "import json,sys; j=json.loads(sys.stdin.read()); print($1)" <<<"$out"; }

checks="privileges kernel cgroup.mode cgroup.memory cgroup.pids cgroup.cpu
cgroup.freezer cgroup.box swap cgroup.swap kernel.pidfd_open kernel.clone3
kernel.clone_into_cgroup kernel.openat2 kernel.cgroup_kill kernel.close_range
kernel.seccomp_filter kernel.seccomp_notify kernel.namespaces sysctl.userns
sysctl.ptrace_scope policy languages cpu.count cpu.governor cpu.boost cpu.smt
host.virtualization memory.overcommit sandbox.timing"
checks=$(tr '\n' ' ' <<<"$checks" | sed 's/ $//')
root=false; [ "$(id -u)" -eq 0 ] && root=true
want_rc=1; $root && want_rc=0

# For people: one line per check, in order, then a summary.
out=$("$bin" doctor 2>"$tmp/err"); rc=$?
expect "exit code" "$want_rc" "$rc"
expect "nothing on stderr" "" "$(cat "$tmp/err")"
expect "one line per check, in order" "$checks" \
	"$(grep -E '^(ok|info|warn|FAIL) ' <<<"$out" | awk '{print $2}' | tr '\n' ' ' | sed 's/ $//')"
expect "summary line" 1 "$(grep -cE '^[0-9]+ ok, [0-9]+ info, [0-9]+ warn, [0-9]+ FAIL: ' <<<"$out")"
expect "no check without a detail" 0 "$(grep -E '^(ok|info|warn|FAIL) ' <<<"$out" | awk 'NF < 3' | wc -l)"

# JSON: exactly one object, the same checks, valid statuses.
out=$("$bin" doctor --json 2>"$tmp/err"); rc=$?
expect "json exit code" "$want_rc" "$rc"
expect "json is one line" 1 "$(wc -l <<<"$out")"
expect "json top-level keys" "checks summary" "$(json '" ".join(sorted(j))')"
expect "json check keys" "check detail status" \
	"$(json '" ".join(sorted(set(k for c in j["checks"] for k in c)))')"
expect "json check names" "$checks" "$(json '" ".join(c["check"] for c in j["checks"])')"
expect "json statuses" True \
	"$(json 'all(c["status"] in ("ok", "info", "warn", "fail") for c in j["checks"])')"
expect "json summary adds up" True \
	"$(json 'sum(j["summary"].values()) == len(j["checks"]) and all(j["summary"][s] == sum(c["status"] == s for c in j["checks"]) for s in j["summary"])')"
expect "json exit status follows the failures" True \
	"$(json '(j["summary"]["fail"] == 0) == ('"$rc"' == 0)')"

if $root; then
	# What a root run on a host fit to judge must find.
	for c in privileges cgroup.box kernel.pidfd_open kernel.clone3 \
		kernel.close_range kernel.seccomp_filter kernel.seccomp_notify \
		kernel.namespaces policy sandbox.timing; do
		st=$(json '[c["status"] for c in j["checks"] if c["check"] == "'"$c"'"][0]')
		case $st in ok | warn) ok "$c: $st" ;; *) bad "$c" "$st" ;; esac
	done
	expect "languages: C is found" True \
		"$(json '[c for c in j["checks"] if c["check"] == "languages"][0]["detail"].split(";")[0].split().count("c") == 1')"
else
	expect "privileges FAIL without root" fail \
		"$(json '[c["status"] for c in j["checks"] if c["check"] == "privileges"][0]')"
fi

# --cgroup none: no cgroup checks fail, the box still runs on rlimits.
if $root; then
	out=$("$bin" doctor --json --cgroup none); rc=$?
	expect "--cgroup none: mode warns" warn \
		"$(json '[c["status"] for c in j["checks"] if c["check"] == "cgroup.mode"][0]')"
	expect "--cgroup none: timing still runs" True \
		"$(json '[c for c in j["checks"] if c["check"] == "sandbox.timing"][0]["status"] in ("ok", "warn")')"
fi

# Usage.
"$bin" doctor --help >"$tmp/help"; expect "--help exits 0" 0 $?
grep -q -- '--json' "$tmp/help" && ok "--help names --json" || bad "--help names --json" "$(cat "$tmp/help")"
"$bin" doctor --frobnicate >/dev/null 2>&1; expect "unknown option exits 2" 2 $?
"$bin" doctor extra >/dev/null 2>&1; expect "extra argument exits 2" 2 $?
"$bin" doctor --cgroup v3 >/dev/null 2>&1; expect "bad --cgroup exits 2" 2 $?
"$bin" doctor --box-id 10000 >/dev/null 2>&1; expect "bad --box-id exits 2" 2 $?
"$bin" --help | grep -q '^  doctor ' && ok "listed in arbiter --help" ||
	bad "listed in arbiter --help" "$("$bin" --help)"

# A broken policy directory is a FAIL of the policy and languages checks.
out=$(ARBITER_POLICY_DIR="$tmp/none" "$bin" doctor --json 2>/dev/null); rc=$?
expect "missing policy dir exits 1" 1 "$rc"
expect "missing policy dir: policy FAILs" fail \
	"$(json '[c["status"] for c in j["checks"] if c["check"] == "policy"][0]')"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
