# Accepted: Python's shortest round-trip repr, e.g. 2.8284271247461903.
import math
import sys

n, *coords = sys.stdin.read().split()
pts = [(float(coords[2 * i]), float(coords[2 * i + 1])) for i in range(int(n))]
print(sum(math.dist(a, b) for a, b in zip(pts, pts[1:])))
