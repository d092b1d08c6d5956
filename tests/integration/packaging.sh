#!/usr/bin/env bash
# packaging.sh - the deployment files and what `make install` puts out:
# docker/ (Dockerfile, compose, Kubernetes manifests, entry point), the
# systemd unit, the man page, `arbiter --version`, the worker's health file,
# and shellcheck over the repository's shell scripts.
#
# Each external linter (yamllint, hadolint, shellcheck, systemd-analyze,
# groff) is optional: without it its check prints "skip" and why.  The YAML
# parse and structure checks are not optional (python3 + python3-yaml,
# both installed by `make deps`).
set -uo pipefail
bin=${ARBITER_BIN:-build/arbiter}
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 1
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok - $1"; }
bad() { fail=$((fail + 1)); echo "not ok - $1: $2"; }
skip() { echo "ok - $1 # SKIP $2"; }
expect() { if [ "$2" == "$3" ]; then ok "$1"; else bad "$1" "want '$2', got '$3'"; fi; }
have() { command -v "$1" >/dev/null 2>&1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# --- YAML: every file parses; every Kubernetes document names itself -------
if ! python3 -c 'import yaml' 2>/dev/null; then
	bad "YAML checks" "python3-yaml is missing; run 'make deps'"
else
	out=$(python3 - docker/compose.yaml docker/k8s/*.yaml <<'EOF'
import sys, yaml
bad = 0
def say(ok, what):
    global bad
    print(("ok - " if ok else "not ok - ") + what)
    bad += not ok
for path in sys.argv[1:]:
    try:
        docs = [d for d in yaml.safe_load_all(open(path)) if d is not None]
    except yaml.YAMLError as e:
        say(False, f"{path} parses: {e}")
        continue
    say(bool(docs), f"{path} parses")
    if path.endswith("compose.yaml"):
        svc = docs[0].get("services", {})
        say({"redis", "worker"} <= set(svc), f"{path}: services redis and worker")
        say("ports" not in svc.get("redis", {}), f"{path}: redis is not published")
        w = svc.get("worker", {})
        say(w.get("cap_drop") == ["ALL"] and "SYS_ADMIN" in w.get("cap_add", [])
            and not w.get("privileged"), f"{path}: worker drops all capabilities, adds SYS_ADMIN, not privileged")
        say(not w.get("init"), f"{path}: worker has no init (it must be PID 1)")
        continue
    for d in docs:
        name = (d.get("metadata") or {}).get("name")
        say(bool(d.get("apiVersion") and d.get("kind") and name),
            f"{path}: {d.get('kind')}/{name} has apiVersion, kind, metadata.name")
        if d.get("kind") == "Deployment":
            c = d["spec"]["template"]["spec"]["containers"][0]
            sc = c.get("securityContext", {})
            say(not sc.get("privileged") and sc.get("capabilities", {}).get("drop") == ["ALL"],
                f"{path}: worker drops all capabilities, not privileged")
            say(all(p in c for p in ("livenessProbe", "readinessProbe")),
                f"{path}: worker has liveness and readiness probes")
        if d.get("kind") == "ScaledObject":
            m = d["spec"]["triggers"][0]["metadata"]
            say(m.get("stream") == "arbiter:submissions" and m.get("consumerGroup") == "workers",
                f"{path}: scales on arbiter:submissions / workers")
sys.exit(1 if bad else 0)
EOF
)
	rc=$?
	echo "$out" | sed 's/^/  /'
	pass=$((pass + $(grep -c '^ok' <<<"$out")))
	fail=$((fail + $(grep -c '^not ok' <<<"$out")))
	[ "$rc" -eq 0 ] || [ "$(grep -c '^not ok' <<<"$out")" -gt 0 ] || bad "YAML checks" "python exited $rc"
fi
if have yamllint; then
	conf='{extends: default, rules: {line-length: {max: 100}, document-start: disable, '
	conf+='truthy: {check-keys: false}, braces: {max-spaces-inside: 1}}}'
	if msg=$(yamllint -f parsable -d "$conf" docker/ 2>&1); then ok "yamllint docker/"
	else bad "yamllint docker/" "$msg"; fi
else
	skip "yamllint docker/" "yamllint not installed (apt-get install yamllint)"
fi

# --- Dockerfile: COPY sources exist, the entry point is what install makes --
df=docker/Dockerfile
prefix=$(sed -n 's/.*make install PREFIX=\([^ ]*\).*/\1/p' "$df" | head -1)
expect "Dockerfile installs with a PREFIX" "/usr/local" "$prefix"
missing="" ignored=""
# COPY [--chown=..] SRC... DST, build context = the repository root.
while read -r -a words; do
	srcs=()
	for w in "${words[@]:1}"; do [[ "$w" == --* ]] || srcs+=("$w"); done
	unset 'srcs[${#srcs[@]}-1]'
	for s in "${srcs[@]}"; do
		[ -e "$s" ] || missing+=" $s"
		# docker/Dockerfile.dockerignore excludes all but what is copied.
		grep -qxE "!${s%/}/?" docker/Dockerfile.dockerignore || ignored+=" $s"
	done
done < <(grep -E '^COPY ' "$df" | grep -v -- '--from=')
expect "Dockerfile COPY sources exist" "" "$missing"
expect "Dockerfile COPY sources are in the build context (.dockerignore)" "" "$ignored"
entry=$(sed -n 's/^ENTRYPOINT \(\[.*\]\)$/\1/p' "$df")
ep=$(python3 -c 'import json,sys; print(" ".join(json.loads(sys.argv[1])))' "$entry" 2>/dev/null)
expect "ENTRYPOINT runs \$PREFIX/bin/arbiter worker" "$prefix/bin/arbiter worker" "${ep#* }"
script=${ep%% *}
grep -qE "^COPY docker/entrypoint.sh $script\$" "$df"
expect "ENTRYPOINT script is the COPY of docker/entrypoint.sh" 0 $?
grep -A2 '^HEALTHCHECK' "$df" | grep -qF "CMD [\"$script\", \"--health\"]"
expect "HEALTHCHECK runs the entry point's --health" 0 $?
if have hadolint; then
	if msg=$(hadolint "$df" 2>&1); then ok "hadolint"; else bad "hadolint" "$msg"; fi
else
	skip "hadolint" "not packaged by Debian (a Haskell binary from its GitHub releases)"
fi

# --- the entry point's health check ------------------------------------------
h="$tmp/health"
ARBITER_HEALTH_FILE=$h bash docker/entrypoint.sh --health 2>/dev/null
expect "entrypoint --health fails without a health file" 1 $?
echo "1 1/1" >"$h"
ARBITER_HEALTH_FILE=$h bash docker/entrypoint.sh --health 30
expect "entrypoint --health passes on a fresh file" 0 $?
touch -d '-2 minutes' "$h"
ARBITER_HEALTH_FILE=$h bash docker/entrypoint.sh --health 30 2>/dev/null
expect "entrypoint --health fails on a stale file" 1 $?

# --- the worker writes the health file (needs redis-server) ------------------
if have redis-server; then
	redis-server --port 0 --unixsocket "$tmp/r.sock" --dir "$tmp" \
		--save '' --appendonly no --daemonize yes --pidfile "$tmp/r.pid" >/dev/null
	for _ in $(seq 50); do [ -S "$tmp/r.sock" ] && break; sleep 0.1; done
	rm -f "$h"
	"$bin" worker --redis "unix://$tmp/r.sock" --slots 1 --cgroup none \
		--cache "$tmp/cache" --health-file "$h" --log-format json 2>"$tmp/w.log" &
	wpid=$!
	for _ in $(seq 100); do [ -s "$h" ] && break; sleep 0.1; done
	expect "worker writes the health file" "1/1" "$(cut -d' ' -f2 "$h" 2>/dev/null)"
	kill -TERM "$wpid"; wait "$wpid"
	expect "worker exits 0 on SIGTERM" 0 $?
	[ -e "$h" ]; expect "and removes the health file" 1 $?
	kill "$(cat "$tmp/r.pid")" 2>/dev/null
else
	skip "worker writes the health file" "redis-server not installed"
fi

# --- arbiter --version --------------------------------------------------------
out=$("$bin" --version); rc=$?
expect "--version exits 0" 0 "$rc"
expect "--version first line" "arbiter $(cat VERSION)" "$(head -1 <<<"$out")"
for lib in compiler libseccomp libarchive hiredis jansson libyaml; do
	grep -qE "^$lib: [0-9a-z]" <<<"$out"; expect "--version names $lib" 0 $?
done

# --- make install (into a scratch DESTDIR) -------------------------------------
# The Makefile's targets are relative to the repository (build/arbiter).
rel=${bin#"$root"/}
build=$(dirname "$rel")
if make -q BUILD="$build" "$rel" 2>/dev/null; then
	dest="$tmp/dest"
	make -s --no-print-directory BUILD="$build" DESTDIR="$dest" \
		SYSTEMDUNITDIR=/lib/systemd/system install >/dev/null
	expect "make install exits 0" 0 $?
	for f in usr/local/bin/arbiter usr/local/share/man/man1/arbiter.1 \
		usr/local/share/arbiter/policies/languages.yaml \
		usr/local/share/arbiter/dist/arbiter-worker.service \
		usr/local/share/arbiter/dist/arbiter-worker.env \
		lib/systemd/system/arbiter-worker.service; do
		[ -e "$dest/$f" ]; expect "make install puts /$f" 0 $?
	done
	unit="$dest/usr/local/share/arbiter/dist/arbiter-worker.service"
	grep -q '^ExecStart=/usr/local/bin/arbiter worker$' "$unit"
	expect "the installed unit runs \$BINDIR/arbiter worker" 0 $?
	# uninstall removes every file install made (empty folders may stay),
	# and nothing else: a file of someone else's in DATADIR survives.
	args=(-s --no-print-directory BUILD="$build" DESTDIR="$tmp/du" PREFIX=/usr
		SYSTEMDUNITDIR=/lib/systemd/system)
	make "${args[@]}" install >/dev/null && echo x >"$tmp/du/usr/share/arbiter/local.yaml" &&
		make "${args[@]}" uninstall >/dev/null
	expect "make install + uninstall PREFIX=/usr exit 0" 0 $?
	expect "make uninstall leaves no file behind but others'" "./usr/share/arbiter/local.yaml" \
		"$(cd "$tmp/du" && find . ! -type d | tr '\n' ' ' | sed 's/ $//')"
else
	skip "make install" "$rel is not up to date; run make first"
fi

# --- systemd unit ----------------------------------------------------------------
if have systemd-analyze; then
	mkdir -p "$tmp/unit"
	sed "s|@BINDIR@|$(cd "$(dirname "$bin")" && pwd)|" dist/arbiter-worker.service \
		>"$tmp/unit/arbiter-worker.service"
	# --man=no: the Documentation= page is checked below, not by man(1).
	if msg=$(systemd-analyze verify --man=no "$tmp/unit/arbiter-worker.service" 2>&1); then
		ok "systemd-analyze verify arbiter-worker.service"
	else bad "systemd-analyze verify arbiter-worker.service" "$msg"; fi
else
	skip "systemd-analyze verify" "systemd not installed"
fi
grep -q '^Delegate=yes$' dist/arbiter-worker.service; expect "unit delegates its cgroup" 0 $?
grep -q '^OOMPolicy=continue$' dist/arbiter-worker.service; expect "unit survives a box's OOM kill" 0 $?
grep -Eq '^(ProtectControlGroups|PrivateUsers|RestrictNamespaces)=yes' dist/arbiter-worker.service
expect "unit sets none of the options that break the sandbox" 1 $?

# --- man page ----------------------------------------------------------------------
if have groff; then
	if msg=$(groff -man -Tutf8 -ww -z man/arbiter.1 2>&1) && [ -z "$msg" ]; then
		ok "groff renders man/arbiter.1 without warnings"
	else bad "groff renders man/arbiter.1 without warnings" "$msg"; fi
else
	skip "groff -man" "groff-base not installed"
fi
missing=""
for c in $("$bin" --help | awk '/^commands:/{on=1; next} on && /^  [a-z]/ {print $1}'); do
	grep -q "^\.SY \"arbiter $c" man/arbiter.1 || missing+=" $c"
done
expect "man page has a synopsis of every command of --help" "" "$missing"

# --- docs/architecture.svg, embedded in the README ------------------------------
python3 -c 'import sys, xml.etree.ElementTree as E
r = E.parse(sys.argv[1]).getroot()
sys.exit(r.tag != "{http://www.w3.org/2000/svg}svg")' docs/architecture.svg
expect "docs/architecture.svg is well-formed SVG" 0 $?
grep -qF '(docs/architecture.svg)' README.md; expect "README embeds docs/architecture.svg" 0 $?

# --- shellcheck ----------------------------------------------------------------------
if have shellcheck; then
	for f in scripts/*.sh docker/*.sh tests/integration/*.sh .ci/deps.sh; do
		if msg=$(shellcheck -S warning "$f" 2>&1); then ok "shellcheck $f"
		else bad "shellcheck $f" "$msg"; fi
	done
else
	skip "shellcheck" "shellcheck not installed"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
