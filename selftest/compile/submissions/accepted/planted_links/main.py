# main.py - the run: the symlinks were planted (so there was something to
# follow), the hard link was not (EXDEV), and the links lead nowhere in
# the box -> ok.
import os
if not os.path.islink("/box/victim"):
    print("FAIL:compile-time-code-did-not-run")
elif os.path.exists("/box/hard"):
    print("HOLE:hard-link-to-a-judge-file")
elif os.path.exists("/box/victim") or os.path.exists("/box/scratch/canary"):
    print("HOLE:link-target-visible-in-the-box")
else:
    print("ok")
