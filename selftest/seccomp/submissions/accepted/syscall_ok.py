# syscall_ok.py - twin of keyctl.py: the same ctypes path with an allowed
# call (getpid) works.  Must pass.
import ctypes, os
libc = ctypes.CDLL(None, use_errno=True)
print("ok" if libc.syscall(39) == os.getpid() else "FAIL:ctypes-syscall")
