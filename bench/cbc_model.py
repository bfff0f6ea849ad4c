#!/usr/bin/python3
"""An independent model of upr-schedule's score, solved with CBC.

    bench/cbc_model.py DIR [--time-limit S] [--speakers apart|relax]
                       [--timetable FILE] [--json FILE] [--start TIMETABLE]
    bench/cbc_model.py DIR --selftest

Reads the YAML input of DIR (docs/reference.md#input-files), builds a mixed-integer program of
the hard constraints H1-H12 and the score of the model of docs/reference.md#the-model, and
solves it with CBC (through PuLP).  Prints the score, CBC's best bound, the
status and the time; --timetable writes the solution as a timetable.json
that `upr-schedule validate DIR -t FILE` checks (hard constraints and the
score stated in the file), --json the numbers for bench/run.  --start gives
CBC a timetable.json (upr-schedule's) as its first solution: CBC then either
improves on it or raises the bound under it.

It is written from the contract alone, as a second opinion on the solver's
score, optimality proofs and lower bounds.  The formulation:

* One binary y per held State, room, start and "session option".  An
  option is the inside of a session: which statements are waitlisted, their
  running order and their lengths (H3-H5, H12).  The options of a State are
  enumerated here in Python from the rules: every waitlist set, every
  position of the timing-relevant speakers (those whose availability starts
  or ends inside the session), every total T of statement minutes (lengths
  q or q+1 for m statements sharing T minutes, H4), every placement of the
  longer statements that moves a relevant statement.  The other speakers
  keep their input order in the remaining places, which never costs more
  `order` (an exchange argument: swapping two of them that are out of
  order never adds an inversion) and cannot break a constraint (their times
  do not matter).  Of the options with the same times of the relevant
  statements the cheapest is kept; an option whose relevant statements all
  lie inside those of a no costlier option (or are waitlisted) is dropped.
  --selftest compares this enumeration with plain brute force (every order,
  every length vector), with random speakers made timing-relevant.
* H6 (speaker-overlap), --speakers apart (default): two States that share
  a speaker never run at the same time.  In one room they cannot anyway;
  in two rooms this is STRICTER than H6, which allows overlapping sessions
  when the running orders keep the speaker's two statements `travel` apart.
  Sessions that do not overlap always leave the speaker enough time, since
  questions + opening + remarks >= travel (checked at start).  So the
  model's solutions are valid timetables and its optimum is an upper bound
  of the real optimum; with one room it is the real optimum.
  --speakers relax leaves H6 out: a relaxation, whose CBC bound is a valid
  lower bound of the real optimum.  When both optima agree, that is the
  real optimum.  (Modelling H6 exactly needs one option per placement of
  every shared speaker; on M that is hundreds of options per slot.)
* H2 as clique rows per room and start; H1, H7-H11 by leaving out the
  slots and options that break them.
* clash: per pair of States followed by d delegations, a variable z >= 0
  with weight 100*d and z >= cover_a(u) + cover_b(u) - 1 on every
  elementary interval u between session boundaries.
  With --clash delegations (auto above 200,000 such rows, as on L): per
  delegation and interval e >= (its followed sessions covering it) - 1,
  which undercounts three or more overlapping sessions; CBC's bound then
  bounds nothing, and its timetable's score is recomputed exactly.
* review-order: per pair a, b (review a < b) v >= C_b(k) - C_a(k-1) for every
  start time k, C being the cumulative "has started by" sums; on large
  inputs the per-State aggregate p_b >= |pred b| C_b(k) - sum_pred C_a(k-1)
  (the sum of the pair rows; exact for integer solutions, weaker bound).
* balance: max and min of the sessions per event day; prefer: in the cost
  of the slot; waitlist, waitlist-priority, short, order: in the cost of
  the option.  Weights: the defaults of docs/reference.md#the-score, or event.weights.
"""
import argparse
import datetime
import itertools
import json
import math
import os
import re
import sys
import time

import yaml

WEIGHTS = {"waitlist": 1000, "waitlist-priority": 1, "clash": 100, "review-order": 10,
           "prefer": 5, "balance": 2, "short": 1, "order": 1, "moved": 50}
PARTS = ["waitlist", "waitlist-priority", "clash", "review-order", "prefer", "balance",
         "short", "order", "moved"]


class InputError(Exception):
    pass


# ---------------------------------------------------------------- input

def as_list(v):
    if v is None:
        return []
    return v if isinstance(v, list) else [v]


def as_bool(v):
    if v in (None, ""):
        return None
    s = str(v).lower()
    if s in ("true", "yes", "on", "y"):
        return True
    if s in ("false", "no", "off", "n"):
        return False
    raise InputError("not a boolean: %r" % v)


def as_int(v, default):
    if v is None or v == "":
        return default
    return int(str(v), 10)


def parse_date(s):
    return datetime.date.fromisoformat(str(s).strip())


def parse_time(s):
    h, m = str(s).strip().split(":")
    return int(h) * 60 + int(m)


def parse_window(s):
    a, b = str(s).split("-")
    return parse_time(a), parse_time(b)


def day_minute(d):
    return d.toordinal() * 1440


def parse_dated(s):
    """'2017-12-12' or '2017-12-12 10:00-13:00' -> absolute [a, b) minutes."""
    s = str(s).strip()
    parts = s.split(None, 1)
    d = day_minute(parse_date(parts[0]))
    if len(parts) == 1:
        return d, d + 1440
    a, b = parse_window(parts[1])
    return d + a, d + b


def parse_datetime(s):
    parts = str(s).strip().split(None, 1)
    return day_minute(parse_date(parts[0])) + parse_time(parts[1])


def merge(ivals):
    out = []
    for a, b in sorted(ivals):
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [tuple(x) for x in out]


def inside(a, b, merged):
    return any(x <= a and b <= y for x, y in merged)


def overlaps(a, b, ivals):
    return any(x < b and a < y for x, y in ivals)


def load(paths):
    files = []
    for p in paths:
        if os.path.isdir(p):
            names = sorted(n for n in os.listdir(p)
                           if (n.endswith(".yaml") or n.endswith(".yml"))
                           and not n.startswith("."))
            files += [os.path.join(p, n) for n in names]
        else:
            files.append(p)
    event, lists = None, {"rooms": [], "states": [], "speakers": [], "delegations": []}
    for f in files:
        with open(f, encoding="utf-8") as fh:
            doc = yaml.load(fh, Loader=yaml.BaseLoader)
        if not isinstance(doc, dict):
            raise InputError("%s: not a mapping" % f)
        for k, v in doc.items():
            if k == "event":
                if event is not None:
                    raise InputError("event given twice")
                event = v
            elif k in lists:
                lists[k] += as_list(v)
            else:
                raise InputError("%s: unknown key %s" % (f, k))
    if event is None:
        raise InputError("no event")
    return Problem(event, lists)


class Problem:
    def __init__(self, ev, lists):
        days = ev["days"]
        if isinstance(days, dict):
            a, b = parse_date(days["from"]), parse_date(days["to"])
            self.days = [a + datetime.timedelta(i) for i in range((b - a).days + 1)]
        else:
            self.days = sorted(parse_date(d) for d in as_list(days))
        self.name = ev["name"]
        self.event_id = ev.get("id") or re.sub(r"[^a-z0-9]+", "-", self.name.lower()).strip("-")
        self.timezone = ev["timezone"]
        self.venue = ev.get("venue")
        self.hours = sorted(parse_window(w) for w in as_list(ev.get("hours"))) or \
            [(600, 780), (900, 1080)]
        ses = ev.get("session") or {}
        st = ev.get("statement") or {}
        self.L = as_int(ses.get("length"), 60)
        self.opening = as_int(ses.get("opening"), 5)
        self.remarks = as_int(ses.get("state_statement"), 0)
        self.questions = as_int(ses.get("questions"), 15)
        self.gap = as_int(ses.get("gap"), 0)
        self.grid = as_int(ses.get("grid"), 30)
        self.min_statements = as_int(ses.get("min_statements"), 1)
        nf = as_bool(ses.get("nhri_first"))
        self.nhri_first = True if nf is None else nf
        self.smin = as_int(st.get("min"), 5)
        self.smax = as_int(st.get("max"), 7)
        self.travel = as_int(ev.get("travel"), 10)
        self.waitlist = bool(as_bool(ev.get("waitlist")))
        self.w = dict(WEIGHTS)
        for k, v in (ev.get("weights") or {}).items():
            if k not in self.w:
                raise InputError("unknown weight %s" % k)
            self.w[k] = int(v)
        self.avail = self.L - self.opening - self.remarks - self.questions
        self.base = self.opening + self.remarks

        self.rooms = []
        for r in lists["rooms"]:
            av = r.get("available")
            self.rooms.append({
                "id": r["id"], "name": r.get("name") or r["id"],
                "languages": set(as_list(r.get("languages")) or ["en"]),
                "video": bool(as_bool(r.get("video"))),
                "available": None if av is None else merge(parse_dated(x) for x in as_list(av)),
            })
        room_index = {r["id"]: i for i, r in enumerate(self.rooms)}
        self.states = []
        for s in lists["states"]:
            pf = s.get("prefer")
            self.states.append({
                "id": s["id"], "name": s["name"],
                "review": parse_datetime(s["review"]) if s.get("review") else None,
                "prefer": None if not as_list(pf) else merge(parse_dated(x) for x in as_list(pf)),
                "unavailable": [parse_dated(x) for x in as_list(s.get("unavailable"))],
                "room": room_index[s["room"]] if s.get("room") else None,
                "start": parse_datetime(s["start"]) if s.get("start") else None,
                "speakers": [],
            })
        state_index = {s["id"]: i for i, s in enumerate(self.states)}
        self.speakers = []
        for i, p in enumerate(lists["speakers"]):
            kind = p.get("kind") or "cso"
            av = p.get("available")
            sp = {
                "id": p["id"], "organisation": p["organisation"], "kind": kind,
                "states": [state_index[x] for x in as_list(p["states"])],
                "language": p.get("language") or "en",
                "remote": bool(as_bool(p.get("remote"))),
                "available": None if av is None else merge(parse_dated(x) for x in as_list(av)),
                "unavailable": [parse_dated(x) for x in as_list(p.get("unavailable"))],
                "priority": as_int(p.get("priority"), 9 if kind == "nhri" else 5),
                "index": i,
            }
            self.speakers.append(sp)
            for s in sp["states"]:
                self.states[s]["speakers"].append(i)
        for st in self.states:
            nh = [i for i in st["speakers"] if self.speakers[i]["kind"] == "nhri"]
            st["nhri"] = nh[0] if nh else None
            st["held"] = len(st["speakers"]) >= self.min_statements
        self.held = [i for i, s in enumerate(self.states) if s["held"]]
        # delegations: pairs of followed held States, with their counts
        self.follow_pairs = {}
        self.follow_sets = []   # per delegation: its followed held States
        for d in lists["delegations"]:
            fl = []
            for x in as_list(d.get("follows")):
                if x in state_index and state_index[x] not in fl:
                    fl.append(state_index[x])
            own = d.get("state")
            if own in state_index and state_index[own] not in fl:
                fl.append(state_index[own])
            fl = sorted(x for x in fl if self.states[x]["held"])
            if len(fl) > 1:
                self.follow_sets.append(fl)
            for a, b in itertools.combinations(fl, 2):
                self.follow_pairs[(a, b)] = self.follow_pairs.get((a, b), 0) + 1
        # a speaker shared by two held States: its statements' times matter
        self.shared = set(i for i, sp in enumerate(self.speakers)
                          if sum(1 for s in sp["states"] if self.states[s]["held"]) > 1)
        # candidate starts (H1: event day, event window, grid)
        self.starts = []
        for d in self.days:
            for ws, we in self.hours:
                t = ws
                while t + self.L <= we:
                    self.starts.append(day_minute(d) + t)
                    t += self.grid
        self.starts = sorted(set(self.starts))


# ---------------------------------------------------------------- sessions

def speaker_ok(sp, a, b):
    """H7 for a statement [a, b)."""
    if sp["available"] is not None and not inside(a, b, sp["available"]):
        return False
    return not overlaps(a, b, sp["unavailable"])


def speaker_status(P, sp, t):
    """'free' (any statement in the session is fine), 'never' or 'partial'."""
    z0, z1 = t + P.base, t + P.base + P.avail
    if speaker_ok(sp, z0, z1):
        return "free"
    for a in range(z0, z1 - P.smin + 1):
        for ln in range(P.smin, P.smax + 1):
            if a + ln <= z1 and speaker_ok(sp, a, a + ln):
                return "partial"
    return "never"


def long_patterns(m, r, rel_slots):
    """Placements of r long statements among m that differ in the times
    of the statements in rel_slots (sorted): one representative each."""
    segs, prev = [], 0
    for p in rel_slots:
        segs.append((prev, p))
        prev = p + 1
    tail = (prev, m)

    def rec(i, left, acc):
        if i == len(rel_slots):
            n = tail[1] - tail[0]
            if left <= n:
                yield acc + list(range(tail[0], tail[0] + left))
            return
        a, b = segs[i]
        for c in range(0, min(b - a, left) + 1):
            first = acc + list(range(a, a + c))
            for l in (0, 1):
                if c + l <= left:
                    yield from rec(i + 1, left - c - l, first + ([rel_slots[i]] if l else []))
    yield from rec(0, r, [])


def inversions(P, order):
    idx = [P.speakers[s]["index"] for s in order if P.speakers[s]["kind"] != "nhri"]
    return sum(1 for i in range(len(idx)) for j in range(i + 1, len(idx)) if idx[i] > idx[j])


def enumerate_options(P, a, F, R):
    """Options of State a with forced waitlist F and timing-relevant R.
    Returns {signature: (cost, parts, W, [(speaker, rel_start, minutes)])};
    a signature gives each speaker of R (sorted) its (start, end) relative
    to the session's start, or None when waitlisted."""
    st = P.states[a]
    spk = st["speakers"]
    nhri = st["nhri"]
    if nhri is not None and nhri in F:
        return {}
    if F and not P.waitlist:
        return {}
    w = P.w
    waitable = [s for s in spk if s != nhri and s not in F] if P.waitlist else []
    Rs = sorted(R)
    best = {}
    for k in range(len(waitable) + 1):
        for extra in itertools.combinations(waitable, k):
            W = set(F) | set(extra)
            placed = [s for s in spk if s not in W]
            m = len(placed)
            if m * P.smin > P.avail:
                continue
            wcost = w["waitlist"] * len(W) + w["waitlist-priority"] * sum(
                P.speakers[s]["priority"] for s in W)
            first = nhri if (P.nhri_first and nhri in placed) else None
            Q = [s for s in placed if s in R and s != first]
            if Q and not P.nhri_first and nhri in placed and nhri not in Q:
                Q.append(nhri)
            rest = [s for s in placed if s not in Q and s != first]
            free = list(range(1 if first is not None else 0, m))
            tmax = min(m * P.smax, P.avail)
            for qs in itertools.permutations(free, len(Q)):
                order = [None] * m
                if first is not None:
                    order[0] = first
                for s, p in zip(Q, qs):
                    order[p] = s
                it = iter(rest)
                for i in range(m):
                    if order[i] is None:
                        order[i] = next(it)
                inv = inversions(P, order)
                rel_slots = sorted(i for i, s in enumerate(order) if s in R)
                trange = range(m * P.smin, tmax + 1) if rel_slots else [tmax]
                for T in trange:
                    q, r = divmod(T, m) if m else (0, 0)
                    short = m * P.smax - T
                    cost = wcost + w["short"] * short + w["order"] * inv
                    parts = {"waitlist": w["waitlist"] * len(W),
                             "waitlist-priority": wcost - w["waitlist"] * len(W),
                             "short": w["short"] * short, "order": w["order"] * inv}
                    for longs in (long_patterns(m, r, rel_slots) if m else [[]]):
                        ls = set(longs)
                        items, t = [], P.base
                        for i, s in enumerate(order):
                            ln = q + (1 if i in ls else 0)
                            items.append((s, t, ln))
                            t += ln
                        pos = {s: (b, b + ln) for s, b, ln in items}
                        sig = tuple(pos.get(s) for s in Rs)
                        old = best.get(sig)
                        if old is None or cost < old[0]:
                            best[sig] = (cost, parts, frozenset(W), items)
    return best


def dominated_filter(opts):
    """Drop options whose relevant statements all contain those of a no
    costlier option (or are matched by a waitlisted one)."""
    opts = sorted(opts, key=lambda o: o[0])
    keep = []
    for o in opts:
        sig = o[1]
        dom = False
        for k in keep:
            ks = k[1]
            if all(x is None or (y is not None and y[0] <= x[0] and x[1] <= y[1])
                   for x, y in zip(ks, sig)):
                dom = True
                break
        if not dom:
            keep.append(o)
    return keep


# ---------------------------------------------------------------- model

class Model:
    def __init__(self, P, log, speakers="apart", clash="auto"):
        self.P = P
        self.log = log
        self.speakers = speakers
        self.clash = clash
        self.slots = {}     # a -> list of (room, t)
        self.opts = {}      # (a, room, t) -> [(cost, sig, parts, W, items, Rs)]
        cache = {}
        if P.questions + P.opening + P.remarks < P.travel and P.shared:
            raise InputError("travel exceeds questions + opening + remarks: two sessions "
                             "that do not overlap could still break H6, which this "
                             "model does not represent")
        t0 = time.time()
        for a in P.held:
            st = P.states[a]
            for ri, room in enumerate(P.rooms):
                if st["room"] is not None and st["room"] != ri:
                    continue
                lang_forced = set(s for s in st["speakers"]
                                  if P.speakers[s]["language"] not in room["languages"]
                                  or (P.speakers[s]["remote"] and not room["video"]))
                for t in P.starts:
                    if st["start"] is not None and st["start"] != t:
                        continue
                    if room["available"] is not None and not inside(t, t + P.L, room["available"]):
                        continue
                    if overlaps(t, t + P.L, st["unavailable"]):
                        continue
                    F, R, partial = set(lang_forced), set(), False
                    for s in st["speakers"]:
                        if s in F:
                            continue
                        stat = speaker_status(P, P.speakers[s], t)
                        if stat == "never":
                            F.add(s)
                        elif stat == "partial":
                            R.add(s)
                            partial = True
                    key = (a, frozenset(F), frozenset(R))
                    if key not in cache:
                        best = enumerate_options(P, a, F, R)
                        cache[key] = [(c[0], sig, c[1], c[2], c[3]) for sig, c in best.items()]
                        if not partial:
                            cache[key] = dominated_filter(cache[key])
                    lst = cache[key]
                    if partial:
                        lst = [o for o in lst
                               if all(speaker_ok(P.speakers[s], t + b, t + b + ln)
                                      for s, b, ln in o[4])]
                        lst = dominated_filter(lst)
                    if not lst:
                        continue
                    pref = 0
                    if st["prefer"] is not None and not inside(t, t + P.L, st["prefer"]):
                        pref = P.w["prefer"]
                    Rs = sorted(R)
                    self.slots.setdefault(a, []).append((ri, t))
                    self.opts[(a, ri, t)] = [(c + pref, sig, dict(parts, prefer=pref), W, items, Rs)
                                             for c, sig, parts, W, items in lst]
            if a not in self.slots:
                raise InputError("State %s has no feasible slot" % st["id"])
        self.enum_time = time.time() - t0

    def build(self, review_form):
        import pulp
        P = self.P
        prob = pulp.LpProblem("upr", pulp.LpMinimize)
        y = {}
        obj = []
        X = {}    # (a, t) -> list of y over rooms and options
        for (a, ri, t), lst in self.opts.items():
            for k, o in enumerate(lst):
                v = pulp.LpVariable("y_%d_%d_%d_%d" % (a, ri, t - P.starts[0], k), cat="Binary")
                y[(a, ri, t, k)] = v
                if o[0]:
                    obj.append(o[0] * v)
                X.setdefault((a, t), []).append(v)
        self.y = y
        # one session per held State
        for a in P.held:
            prob += pulp.lpSum(y[(a, ri, t, k)] for (ri, t) in self.slots[a]
                               for k in range(len(self.opts[(a, ri, t)]))) == 1, "one_%d" % a
        # aggregated start indicators
        xs = {}
        for (a, t), vs in X.items():
            if len(vs) == 1:
                xs[(a, t)] = vs[0]
            else:
                v = pulp.LpVariable("x_%d_%d" % (a, t - P.starts[0]), 0, 1)
                prob += v == pulp.lpSum(vs), "agg_%d_%d" % (a, t - P.starts[0])
                xs[(a, t)] = v
        # H2: per room, sessions at least L + gap apart
        by_room = {}
        for (a, ri, t, k), v in y.items():
            by_room.setdefault(ri, []).append((t, v))
        nrow = 0
        for ri, lst in by_room.items():
            times = sorted(set(t for t, _ in lst))
            for tp in times:
                vs = [v for t, v in lst if tp - P.L - P.gap < t <= tp]
                if len(vs) > 1:
                    prob += pulp.lpSum(vs) <= 1, "room_%d_%d" % (ri, nrow)
                    nrow += 1
        # elementary intervals per day for clash
        bounds = sorted(set([t for t in P.starts] + [t + P.L for t in P.starts]))
        segs = [(bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1)
                if bounds[i] // 1440 == (bounds[i + 1] - 1) // 1440]
        cover = {}
        for (a, t), v in xs.items():
            for u, (s0, s1) in enumerate(segs):
                if t <= s0 and s1 <= t + P.L:
                    cover.setdefault((a, u), []).append(v)
        # H6: with speakers="apart", two States that share a speaker never
        # run at the same time (in one room they cannot anyway); as
        # questions + opening + remarks >= travel, sessions that do not
        # overlap leave the speaker enough time whatever the running
        # orders.  This is stricter than H6 (a documented difference); with
        # speakers="relax" H6 is left out, and the bound is a valid lower
        # bound of the real problem.
        self.n_h6 = 0
        if self.speakers == "apart":
            share = set()
            for sp in P.speakers:
                hs = sorted(set(x for x in sp["states"] if P.states[x]["held"]))
                share.update(itertools.combinations(hs, 2))
            for a, b in sorted(share):
                for u in range(len(segs)):
                    if (a, u) in cover and (b, u) in cover:
                        prob += pulp.lpSum(cover[(a, u)]) + pulp.lpSum(cover[(b, u)]) <= 1, \
                            "spk_%d_%d_%d" % (a, b, u)
                        self.n_h6 += 1
        self.z = {}
        if self.clash == "auto":
            rows = sum(1 for (a, b) in P.follow_pairs for u in range(len(segs))
                       if (a, u) in cover and (b, u) in cover)
            self.clash = "pairs" if rows <= 200000 else "delegations"
        if self.clash == "delegations":
            # per delegation and interval, the followed sessions beyond
            # the first: equal to the pairs when at most two overlap, fewer
            # when more do, so the objective undercounts such clashes (the
            # score of the solution is recomputed exactly)
            for g, fl in enumerate(P.follow_sets):
                for u in range(len(segs)):
                    terms = [v for a in fl for v in cover.get((a, u), [])]
                    if sum(1 for a in fl if (a, u) in cover) < 2:
                        continue
                    e = pulp.LpVariable("e_%d_%d" % (g, u), 0)
                    obj.append(P.w["clash"] * e)
                    prob += e >= pulp.lpSum(terms) - 1, "clashd_%d_%d" % (g, u)
        for (a, b), cnt in (sorted(P.follow_pairs.items()) if self.clash == "pairs" else []):
            us = [u for u in range(len(segs)) if (a, u) in cover and (b, u) in cover]
            if not us:
                continue
            z = pulp.LpVariable("z_%d_%d" % (a, b), 0)
            self.z[(a, b)] = z
            obj.append(P.w["clash"] * cnt * z)
            for u in us:
                prob += z >= pulp.lpSum(cover[(a, u)]) + pulp.lpSum(cover[(b, u)]) - 1, \
                    "clash_%d_%d_%d" % (a, b, u)
        # review-order
        ks = P.starts
        rev = [a for a in P.held if P.states[a]["review"] is not None]
        pairs = [(a, b) for a in rev for b in rev if P.states[a]["review"] < P.states[b]["review"]]
        C = {}
        for a in rev:
            prev = None
            for k, t in enumerate(ks):
                terms = [xs[(a, t)]] if (a, t) in xs else []
                if prev is None and not terms:
                    C[(a, k)] = None
                    continue
                v = pulp.LpVariable("C_%d_%d" % (a, k), 0, 1)
                prob += v == pulp.lpSum(terms + ([prev] if prev is not None else [])), \
                    "cum_%d_%d" % (a, k)
                C[(a, k)] = v
                prev = v

        def cum(a, k):
            return C.get((a, k)) if k >= 0 else None

        if review_form == "auto":
            review_form = "pairs" if len(pairs) * len(ks) <= 20000 else "aggregate"
        self.review_form = review_form
        if review_form == "pairs":
            for a, b in pairs:
                v = pulp.LpVariable("v_%d_%d" % (a, b), 0)
                obj.append(P.w["review-order"] * v)
                for k in range(len(ks)):
                    cb = cum(b, k)
                    if cb is None:
                        continue
                    ca = cum(a, k - 1)
                    prob += v >= cb - (ca if ca is not None else 0), "rev_%d_%d_%d" % (a, b, k)
        else:
            groups = sorted(set(P.states[a]["review"] for a in rev))
            members = {g: [a for a in rev if P.states[a]["review"] == g] for g in groups}
            G = {}   # (group index, k) -> cumulative started count of groups <= index
            for gi, g in enumerate(groups):
                for k in range(len(ks)):
                    terms = [cum(a, k) for a in members[g] if cum(a, k) is not None]
                    if gi > 0 and G.get((gi - 1, k)) is not None:
                        terms.append(G[(gi - 1, k)])
                    if not terms:
                        G[(gi, k)] = None
                        continue
                    v = pulp.LpVariable("G_%d_%d" % (gi, k), 0)
                    prob += v == pulp.lpSum(terms), "G_%d_%d" % (gi, k)
                    G[(gi, k)] = v
            npred = 0
            for gi, g in enumerate(groups):
                for b in members[g]:
                    if npred == 0:
                        continue
                    p = pulp.LpVariable("p_%d" % b, 0)
                    obj.append(P.w["review-order"] * p)
                    for k in range(len(ks)):
                        cb = cum(b, k)
                        if cb is None:
                            continue
                        gk = G.get((gi - 1, k - 1)) if k > 0 else None
                        prob += p >= npred * cb - (gk if gk is not None else 0), \
                            "rev_%d_%d" % (b, k)
                npred += len(members[g])
        # balance
        mx = pulp.LpVariable("daymax", 0)
        mn = pulp.LpVariable("daymin", 0)
        for d in P.days:
            dm = day_minute(d)
            vs = [v for (a, t), v in xs.items() if dm <= t < dm + 1440]
            prob += mx >= pulp.lpSum(vs), "max_%s" % d.isoformat()
            prob += mn <= pulp.lpSum(vs), "min_%s" % d.isoformat()
        obj.append(P.w["balance"] * mx - P.w["balance"] * mn)
        prob += pulp.lpSum(obj)
        self.prob = prob
        return prob

    def warm_start(self, path):
        """Sets the MIP start from a timetable.json (our solver's): each
        State's room and start, with the cheapest option there."""
        P = self.P
        with open(path, encoding="utf-8") as f:
            tt = json.load(f)
        sid = {s["id"]: i for i, s in enumerate(P.states)}
        rid = {r["id"]: i for i, r in enumerate(P.rooms)}
        chosen = {}
        for ses in tt["sessions"]:
            d = datetime.datetime.fromisoformat(ses["start"])
            t = d.date().toordinal() * 1440 + d.hour * 60 + d.minute
            key = (sid[ses["state"]], rid[ses["room"]], t)
            if key not in self.opts:
                return False
            chosen[key] = 0
        for (a, ri, t, k), v in self.y.items():
            v.setInitialValue(1 if chosen.get((a, ri, t)) == k else 0)
        return True

    def solution(self):
        out = {}
        for (a, ri, t, k), v in self.y.items():
            if v.varValue is not None and v.varValue > 0.5:
                out[a] = (ri, t, self.opts[(a, ri, t)][k])
        return out


# ---------------------------------------------------------------- judge

def score(P, sol):
    """The score (docs/reference.md#the-score) of a solution {State: (room, start, option)},
    computed from the definitions, independently of the MIP."""
    w = P.w
    parts = dict.fromkeys(PARTS, 0)
    for a, (ri, t, o) in sol.items():
        W, items = o[3], o[4]
        parts["waitlist"] += w["waitlist"] * len(W)
        parts["waitlist-priority"] += w["waitlist-priority"] * sum(P.speakers[s]["priority"] for s in W)
        parts["short"] += w["short"] * sum(P.smax - ln for s, b, ln in items)
        parts["order"] += w["order"] * inversions(P, [s for s, b, ln in items])
        pf = P.states[a]["prefer"]
        if pf is not None and not inside(t, t + P.L, pf):
            parts["prefer"] += w["prefer"]
    for (a, b), cnt in P.follow_pairs.items():
        ta, tb = sol[a][1], sol[b][1]
        if ta < tb + P.L and tb < ta + P.L:
            parts["clash"] += w["clash"] * cnt
    for a in sol:
        for b in sol:
            ra, rb = P.states[a]["review"], P.states[b]["review"]
            if ra is not None and rb is not None and ra < rb and sol[b][1] <= sol[a][1]:
                parts["review-order"] += w["review-order"]
    per_day = [sum(1 for a in sol if day_minute(d) <= sol[a][1] < day_minute(d) + 1440)
               for d in P.days]
    parts["balance"] = w["balance"] * (max(per_day) - min(per_day))
    parts["total"] = sum(parts[k] for k in PARTS)
    return parts


def check_hard(P, sol):
    """A few hard constraints re-checked on the solution (the C checker
    checks all of them on the written timetable)."""
    errs = []
    stm = {}
    for a, (ri, t, o) in sol.items():
        for s, b, ln in o[4]:
            stm.setdefault(s, []).append((t + b, t + b + ln, ri))
    for s, lst in stm.items():
        for (a0, a1, r0), (b0, b1, r1) in itertools.combinations(lst, 2):
            tr = P.travel if r0 != r1 else 0
            if a0 < b1 + tr and b0 < a1 + tr:
                errs.append("speaker %s: statements too close" % P.speakers[s]["id"])
    by_room = {}
    for a, (ri, t, o) in sol.items():
        by_room.setdefault(ri, []).append(t)
    for ri, ts in by_room.items():
        ts.sort()
        for x, y in zip(ts, ts[1:]):
            if y - x < P.L + P.gap:
                errs.append("room %s: sessions too close" % P.rooms[ri]["id"])
    return errs


# ---------------------------------------------------------------- output

def iso(P, minute):
    from zoneinfo import ZoneInfo
    d = datetime.date.fromordinal(minute // 1440)
    m = minute % 1440
    dt = datetime.datetime(d.year, d.month, d.day, m // 60, m % 60, tzinfo=ZoneInfo(P.timezone))
    return dt.isoformat()


def timetable(P, sol, parts, optimal, bound):
    sessions = []
    for a, (ri, t, o) in sorted(sol.items(), key=lambda x: (x[1][1], x[1][0])):
        st, room = P.states[a], P.rooms[ri]
        items = [{"type": "opening", "start": iso(P, t), "end": iso(P, t + P.opening),
                  "minutes": P.opening}]
        if P.remarks > 0:
            items.append({"type": "remarks", "start": iso(P, t + P.opening),
                          "end": iso(P, t + P.base), "minutes": P.remarks})
        end = t + P.base
        for s, b, ln in o[4]:
            sp = P.speakers[s]
            items.append({"type": "statement", "speaker": sp["id"],
                          "organisation": sp["organisation"], "kind": sp["kind"],
                          "language": sp["language"], "remote": sp["remote"],
                          "start": iso(P, t + b), "end": iso(P, t + b + ln), "minutes": ln})
            end = t + b + ln
        items = [i for i in items if i["minutes"] > 0]
        if t + P.L - end > 0:
            items.append({"type": "questions", "start": iso(P, end), "end": iso(P, t + P.L),
                          "minutes": t + P.L - end})
        sessions.append({"state": st["id"], "state_name": st["name"], "room": room["id"],
                         "room_name": room["name"], "start": iso(P, t), "end": iso(P, t + P.L),
                         "items": items})
    waitlist = []
    for a, (ri, t, o) in sorted(sol.items()):
        for s in sorted(o[3], key=lambda s: P.speakers[s]["index"]):
            waitlist.append({"speaker": P.speakers[s]["id"], "state": P.states[a]["id"],
                             "reason": "waitlisted by the reference model"})
    not_held = [{"state": s["id"], "state_name": s["name"],
                 "reason": "%d speakers, fewer than session.min_statements (%d)"
                 % (len(s["speakers"]), P.min_statements)}
                for s in P.states if not s["held"]]
    ev = {"id": P.event_id, "name": P.name, "timezone": P.timezone}
    if P.venue:
        ev["venue"] = P.venue
    return {"schema": "upr-schedule/timetable/1", "event": ev, "sessions": sessions,
            "waitlist": waitlist, "not_held": not_held,
            "score": {"total": parts["total"], **{k: parts[k] for k in PARTS}},
            "solver": {"seed": 0, "optimal": optimal, "lower_bound": int(bound)}}


# ---------------------------------------------------------------- CBC

def parse_cbc_log(path):
    res = {"status": "unknown", "objective": None, "bound": None, "nodes": None}
    try:
        text = open(path, encoding="utf-8", errors="replace").read()
    except OSError:
        return res
    m = re.search(r"^Result - (.*)$", text, re.M)
    if m:
        r = m.group(1).lower()
        res["status"] = ("optimal" if "optimal" in r else "time limit" if "time" in r
                         else "infeasible" if "infeasible" in r else r.strip())
    m = re.search(r"^Objective value:\s+(\S+)", text, re.M)
    if m:
        res["objective"] = float(m.group(1))
    m = re.search(r"^Lower bound:\s+(\S+)", text, re.M)
    if m:
        res["bound"] = float(m.group(1))
    m = re.search(r"^Enumerated nodes:\s+(\d+)", text, re.M)
    if m:
        res["nodes"] = int(m.group(1))
    if res["status"] == "unknown" and "No feasible solution found" in text:
        res["status"] = "no solution"
    return res


def selftest(P, trials=120):
    """The reduced enumeration against brute force (every order, every
    length vector) on the States of P, for random relevant sets."""
    import random
    rnd = random.Random(1)
    n = 0
    for a in P.held:
        spk = P.states[a]["speakers"]
        if len(spk) > 7:
            continue
        for _ in range(max(1, trials // len(P.held))):
            R = set(s for s in spk if rnd.random() < 0.3)
            F = set(s for s in spk if s not in R and rnd.random() < 0.1
                    and P.speakers[s]["kind"] != "nhri")
            fast = enumerate_options(P, a, F, R)
            slow = brute_force(P, a, F, R)
            fs = {k: v[0] for k, v in fast.items()}
            if fs != slow:
                diff = [(k, fs.get(k), slow.get(k)) for k in set(fs) | set(slow)
                        if fs.get(k) != slow.get(k)][:5]
                print("selftest: State %s F=%s R=%s differs: %s" % (P.states[a]["id"], F, R, diff))
                return False
            n += 1
    print("selftest: %d enumerations agree with brute force" % n)
    return True


def brute_force(P, a, F, R):
    st = P.states[a]
    spk, nhri = st["speakers"], st["nhri"]
    if (nhri is not None and nhri in F) or (F and not P.waitlist):
        return {}
    w = P.w
    Rs = sorted(R)
    waitable = [s for s in spk if s != nhri and s not in F] if P.waitlist else []
    best = {}
    for mask in range(1 << len(waitable)):
        W = set(F) | set(s for i, s in enumerate(waitable) if mask >> i & 1)
        placed = [s for s in spk if s not in W]
        m = len(placed)
        wcost = w["waitlist"] * len(W) + w["waitlist-priority"] * sum(
            P.speakers[s]["priority"] for s in W)
        for order in itertools.permutations(placed):
            if P.nhri_first and nhri in placed and order[0] != nhri:
                continue
            inv = inversions(P, order)
            for lens in itertools.product(range(P.smin, P.smax + 1), repeat=m):
                if lens and max(lens) - min(lens) > 1:
                    continue
                T = sum(lens)
                if T > P.avail:
                    continue
                cost = wcost + w["short"] * (m * P.smax - T) + w["order"] * inv
                pos, t = {}, P.base
                for s, ln in zip(order, lens):
                    pos[s] = (t, t + ln)
                    t += ln
                sig = tuple(pos.get(s) for s in Rs)
                if sig not in best or cost < best[sig]:
                    best[sig] = cost
    return best


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("inputs", nargs="+")
    ap.add_argument("--time-limit", type=float, default=600)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--timetable", help="write the solution as timetable.json")
    ap.add_argument("--json", help="write the results as JSON")
    ap.add_argument("--review", choices=["auto", "pairs", "aggregate"], default="auto")
    ap.add_argument("--clash", choices=["auto", "pairs", "delegations"], default="auto",
                    help="clash rows per followed pair (exact) or per delegation (fewer "
                         "rows, undercounts three or more overlapping sessions; no bound); "
                         "auto: pairs up to 200,000 rows")
    ap.add_argument("--speakers", choices=["apart", "relax"], default="apart",
                    help="H6: shared speakers' States never overlap, or H6 left out")
    ap.add_argument("--keep", help="directory for CBC's model and log files")
    ap.add_argument("--selftest", action="store_true")
    ap.add_argument("--start", help="a timetable.json to start CBC from (a MIP start)")
    args = ap.parse_args()
    import pulp

    t0 = time.time()
    P = load(args.inputs)
    if args.selftest:
        return 0 if selftest(P) else 1
    M = Model(P, sys.stderr, args.speakers, args.clash)
    prob = M.build(args.review)
    t_build = time.time() - t0
    nopt = sum(len(v) for v in M.opts.values())
    print("model: %d held States, %d slots, %d options, %d variables, %d rows, review rows %s, "
          "clash rows %s, H6 %s (%d rows), built in %.1f s"
          % (len(P.held), len(M.opts), nopt, len(prob.variables()), len(prob.constraints),
             M.review_form, M.clash, args.speakers, M.n_h6, t_build), file=sys.stderr)
    workdir = args.keep or os.path.join("/tmp", "upr-cbc-%d" % os.getpid())
    os.makedirs(workdir, exist_ok=True)
    logpath = os.path.join(workdir, "cbc.log")
    warm = False
    if args.start:
        warm = M.warm_start(args.start)
        print("warm start from %s: %s" % (args.start, "set" if warm else "not usable"),
              file=sys.stderr)
    solver = pulp.COIN_CMD(msg=False, timeLimit=args.time_limit, threads=args.threads,
                           logPath=logpath, keepFiles=bool(args.keep), warmStart=warm)
    cwd = os.getcwd()
    os.chdir(workdir)
    t1 = time.time()
    try:
        prob.solve(solver)
    finally:
        os.chdir(cwd)
    t_solve = time.time() - t1
    res = parse_cbc_log(logpath)
    sol = M.solution()
    out = {"speakers": args.speakers, "status": res["status"], "time": round(t_solve, 2),
           "build": round(t_build, 2),
           "nodes": res["nodes"], "variables": len(prob.variables()),
           "rows": len(prob.constraints), "options": nopt, "review_form": M.review_form,
           "clash_form": M.clash}
    if len(sol) == len(P.held):
        parts = score(P, sol)
        obj = pulp.value(prob.objective)
        out["score"] = parts["total"]
        out["parts"] = {k: parts[k] for k in PARTS}
        if obj is not None and abs(obj - parts["total"]) > 0.5:
            print("warning: MIP objective %.1f differs from the recomputed score %d"
                  % (obj, parts["total"]), file=sys.stderr)
            out["objective_mismatch"] = obj
        errs = check_hard(P, sol)
        for e in errs:
            print("warning: " + e, file=sys.stderr)
    else:
        out["score"] = None
        parts = None
    bound = res["bound"]
    if res["status"] == "optimal" and out["score"] is not None:
        bound = out["score"]
    if M.clash != "pairs":
        bound = None    # the objective undercounts clash: its bound bounds nothing
    out["bound"] = None if bound is None else math.ceil(bound - 1e-6)
    if args.timetable and parts is not None:
        tt = timetable(P, sol, parts, res["status"] == "optimal", out["bound"] or 0)
        with open(args.timetable, "w", encoding="utf-8") as f:
            json.dump(tt, f, indent=1, ensure_ascii=False)
            f.write("\n")
    print("cbc: score %s, bound %s, %s, %.1f s (model %.1f s), %s nodes"
          % (out["score"], out["bound"], out["status"], t_solve, t_build, out["nodes"]))
    if parts is not None:
        print("cbc: parts " + ", ".join("%s %d" % (k, parts[k]) for k in PARTS))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(out, f, indent=1)
            f.write("\n")
    if not args.keep:
        for n in os.listdir(workdir):
            os.unlink(os.path.join(workdir, n))
        os.rmdir(workdir)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except InputError as e:
        print("cbc_model: " + str(e), file=sys.stderr)
        sys.exit(2)
