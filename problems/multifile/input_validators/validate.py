#!/usr/bin/env python3
# Input validator (exit 42 = valid, 43 = invalid).
import re
import sys

lines = sys.stdin.read().split("\n")
ok = len(lines) == 3 and lines[2] == "" and re.fullmatch(r"[1-9][0-9]*", lines[0])
if ok:
    a = lines[1].split(" ")
    ok = 1 <= int(lines[0]) <= 1000 and len(a) == int(lines[0]) and all(
        re.fullmatch(r"0|-?[1-9][0-9]*", v) and abs(int(v)) <= 10**18 for v in a)
sys.exit(42 if ok else 43)
