# main.py - reports what py_compile.py (run at compile time) could do.
# Holds when: less than 2 GiB could be reserved in the compile directory
# -> ok.
try:
    got, free = map(int, open("/box/fill-result").read().split())
except OSError:
    print("FAIL:compile-time-code-did-not-run")
    raise SystemExit(0)
if got >= 2048:
    print("HOLE:compile-dir-unbounded:%dMiB-reserved,%dMiB-free" % (got, free))
else:
    print("ok")
