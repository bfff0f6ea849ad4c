#!/usr/bin/python3
"""bench/shapes.py - the large input shapes of issue 14 (bounded work).

    bench/shapes.py DIR [--only NAME] [--states N]

Writes DIR/NAME.yaml for each shape (deterministic: the same bytes every
time).  Every shape has one event over 2017-01-01 to 2019-09-01 (974 days,
about 9,700 starts a room) and 20 alike rooms, so that any work of States
times slots is large:

    states1500     1,500 States, one speaker each (131 kB)
    states2000     2,000 States, one speaker each
    states100k     100,000 States without speakers, `min_statements: 0`
    shared1000     1,000 States x 1,000 speakers, every speaker at every
                   State (6 MB): every pair of States shares a speaker

--states N overrides the number of States of the chosen shape (tests use
smaller copies).  bench/limits runs them; tests/cli/test_limits.sh uses it.
"""
import argparse
import os
import sys

SHAPES = {
    # name: (States, speakers per State, shared: every speaker at every State)
    "states1500": (1500, 1, False),
    "states2000": (2000, 1, False),
    "states100k": (100000, 0, False),
    "shared1000": (1000, 1000, True),
}


def write(path, nstates, per, shared):
    out = []
    w = out.append
    w("event:\n  name: Big\n  id: big\n  timezone: Europe/Zurich\n")
    w("  days: {from: 2017-01-01, to: 2019-09-01}\n  waitlist: true\n")
    if per == 0:
        w("  session:\n    min_statements: 0\n")
    w("rooms:\n")
    for r in range(20):
        w("  - id: R%d\n    name: Room %d\n    capacity: 50\n"
          "    languages: [en]\n    video: false\n" % (r, r))
    w("states:\n")
    for i in range(nstates):
        w("  - id: S%d\n    name: State %d\n" % (i, i))
    if per:
        w("speakers:\n")
        if shared:
            every = "[" + ", ".join("S%d" % i for i in range(nstates)) + "]"
            for k in range(per):
                w("  - id: sp%d\n    organisation: Org %d\n    kind: cso\n"
                  "    states: %s\n" % (k, k, every))
        else:
            for i in range(nstates):
                for j in range(per):
                    k = i * per + j
                    w("  - id: sp%d\n    organisation: Org %d\n    kind: cso\n"
                      "    states: [S%d]\n" % (k, k, i))
    with open(path, "w") as f:
        f.write("".join(out))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dir")
    ap.add_argument("--only", choices=sorted(SHAPES))
    ap.add_argument("--states", type=int)
    a = ap.parse_args()
    os.makedirs(a.dir, exist_ok=True)
    for name, (n, per, shared) in SHAPES.items():
        if a.only and name != a.only:
            continue
        if a.states:
            n = a.states
            if shared:
                per = n
        path = os.path.join(a.dir, name + ".yaml")
        write(path, n, per, shared)
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
