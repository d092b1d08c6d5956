#!/usr/bin/env python3
# Two integers on one line (exit 42), at most --max N each; else exit 43.
import sys

limit = None
if sys.argv[1:3] and sys.argv[1] == "--max":
    limit = int(sys.argv[2])
words = sys.stdin.read().split()
if len(words) != 2 or not all(w.lstrip("-").isdigit() for w in words):
    print("expected two integers, got %r" % words)
    sys.exit(43)
if limit is not None and any(int(w) > limit for w in words):
    print("a number is above --max %d" % limit)
    sys.exit(43)
sys.exit(42)
