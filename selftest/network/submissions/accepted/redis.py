# redis.py - talks to Redis on the host's loopback from Python.
# Attack: CONFIG SET / SLAVEOF / EVAL on an unauthenticated Redis at
# 127.0.0.1:6379 or [::1]:6379 (the judge's queue is in it).
# Holds when: the box has no route to the host's loopback -> ok.
# Twin: accepted/sockets_ok.c.
import socket
for fam, addr in ((socket.AF_INET, "127.0.0.1"), (socket.AF_INET6, "::1")):
    try:
        s = socket.create_connection((addr, 6379), timeout=0.2)
        s.sendall(b"PING\r\n")
        print("HOLE:redis-at-%s:%r" % (addr, s.recv(16)))
        raise SystemExit(0)
    except OSError:
        pass
print("ok")
