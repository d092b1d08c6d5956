# Run-time error: expects one number per line, so int("1 2 3") raises
# ValueError on the first sample (exit status 1).
n = int(input())
print(sum(int(input()) for _ in range(n)))
