#!/usr/bin/env bash
# archives.sh - hostile archives (testdata/archives/attacks.py) against both
# unpackers: submission intake (`arbiter run --json problems/hello A`: CE
# naming the reason, or AC when the archive is odd but contained) and
# problem-package import (`arbiter verify A`, the worker's import routine:
# exit 1 with a message naming the refusal, never a crash).  After each
# run TMPDIR (where the judge and the import work) must be empty, and at the
# end no file named arbiter-escape-TOKEN may exist where the attacks aim,
# the canary tree and /etc/passwd must be unchanged.  Then the good case:
# problems/hello as hello.zip verifies, and judges a submission AC.
set -uo pipefail
bin=${ARBITER_BIN:-build/arbiter}
src=${ARBITER_SRCDATA:-$PWD/testdata}
export ARBITER_POLICY_DIR=${ARBITER_POLICY_DIR:-$PWD/policies}
pass=0 fail=0

if [ "$(id -u)" -ne 0 ]; then
	echo "# SKIP archives: needs root"
	echo "0 passed, 0 failed"
	exit 0
fi
ok() { pass=$((pass + 1)); echo "ok - $1"; }
bad() { fail=$((fail + 1)); echo "not ok - $1: $2"; }
# A top-level string field of the result JSON (no python3 per call: its
# start-up dominates the run time on a loaded machine).  Intake messages
# hold no double quote, which JSON would escape.
field() { if [[ $1 =~ \"$2\":\"([^\"]*)\" ]]; then echo "${BASH_REMATCH[1]}"; fi; }

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
token=$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')
gen=$root/gen
if ! python3 "$src/archives/attacks.py" "$gen" "$token"; then
	echo "not ok - attacks.py failed"
	exit 1
fi
# The judge's work dirs and the unpacked packages live under TMPDIR, two
# levels below ROOT: "../../arbiter-escape-TOKEN" from anything in them
# stays inside ROOT, where the final find looks.
work=$root/a/tmp
mkdir -p "$work" "$root/canary/deep/er"
echo canary >"$root/canary/deep/er/file"
canary_before=$(cd "$root/canary" && find . -printf '%p %s %m\n' | sort | md5sum)
passwd_before=$(md5sum </etc/passwd)

# TMPDIR must be empty after each run: nothing left behind, not even on a
# refusal halfway through an archive.
check_clean() {
	local left
	left=$(find "$work" -mindepth 1 -maxdepth 1 | head -3)
	if [ -z "$left" ]; then ok "$1: TMPDIR left empty"
	else bad "$1: TMPDIR left empty" "$left"; find "$work" -mindepth 1 -delete; fi
}

while IFS=$'\t' read -r file what as_sub as_pkg word; do
	case $file in '#'* | '') continue ;; esac
	a=$gen/$file
	# (a) As a submission.
	out=$(TMPDIR=$work "$bin" run --json problems/hello "$a" 2>"$root/err"); rc=$?
	verdict=$(field "$out" verdict); msg=$(field "$out" message)
	if [ "$as_sub" = refused ]; then
		if [ "$rc" -eq 0 ] && [ "$verdict" = CE ] && [[ "$msg" == *"$word"* ]]; then
			ok "run $file ($what): CE '$word'"
		else
			bad "run $file ($what)" "want exit 0, CE with '$word'; got exit $rc, $verdict '$msg' $(head -c 300 "$root/err")"
		fi
	elif [ "$rc" -eq 0 ] && [ "$verdict" = AC ]; then
		ok "run $file ($what): contained, AC"
	else
		bad "run $file ($what)" "want exit 0, AC; got exit $rc, $verdict '$msg' $(head -c 300 "$root/err")"
	fi
	check_clean "run $file"
	# (b) As a problem package.
	case $as_pkg in skip*) echo "ok - verify $file # SKIP ${as_pkg#skip: }"; continue ;; esac
	out=$(TMPDIR=$work "$bin" verify "$a" 2>&1); rc=$?
	if [ "$rc" -ne 1 ]; then
		bad "verify $file ($what)" "want exit 1, got $rc: $(head -c 300 <<<"$out")"
	elif [ "$as_pkg" = refused ] && [[ "$out" != *"$word"* ]]; then
		bad "verify $file ($what)" "want a message with '$word', got: $(head -c 300 <<<"$out")"
	elif [ "$as_pkg" = broken ] && [[ "$out" == *"archive"* ]]; then
		bad "verify $file ($what)" "want a package error, got: $(head -c 300 <<<"$out")"
	else
		ok "verify $file ($what): exit 1, $(head -c 120 <<<"${out#arbiter verify: }")"
	fi
	check_clean "verify $file"
done <"$gen/manifest.tsv"

# Nothing escaped: where the attacks aim (relative escapes land in ROOT,
# absolute ones in /tmp), and the usual world-writable places.
found=$(find "$root" /tmp /var/tmp /dev/shm -maxdepth 6 -name "arbiter-escape-$token*" 2>/dev/null; \
	ls -d /arbiter-escape-"$token"* "$PWD"/../arbiter-escape-"$token"* 2>/dev/null)
if [ -z "$found" ]; then ok "no arbiter-escape-$token anywhere"; else bad "escape" "$found"; fi
canary_after=$(cd "$root/canary" && find . -printf '%p %s %m\n' | sort | md5sum)
if [ "$canary_before" = "$canary_after" ]; then ok "canary tree unchanged"; else bad "canary" "changed"; fi
if [ "$passwd_before" = "$(md5sum </etc/passwd)" ]; then ok "/etc/passwd unchanged"; else bad "/etc/passwd" "changed"; fi

# The good case: a package as an archive (one top folder, as `zip -r`
# makes it; and flat, as `tar -C dir .` makes it).
python3 - "$root/hello.zip" <<'PY'
import os, sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    for d, _, files in os.walk("problems/hello"):
        for f in sorted(files):
            p = os.path.join(d, f)
            z.write(p, os.path.relpath(p, "problems"))
PY
tar -czf "$root/flat.tar.gz" -C problems/hello .
out=$(TMPDIR=$work "$bin" verify "$root/hello.zip" 2>&1); rc=$?
if [ "$rc" -eq 0 ] && [[ "$out" == "hello: "* ]]; then ok "verify hello.zip"; else bad "verify hello.zip" "exit $rc: $out"; fi
check_clean "verify hello.zip"
out=$(TMPDIR=$work "$bin" run --json "$root/hello.zip" problems/hello/submissions/accepted/hello.c); rc=$?
if [ "$rc" -eq 0 ] && [ "$(field "$out" verdict) $(field "$out" problem)" = "AC hello" ]; then ok "run hello.zip: AC"
else bad "run hello.zip" "exit $rc: $out"; fi
check_clean "run hello.zip"
out=$(TMPDIR=$work "$bin" run --json "$root/flat.tar.gz" problems/hello/submissions/wrong_answer/comma.py); rc=$?
if [ "$rc" -eq 0 ] && [ "$(field "$out" verdict) $(field "$out" problem)" = "WA flat" ]; then ok "run flat.tar.gz: WA"
else bad "run flat.tar.gz" "exit $rc: $out"; fi
check_clean "run flat.tar.gz"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
