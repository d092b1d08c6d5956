# mem_ok.py - twin of mem_bomb.py: 24 MiB of byte strings.  Must pass.
keep = [bytearray(8 << 20) for _ in range(3)]
print("ok" if sum(len(b) for b in keep) == 24 << 20 else "FAIL")
