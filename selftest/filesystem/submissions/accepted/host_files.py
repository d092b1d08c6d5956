# host_files.py - the host's secrets, by path, from Python.
# Attack: read /etc/shadow, the judge's home, its checkout, its sockets.
# Holds when: none of them exists in the box -> ok.
# Twin: accepted/box_files.c.
import os
for p in ["/etc/shadow", "/etc/passwd", "/root", "/home", "/var", "/run",
          "/work", "/sys/fs/cgroup", "/etc/redis/redis.conf"]:
    if os.path.exists(p):
        print("HOLE:%s-exists" % p)
        raise SystemExit(0)
try:
    open("/etc/shadow").read()
    print("HOLE:/etc/shadow-readable")
except OSError:
    print("ok")
