# tmp_trace.py - the trace probe from Python (same names as tmp_trace.c,
# so it also catches state left by another submission).
# Attack: state carried between tests and submissions through /tmp.
# Holds when: /tmp is fresh on every run -> ok on every test.
# Twin: accepted/trace_seen.c.
import os
for p in ("/tmp/arbiter-trace", "/dev/shm/arbiter-trace"):
    if os.path.exists(p):
        print("HOLE:%s-left-by-an-earlier-run" % p)
        raise SystemExit(0)
for p in ("/tmp/arbiter-trace", "/dev/shm/arbiter-trace"):
    with open(p, "w") as f:
        f.write("seen")
print("ok")
