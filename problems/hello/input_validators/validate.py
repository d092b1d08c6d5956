#!/usr/bin/env python3
# Input validator (exit 42 = valid): any text is valid input, the program ignores it.
import sys

sys.stdin.buffer.read()
sys.exit(42)
