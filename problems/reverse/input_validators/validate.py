#!/usr/bin/env python3
# Input validator (exit 42 = valid, 43 = invalid).
import sys

text = sys.stdin.buffer.read()
lines = text.split(b"\n")
ok = text.endswith(b"\n") and len(lines) - 1 <= 1000 and all(
    len(l) <= 1000 and all(32 <= c < 127 for c in l) for l in lines)
sys.exit(42 if ok else 43)
