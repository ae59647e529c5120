#!/usr/bin/env python3
"""Writes one claim record with about N problems of one shape to stdout,
for scripts/bench-diagnostics.sh. Shapes: unknown-keys, flow-line (every
item of a one-line flow list has the wrong type), bad-urls (block evidence
items with bad links), control (a raw control character on each line of a
block scalar), valid (a valid record of N bytes, the floor)."""
import sys

HEAD = """id: many
claim: Russia needs North Korean weapons
quote: Russia needs them, so their leaders make a deal.
speaker: Antoine Bondaz
source: lepoint-2023-09-14-bondaz
location:
  line: 8
status: candidate
history:
  - at: 2023-09-14T09:12:00Z
    by: ana
    action: created
    to: candidate
"""

def main():
    shape, n = sys.argv[1], int(sys.argv[2])
    out = [HEAD]
    if shape == "unknown-keys":
        out += [f"k{i}: v\n" for i in range(n)]
    elif shape == "flow-line":
        out.append("tags: [" + ",".join("1" for _ in range(n)) + "]\n")
    elif shape == "bad-urls":
        out.append("evidence:\n")
        for i in range(n):
            out.append(f"  - {{url: 'ftp://x/{i}', title: T, publisher: P, accessed: 2023-01-01, stance: context}}\n")
    elif shape == "control":
        out.append("notes: |\n")
        out += ["  a\x07\n" for _ in range(n)]
    elif shape == "valid":
        # n is a size in bytes: a valid record about that large.
        out.append("notes: |\n")
        out += ["  " + "x" * 60 + "\n" for _ in range(max(1, n // 63))]
    else:
        sys.exit(f"unknown shape {shape}")
    sys.stdout.write("".join(out))

main()
