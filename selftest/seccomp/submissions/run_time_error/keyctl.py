# keyctl.py - keyctl through ctypes' raw syscall() from Python.
# Attack: the kernel keyrings (shared per uid across boxes), reached from
# an interpreter that has no binding for them.
# Holds when: the default policy kills the box -> RTE.
# Twin: accepted/syscall_ok.py.
import ctypes
libc = ctypes.CDLL(None, use_errno=True)
r = libc.syscall(250, 0, -4, 1)  # keyctl(KEYCTL_GET_KEYRING_ID, USER)
print("HOLE:keyctl-returned-%d" % r)
