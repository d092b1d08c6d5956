#!/usr/bin/env bash
# languages.sh - `arbiter languages` as a black box: the table for people,
# the --json object, exit codes, and a broken languages.yaml.  No root
# needed: nothing runs in a box (the version commands run on the host).
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

# Whether rustc is where the box looks (rustup's ~/.cargo/bin is not).
rust_here=false
for d in /usr/local/bin /usr/bin /bin; do [ -x "$d/rustc" ] && rust_here=true; done

# For people: a header, one line per language, exit 0 even with one missing.
out=$("$bin" languages 2>"$tmp/err"); rc=$?
expect "exit code" 0 "$rc"
expect "nothing on stderr" "" "$(cat "$tmp/err")"
expect "header" "ID NAME EXTENSIONS TOOLCHAIN" "$(head -1 <<<"$out" | tr -s ' ')"
expect "one line per language" "c cpp python3 java javascript rust" \
	"$(tail -n +2 <<<"$out" | awk '{print $1}' | tr '\n' ' ' | sed 's/ $//')"
case "$(grep '^c ' <<<"$out")" in *"gcc "*) ok "C shows the gcc version" ;;
	*) bad "C shows the gcc version" "$(grep '^c ' <<<"$out")" ;; esac
case "$(grep '^java ' <<<"$out")" in *"javac "*) ok "Java shows the javac version" ;;
	*) bad "Java shows the javac version" "$(grep '^java ' <<<"$out")" ;; esac
if $rust_here; then
	ok "rustc is in the box's PATH here; not testing the missing line"
else
	expect "Rust is reported missing" \
		"missing: 'rustc' not found in /usr/local/bin:/usr/bin:/bin" \
		"$(grep '^rust ' <<<"$out" | sed 's/.*\(missing: \)/\1/')"
fi

# JSON: exactly one object on stdout, with the documented keys.
out=$("$bin" languages --json 2>"$tmp/err"); rc=$?
expect "json exit code" 0 "$rc"
expect "json is one line" 1 "$(wc -l <<<"$out")"
expect "json top-level keys" "languages" "$(json '" ".join(sorted(j))')"
expect "json language keys" "available extensions id missing name version" \
	"$(json '" ".join(sorted(j["languages"][0]))')"
expect "json ids" "c cpp python3 java javascript rust" \
	"$(json '" ".join(l["id"] for l in j["languages"])')"
want="c cpp python3 java javascript"; $rust_here && want="$want rust"
expect "json available" "$want" \
	"$(json '" ".join(l["id"] for l in j["languages"] if l["available"])')"
expect "json: available ones have a version and no reason" True \
	"$(json 'all(bool(l["version"]) and l["missing"] is None for l in j["languages"] if l["available"])')"
expect "json: missing ones have a reason and no version" True \
	"$(json 'all(l["missing"] and l["version"] is None for l in j["languages"] if not l["available"])')"
expect "json C extensions" "['c']" "$(json 'j["languages"][0]["extensions"]')"
expect "json Python version" "Python 3" \
	"$(json '[l for l in j["languages"] if l["id"] == "python3"][0]["version"][:8]')"
if ! $rust_here; then
	expect "json Rust reason" "'rustc' not found in /usr/local/bin:/usr/bin:/bin" \
		"$(json '[l for l in j["languages"] if l["id"] == "rust"][0]["missing"]')"
fi

# Usage.
"$bin" languages --help >"$tmp/help"; expect "--help exits 0" 0 $?
grep -q -- '--json' "$tmp/help" && ok "--help names --json" || bad "--help names --json" "$(cat "$tmp/help")"
"$bin" languages --frobnicate >/dev/null 2>&1; expect "unknown option exits 2" 2 $?
"$bin" languages extra >/dev/null 2>&1; expect "extra argument exits 2" 2 $?
"$bin" --help | grep -q '^  languages ' && ok "listed in arbiter --help" ||
	bad "listed in arbiter --help" "$("$bin" --help)"

# A broken file is a judge error (exit 1), its reason on stderr, stdout empty.
mkdir "$tmp/pol"
printf 'languages:\n  - id: c\n    extensions: [c]\n    run: [./a.out]\n    colour: red\n' \
	>"$tmp/pol/languages.yaml"
out=$(ARBITER_POLICY_DIR="$tmp/pol" "$bin" languages --json 2>"$tmp/err"); rc=$?
expect "broken file exits 1" 1 "$rc"
expect "broken file: nothing on stdout" "" "$out"
expect "broken file: the reason" \
	"arbiter languages: languages.yaml: languages[0].colour: unknown key" "$(cat "$tmp/err")"

# Version commands that hang (with a child holding the pipe) are killed with
# their process group after 5 s; one that prints nothing says so.
cat >"$tmp/pol/languages.yaml" <<'EOF'
languages:
  - {id: slow, extensions: [s], run: [sh], version: [sh, -c, "sleep 60 & sleep 60"]}
  - {id: mute, extensions: [m], run: [sh], version: ["true"]}
EOF
start=$SECONDS
out=$(ARBITER_POLICY_DIR="$tmp/pol" "$bin" languages --json); rc=$?
expect "slow version: exit 0" 0 "$rc"
[ $((SECONDS - start)) -le 8 ] && ok "slow version killed in time" ||
	bad "slow version killed in time" "$((SECONDS - start)) s"
expect "slow version reported" True \
	"$(json 'j["languages"][0]["version"].endswith("sh'"'"' timed out)")')"
expect "mute version reported" True \
	"$(json 'j["languages"][1]["version"].endswith("true'"'"' printed nothing, exit 0)")')"
rm "$tmp/pol/languages.yaml"
ARBITER_POLICY_DIR="$tmp/pol" "$bin" languages >/dev/null 2>"$tmp/err"
expect "missing file exits 1" 1 $?

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
