# flood.py - prints forever from Python.
# Attack: fill the judge's disk through the captured output.
# Holds when: the output limit stops it -> OLE.
# Twin: accepted/stdout_large.c.
import sys
line = "z" * 4095 + "\n"
while True:
    sys.stdout.write(line)
