#!/usr/bin/env python3
# Writes every data/*/*.in|.ans of this problem (python3 generators/gen.py).
# The .ans holds one valid pair (the first in i-then-j order); the checker
# does not need it, it is there for people reading the tests.
import pathlib

DATA = pathlib.Path(__file__).resolve().parent.parent / "data"


class Lcg:
    def __init__(self, seed):
        self.state = seed

    def below(self, bound):
        self.state = (self.state * 6364136223846793005 + 1442695040888963407) % 2**64
        return (self.state >> 11) % bound  # the top 53 bits


def write(name, x, a):
    pair = next((i + 1, j + 1) for i in range(len(a)) for j in range(i + 1, len(a))
                if a[i] + a[j] == x)
    (DATA / f"{name}.in").write_text(f"{len(a)} {x}\n{' '.join(map(str, a))}\n")
    (DATA / f"{name}.ans").write_text(f"{pair[0]} {pair[1]}\n")


rng = Lcg(42)
write("sample/1", 5, [3, 1, 4, 2, 3])          # three valid pairs
write("sample/2", 0, [-7, 7])
write("secret/01-half-trap", 10, [5, 1, 9, 7])  # 5 + 5 would reuse position 1
write("secret/02-extremes", -2 * 10**9, [-10**9, 5, -10**9])
small = [rng.below(41) - 20 for _ in range(1000)]   # many pairs
write("secret/03-many-pairs", small[17] + small[908], small)
big = [rng.below(2 * 10**9 + 1) - 10**9 for _ in range(1000)]  # likely one pair
write("secret/04-one-pair", big[123] + big[877], big)
