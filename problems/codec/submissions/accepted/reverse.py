kind, arg = input().split()
# Reversing is its own inverse - but not for a palindrome like "zzz".
code = arg[::-1] if arg[::-1] != arg else arg + "x"
if kind == "encode":
    print(code)
else:
    print(arg[::-1] if not arg.endswith("x") or arg[:-1][::-1] != arg[:-1] else arg[:-1])
