# Crashes after the first answer.
print(500, flush=True)
reply = input()
raise SystemExit(3)
