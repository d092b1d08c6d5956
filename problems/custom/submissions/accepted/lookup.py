# Accepted with other answers than brute.c: a dictionary finds the pair
# that ends first, and it is printed larger index first (sample 1: "3 2").
n, x = map(int, input().split())
seen = {}
for j, v in enumerate(map(int, input().split()), start=1):
    if x - v in seen:
        print(j, seen[x - v])
        break
    seen.setdefault(v, j)
