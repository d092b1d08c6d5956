# mem_bomb.py - keeps allocating 8 MiB byte strings.
# Attack: exhaust the host's memory from an interpreter.
# Holds when: the cgroup's OOM killer ends it -> MLE.
# Twin: accepted/mem_ok.py.
keep = []
while True:
    keep.append(bytearray(8 << 20))
