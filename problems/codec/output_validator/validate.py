#!/usr/bin/env python3
"""The codec validator: validate.py input answer feedback_dir < output.

Pass 1 (input "encode WORD"): the output must be one line of lowercase
letters other than WORD; it becomes pass 2's input as "decode CODE"
(feedback_dir/nextpass.in), and WORD is kept in feedback_dir/word.
Pass 2 (input "decode CODE"): the output must be WORD again.
Exit 42 accepts, 43 rejects; the reason goes to judgemessage.txt."""
import os
import sys

inp, _answer, fb = sys.argv[1], sys.argv[2], sys.argv[3]
out = sys.stdin.read().split()


def verdict(code, why):
    with open(os.path.join(fb, "judgemessage.txt"), "w") as f:
        f.write(why + "\n")
    sys.exit(code)


kind, arg = open(inp).read().split()
if kind == "encode":
    if len(out) != 1 or not out[0].isalpha() or not out[0].islower():
        verdict(43, "pass 1: expected one word of lowercase letters")
    if out[0] == arg:
        verdict(43, "pass 1: the code must differ from the word")
    with open(os.path.join(fb, "word"), "w") as f:
        f.write(arg)
    with open(os.path.join(fb, "nextpass.in"), "w") as f:
        f.write("decode " + out[0] + "\n")
    verdict(42, "pass 1: encoded")
word = open(os.path.join(fb, "word")).read()
if out != [word]:
    verdict(43, "pass 2: expected '%s', got '%s'" % (word, " ".join(out)[:40]))
verdict(42, "pass 2: decoded")
