# py_compile.py - runs at COMPILE time: the judge's compile command is
# `python3 -m py_compile {files}`, and -m searches the working directory
# (the submission) first, so this file is imported instead of the
# standard module.  Arbitrary code in the compile step is normal for some
# languages (build scripts, annotation processors, macros); the compile
# box must contain it as well as a test's box does.
#
# Attack: fill the disk that holds the compile directory (/box is
# writable while compiling).  It reserves space with fallocate (instant,
# real blocks, nothing written), 256 MiB per file - the file size limit -
# up to 2 GiB in all, notes how much it got, and gives it back at once.
# The run (main.py) prints ok if less than 2 GiB could be taken: a
# bounded compile directory (a tmpfs of a fixed size, or one charged to
# the compile step's memory) stops it far earlier.
import os

CHUNK = 256 << 20
LIMIT = 2 << 30
got = 0
names = []
try:
    while got < LIMIT:
        name = "/box/fill%d" % len(names)
        fd = os.open(name, os.O_WRONLY | os.O_CREAT, 0o600)
        names.append(name)
        try:
            os.posix_fallocate(fd, 0, CHUNK)
            got += CHUNK
        finally:
            os.close(fd)
except OSError:
    pass
for name in names:
    os.unlink(name)
st = os.statvfs("/box")
with open("/box/fill-result", "w") as f:
    f.write("%d %d\n" % (got >> 20, (st.f_bavail * st.f_frsize) >> 20))
