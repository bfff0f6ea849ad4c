#!/usr/bin/python3
"""bench/shapes.py - the large input shapes of issue 14 (bounded work).

    bench/shapes.py DIR [--only NAME] [--states N]

Writes DIR/NAME.yaml for each shape (deterministic: the same bytes every
time).  Every shape has one event over 2017-01-01 to 2019-09-01 (974 days,
about 9,700 starts a room) and 20 alike rooms, so that any work of States
times slots is large:

    states1500     1,500 States, one speaker each (163 kB)
    states2000     2,000 States, one speaker each
    states100k     100,000 States without speakers, `min_statements: 0`
    shared1000     1,000 States x 1,000 speakers, every speaker at every
                   State (6 MB): every pair of States shares a speaker
    review1500     states1500 with review times in a scrambled order and
                   50 delegations following 12 States each: the search
                   has work left after the greedy start (not in the issue;
                   the shape on which --time-limit, not the optimum, stops)
    review100k     review1500 with 100,000 States (15 MB): every State has
                   a review time (two a day from 2020 to 2156), so the
                   greedy start prices review-order against every placed
                   State
    unavail100k    states100k where each State is unavailable on one day:
                   every State's price varies with the start (a row of
                   prices each: 7.8 GB as a table)

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
    "review1500": (1500, 1, False),
    "review100k": (100000, 1, False),
    "unavail100k": (100000, 0, False),
}

# the extras of review1500 and review20k: review times and delegations
REVIEWED = {"review1500", "review100k"}
# the extra of unavail100k: a day off per State
UNAVAILABLE = {"unavail100k"}


def scramble(i, n):
    """A fixed permutation of 0..n-1 (n not a multiple of 7919)."""
    return (i * 7919 + 13) % n


def write(path, nstates, per, shared, reviewed=False, unavailable=False):
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
        if unavailable:
            w("    unavailable: [%s]\n" % event_day(i % 974))
        if reviewed:
            # two reviews a day from 2020-01-06, in a scrambled order
            k = scramble(i, nstates)
            w("    review: %s %s\n" % (day(k // 2), "09:00" if k % 2 == 0 else "14:30"))
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
    if reviewed:
        w("delegations:\n")
        for d in range(50):
            follows = ", ".join("S%d" % scramble(d * 12 + j, nstates) for j in range(12))
            w("  - id: d%d\n    name: Delegation %d\n    follows: [%s]\n" % (d, d, follows))
    with open(path, "w") as f:
        f.write("".join(out))


def event_day(k):
    """The date k days after 2017-01-01 (the event's first day)."""
    import datetime
    return (datetime.date(2017, 1, 1) + datetime.timedelta(days=k)).isoformat()


def day(k):
    """The date k days after 2020-01-06."""
    import datetime
    return (datetime.date(2020, 1, 6) + datetime.timedelta(days=k)).isoformat()


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
        write(path, n, per, shared, name in REVIEWED, name in UNAVAILABLE)
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
