# Prints the sum too: a presentation error in testlib's terms (exit 2),
# which is WA here.
n = int(input())
s = sum(map(int, input().split()))
print(s / n, s)
