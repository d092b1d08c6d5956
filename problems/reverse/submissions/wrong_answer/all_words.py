# Wrong answer: reverses all the words of the input at once, so the lines
# come out in reverse order too. Right on single-line sample 1, wrong after.
import sys

print(" ".join(reversed(sys.stdin.read().split())))
