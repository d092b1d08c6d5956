# Accepted in Python 3: integers never overflow.
import sys

n, *nums = map(int, sys.stdin.read().split())
print(sum(nums[:n]))
