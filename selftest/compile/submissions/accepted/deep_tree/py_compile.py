# py_compile.py - runs at COMPILE time (see compile_dir_fill/py_compile.py
# for how).
#
# Attack: a directory tree 3000 levels deep in the compile directory,
# whose full path is longer than PATH_MAX.  A cleanup that works on full
# paths (nftw, rm -r on paths) fails on it and leaves it on the host's
# disk: every submission can leave data behind for good, and fill the disk
# over time.
# Holds when: the judge removes the whole compile directory after the
# submission; `arbiter selftest` checks that nothing is left in its
# scratch directory after each submission (plain `verify` cannot see it).
import os

fd = os.open("/box", os.O_RDONLY)
for _ in range(3000):
    os.mkdir("d", 0o700, dir_fd=fd)
    nfd = os.open("d", os.O_RDONLY, dir_fd=fd)
    os.close(fd)
    fd = nfd
with open(os.open("leftover", os.O_WRONLY | os.O_CREAT, 0o600, dir_fd=fd), "w") as f:
    f.write("x" * 4096)
os.close(fd)
