#!/usr/bin/env python3
# Input validator (exit 42 = valid, 43 = invalid): n, then n integers.
import re
import sys

lines = sys.stdin.read().split("\n")
ok = len(lines) == 3 and lines[2] == "" and re.fullmatch(r"[1-9][0-9]*", lines[0])
if ok:
    n = int(lines[0])
    nums = lines[1].split(" ")
    ok = n <= 1000 and len(nums) == n and all(
        re.fullmatch(r"0|-?[1-9][0-9]*", x) and abs(int(x)) <= 10**9 for x in nums)
if not ok:
    print("not n and n integers")
sys.exit(42 if ok else 43)
