#!/usr/bin/env python3
# Writes every data/*/*.in|.ans of this problem (python3 generators/gen.py).
# Deterministic: hand-picked cases plus a fixed 64-bit LCG.
import math
import pathlib

DATA = pathlib.Path(__file__).resolve().parent.parent / "data"


class Lcg:
    def __init__(self, seed):
        self.state = seed

    def below(self, bound):
        self.state = (self.state * 6364136223846793005 + 1442695040888963407) % 2**64
        return (self.state >> 11) % bound  # the top 53 bits


def write(name, points):
    """POINTS are (x, y) pairs of integers in millionths."""
    lines = [str(len(points))]
    lines += [f"{x / 10**6:.6f} {y / 10**6:.6f}" for x, y in points]
    walk = math.fsum(math.hypot((x2 - x1) / 10**6, (y2 - y1) / 10**6)
                     for (x1, y1), (x2, y2) in zip(points, points[1:]))
    (DATA / f"{name}.in").write_text("\n".join(lines) + "\n")
    (DATA / f"{name}.ans").write_text(f"{walk:.9f}\n")


M = 10**6
rng = Lcg(7)
write("sample/1", [(0, 0), (1 * M, 1 * M), (2 * M, 0)])         # 2*sqrt(2)
write("sample/2", [(1500000, -2500000)])                         # one point: 0
write("secret/01-random", [(rng.below(200 * M) - 100 * M, rng.below(200 * M) - 100 * M)
                           for _ in range(10)])
write("secret/02-repeated", [(3 * M, 4 * M)] * 3 + [(0, 0)] * 2 + [(3 * M, 4 * M)])
# Tiny steps: the answer is about 0.01, only the absolute tolerance helps.
write("secret/03-tiny", [(rng.below(1000), rng.below(1000)) for _ in range(20)])
# Long walks: the answer is about 10^9, only the relative tolerance helps.
write("secret/04-long", [(rng.below(2 * M * M + 1) - M * M, rng.below(2 * M * M + 1) - M * M)
                         for _ in range(1000)])
