# Wrong answer: stores each number before looking up its complement, so
# 5 + 5 = 10 "pairs" position 1 with itself on secret/01-half-trap.
n, x = map(int, input().split())
seen = {}
for j, v in enumerate(map(int, input().split()), start=1):
    seen.setdefault(v, j)
    if x - v in seen:
        print(seen[x - v], j)
        break
