# Wrong answer (0 points): prints how many numbers there are.
print(int(input()))
