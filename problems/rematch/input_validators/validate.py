#!/usr/bin/env python3
# `1 X D`: pass 1 of a game, X in [1, 1000000], D in [-500, 500], and
# X + D in [1, 1000000] too.  Exit 42 when valid, 43 when not.
import re
import sys

text = sys.stdin.read()
m = re.fullmatch(r"1 (\d+) (-?\d+)\n", text)
if not m:
    sys.exit(43)
x, d = int(m.group(1)), int(m.group(2))
ok = 1 <= x <= 1000000 and -500 <= d <= 500 and 1 <= x + d <= 1000000
sys.exit(42 if ok else 43)
