# Accepted (100 points): Python integers do not overflow.
n = int(input())
print(sum(map(int, input().split())) if n else 0)
