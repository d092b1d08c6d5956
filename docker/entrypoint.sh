#!/bin/sh
# entrypoint.sh - container entry point of the arbiter worker image.
#
#   entrypoint.sh /usr/local/bin/arbiter worker [settings...]
#       make the container's cgroup tree writable, then exec the worker
#       (it stays PID 1, alone in the container's cgroup, as cgroup v2's
#       "no internal processes" rule requires of the cgroup whose
#       controllers it enables)
#   entrypoint.sh --health [MAX_AGE_S]
#       exit 0 when $ARBITER_HEALTH_FILE was rewritten in the last
#       MAX_AGE_S seconds (default 30): the HEALTHCHECK and k8s probes
set -eu

if [ "${1:-}" = "--health" ]; then
	f=${ARBITER_HEALTH_FILE:-/run/arbiter/health}
	max=${2:-30}
	[ -f "$f" ] || { echo "no health file $f" >&2; exit 1; }
	age=$(( $(date +%s) - $(stat -c %Y "$f") ))
	[ "$age" -le "$max" ] || { echo "health file $f is ${age}s old" >&2; exit 1; }
	exit 0
fi

# Docker and Kubernetes mount the container's cgroup2 tree read-only unless
# the container is privileged.  With a private cgroup namespace the tree is
# the container's own cgroup only, so making it writable exposes nothing of
# the host; it needs CAP_SYS_ADMIN and an AppArmor profile that allows mount.
cg=/sys/fs/cgroup
if [ -f "$cg/cgroup.controllers" ] && ! [ -w "$cg/cgroup.procs" ]; then
	mount -o remount,rw "$cg" ||
		echo "entrypoint: cannot remount $cg read-write (see docker/README.md)" >&2
fi
if [ "$(id -u)" -ne 0 ]; then
	echo "entrypoint: the worker needs root in the container (see docker/README.md)" >&2
fi
mkdir -p "$(dirname "${ARBITER_HEALTH_FILE:-/run/arbiter/health}")"
# An empty ARBITER_PROBLEMS (compose's ${VAR:-}) means "from Redis only".
if [ -z "${ARBITER_PROBLEMS:-}" ]; then
	unset ARBITER_PROBLEMS
fi
exec "$@"
