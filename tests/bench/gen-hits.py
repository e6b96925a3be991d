#!/usr/bin/env python3
"""Writes big documents dense with hits, for the window's scale probe.

    gen-hits.py OUTDIR [--docs N] [--bytes B] [--every E]

Each document is about B bytes (default 5 MB) of plain English filler with
the default pack's surveillance sentence planted about every E bytes
(default 445: some 10,000 hits in 5 MB).  Each planted sentence carries its
own case number, so no two are the same clause.  Ten documents make a
project of about 100,000 clauses:

    gen-hits.py /tmp/hits --docs 10
    redline-cli init hits.redline && redline-cli import hits.redline /tmp/hits &&
    redline-cli scan hits.redline
    REDLINE_SCALE_HITS_PROJECT=$PWD/hits.redline \\
      xvfb-run -a meson test -C build display-scale -v"""

import argparse
import os
import random

WORDS = ("the agency department program report system policy review federal national data "
         "analysis contract vendor deployment cloud network mission operations guidance budget "
         "support research development partners industry workforce training public health "
         "infrastructure committee").split()
PLANTED = ("The contract states that the models shall not be used for mass domestic "
           "surveillance of Americans in case {}.")


def document(seed, size, every):
    rng = random.Random(seed)
    out, length, since, case = [], 0, 0, 0
    while length < size:
        if since >= every - len(PLANTED):
            sentence = PLANTED.format(f"{seed}-{case}")
            case += 1
            since = 0
        else:
            sentence = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 14)))
            sentence = sentence.capitalize() + "."
            since += len(sentence) + 1
        out.append(sentence)
        length += len(sentence) + 1
        if rng.random() < 0.1:
            out.append("\n")
            length += 1
    return " ".join(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir")
    parser.add_argument("--docs", type=int, default=1)
    parser.add_argument("--bytes", type=int, default=5_000_000)
    parser.add_argument("--every", type=int, default=445)
    args = parser.parse_args()
    os.makedirs(args.outdir, exist_ok=True)
    for i in range(args.docs):
        with open(os.path.join(args.outdir, f"hits-{i:03d}.txt"), "w", encoding="utf-8") as f:
            f.write(document(i, args.bytes, args.every))


if __name__ == "__main__":
    main()
