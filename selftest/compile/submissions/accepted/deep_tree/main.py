# main.py - the run: checks that the compile-time tree was made (so the
# cleanup had something to remove) and prints ok.
import os
print("ok" if os.path.isdir("/box/d/d/d") else "FAIL:compile-time-code-did-not-run")
