#!/usr/bin/env python3
"""Peer runner for hornbeam-bench peers: policyuniverse's Policy(...).is_internet_accessible().

Usage: python3 run.py [--warmup] < file-list
Reads policy file paths, one per line, on stdin. Prints one line per policy on stdout:
  <path> TAB public|not-public|error TAB <nanoseconds> TAB <detail>
The time is this process's own (json.loads + Policy + is_internet_accessible), not its start-up; reading the
file is not timed. With --warmup every policy is first answered once, untimed.
"""
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from policyuniverse.policy import Policy  # noqa: E402


def answer(text):
    return Policy(json.loads(text)).is_internet_accessible()


def main():
    paths = [line.rstrip("\n") for line in sys.stdin if line.strip()]
    texts = []
    for p in paths:
        with open(p, "r", encoding="utf-8") as f:
            texts.append(f.read())
    if "--warmup" in sys.argv[1:]:
        for t in texts:
            try:
                answer(t)
            except Exception:
                pass
    out = sys.stdout
    for p, t in zip(paths, texts):
        start = time.perf_counter_ns()
        try:
            result = "public" if answer(t) else "not-public"
            detail = ""
        except Exception as e:  # the tool's own failure on this policy
            result = "error"
            detail = (type(e).__name__ + ": " + str(e)).replace("\t", " ").replace("\n", " ")
        ns = time.perf_counter_ns() - start
        out.write("%s\t%s\t%d\t%s\n" % (p, result, ns, detail))
    out.flush()


if __name__ == "__main__":
    main()
