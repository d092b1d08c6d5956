# posture.py - the credentials of a Python program, and raising them.
# Attack: root in the box, groups, capabilities; os.setuid(0).
# Holds when: not root, no groups, no capabilities, and setuid(0) fails
# -> ok.
# Twin: accepted/posture_twin.c.
import os
caps = [l for l in open("/proc/self/status") if l.startswith("Cap")]
if os.getuid() == 0 or os.geteuid() == 0 or os.getgroups():
    print("HOLE:credentials")
elif any(int(l.split()[1], 16) for l in caps) or len(caps) != 5:
    print("HOLE:capabilities")
else:
    try:
        os.setuid(0)
        print("HOLE:setuid-0")
    except PermissionError:
        print("ok")
