# The word itself does not count as a code: rejected in pass 1.
print(input().split()[1])
