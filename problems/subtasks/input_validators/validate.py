#!/usr/bin/env python3
# Input validator (exit 42 = valid, 43 = invalid): n, then exactly n
# integers on line 2, with n <= 100000 and |a_i| <= 10^9.
import re
import sys

lines = sys.stdin.read().split("\n")
ok = len(lines) == 3 and lines[2] == "" and re.fullmatch(r"0|[1-9][0-9]*", lines[0])
if ok:
    n = int(lines[0])
    nums = lines[1].split(" ") if n > 0 else []
    ok = 0 <= n <= 10**5 and len(nums) == n and lines[1] == " ".join(nums) and all(
        re.fullmatch(r"0|-?[1-9][0-9]*", x) and abs(int(x)) <= 10**9 for x in nums)
sys.exit(42 if ok else 43)
