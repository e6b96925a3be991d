#!/usr/bin/env python3
"""Prints byte_bits[] of src/core/rl-scanner.c: how rare each byte is, in
bits (-log2 of its frequency, capped at 20), over the files of the given
folders; ASCII capitals count with their lower-case letters, since caseless
literals are kept in lower case.

    tests/bench/byte-rarity.py ../shared/corpora/wh-briefings ../shared/corpora/lawrefbook-laws
"""
import collections
import math
import os
import sys

counts = collections.Counter()
total = 0
for folder in sys.argv[1:]:
    for root, _, files in os.walk(folder):
        for name in files:
            with open(os.path.join(root, name), "rb") as f:
                data = f.read()
            counts.update(data)
            total += len(data)
if total == 0:
    sys.exit("usage: byte-rarity.py FOLDER...")

folded = collections.Counter()
for byte, n in counts.items():
    folded[byte + 32 if 0x41 <= byte <= 0x5A else byte] += n
bits = []
for byte in range(256):
    n = folded[byte + 32 if 0x41 <= byte <= 0x5A else byte]
    bits.append(min(20, round(-math.log2((n + 1) / (total + 256)))))
for i in range(0, 256, 16):
    print("  " + ", ".join("%2d" % b for b in bits[i:i + 16]) + ",")
