# sleeper.py - blocks forever without using CPU (sleeping on a pipe).
# Attack: a judge that only limits CPU time waits forever; a slot of the
# worker is gone.
# Holds when: the wall limit ends the run -> TLE.
# Twin: accepted/sigstop_resumed.c.
import os
r, w = os.pipe()
os.read(r, 1)
