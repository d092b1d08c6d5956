#!/usr/bin/env python3
# Writes data/secret/big/*.in|.ans (run from anywhere: python3 generators/gen.py).
# Deterministic: a fixed 64-bit LCG, no dependence on Python's random module.
import pathlib

OUT = pathlib.Path(__file__).resolve().parent.parent / "data" / "secret" / "big"
LIMIT = 10**9


class Lcg:
    def __init__(self, seed):
        self.state = seed

    def below(self, bound):
        self.state = (self.state * 6364136223846793005 + 1442695040888963407) % 2**64
        return (self.state >> 11) % bound  # the top 53 bits


def write(name, values):
    OUT.mkdir(parents=True, exist_ok=True)
    text = f"{len(values)}\n{' '.join(map(str, values))}\n"
    (OUT / f"{name}.in").write_text(text)
    (OUT / f"{name}.ans").write_text(f"{sum(values)}\n")


rng = Lcg(2024)
# 1000 values close to 10^9: the sum (~10^12) overflows a 32-bit int.
write("01-large-values", [LIMIT - rng.below(1000) for _ in range(1000)])
# 20000 values of any sign: a bigger input, still small on disk (~210 KB).
write("02-many", [rng.below(2 * LIMIT + 1) - LIMIT for _ in range(20000)])
