# shellcheck shell=bash
# private_redis.sh - sourced by integration scripts: a private redis-server
# on a unix socket in a directory of the caller's, without persistence (as
# hiredis's test.sh does), so a test never touches a real Redis.
#
#   redis_start DIR   start it, DIR/r.sock its socket; 1 if it did not come up
#   redis_stop DIR    stop it (by the pid file it wrote in DIR)

redis_start() {
	redis-server --port 0 --unixsocket "$1/r.sock" --dir "$1" \
		--save '' --appendonly no --daemonize yes --pidfile "$1/r.pid" >/dev/null ||
		return 1
	for _ in $(seq 50); do
		[ -S "$1/r.sock" ] && return 0
		sleep 0.1
	done
	return 1
}

redis_stop() {
	kill "$(cat "$1/r.pid" 2>/dev/null)" 2>/dev/null
}
