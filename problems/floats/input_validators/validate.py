#!/usr/bin/env python3
# Input validator (exit 42 = valid, 43 = invalid).
import re
import sys

NUM = r"-?(0|[1-9][0-9]*)\.[0-9]{1,6}"
lines = sys.stdin.read().split("\n")
ok = lines[-1] == "" and re.fullmatch(r"[1-9][0-9]*", lines[0]) is not None
if ok:
    n = int(lines[0])
    pts = lines[1:-1]
    ok = 1 <= n <= 1000 and len(pts) == n and all(
        re.fullmatch(f"{NUM} {NUM}", p) and all(abs(float(v)) <= 1e6 for v in p.split())
        for p in pts)
sys.exit(42 if ok else 43)
