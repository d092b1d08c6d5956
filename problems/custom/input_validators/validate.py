#!/usr/bin/env python3
# Input validator (exit 42 = valid, 43 = invalid).
import re
import sys

INT = r"0|-?[1-9][0-9]*"
lines = sys.stdin.read().split("\n")
ok = len(lines) == 3 and lines[2] == "" and re.fullmatch(f"({INT}) ({INT})", lines[0])
if ok:
    n, x = map(int, lines[0].split())
    a = lines[1].split(" ")
    ok = (2 <= n <= 1000 and abs(x) <= 2 * 10**9 and len(a) == n
          and all(re.fullmatch(INT, v) and abs(int(v)) <= 10**9 for v in a))
    if ok:
        a = list(map(int, a))
        seen = set()
        ok = False
        for v in a:
            ok = ok or (x - v) in seen
            seen.add(v)
sys.exit(42 if ok else 43)
