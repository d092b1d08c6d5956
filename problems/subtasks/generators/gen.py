#!/usr/bin/env python3
# Writes data/ (the output is committed): python3 generators/gen.py
import os
import random

random.seed(8)
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data")


def case(path, nums):
    with open(os.path.join(root, path + ".in"), "w") as f:
        f.write("%d\n%s\n" % (len(nums), " ".join(map(str, nums))))
    with open(os.path.join(root, path + ".ans"), "w") as f:
        f.write("%d\n" % sum(nums))


case("sample/1", [1, 2, 3])
case("sample/2", [-5, 5, 10])
case("secret/group1/01-one", [7])
case("secret/group1/02-small", [random.randint(-1000, 1000) for _ in range(10)])
case("secret/group1/03-empty", [])
# Subtask 2: fits in 32 bits, at most 1000 * 10^6.
case("secret/group2/01-medium", [random.randint(0, 10**6) for _ in range(1000)])
# Subtask 3: big numbers that cancel out - a 32-bit sum wraps on the way
# but ends right (unsigned arithmetic is modular) ...
half = [random.randint(-10**9, 10**9) for _ in range(2500)]
cancel = half + [-x for x in half] + [7]
random.shuffle(cancel)
case("secret/group3/01-cancel", cancel)
# ... and about 5000 * 5 * 10^8, which does not fit.
case("secret/group3/02-large", [random.randint(0, 10**9) for _ in range(5000)])
