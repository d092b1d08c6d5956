# Encodes fine, but cannot decode: rejected in pass 2.
kind, arg = input().split()
print(arg[::-1] + "q" if kind == "encode" else "lost")
