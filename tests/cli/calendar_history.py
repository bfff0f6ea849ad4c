"""calendar_history.py OLD_DIR NEW_DIR: the calendars of NEW_DIR, written
against the baseline OLD_DIR/timetable.json (plan, export or edit with a
baseline), hold the promise of docs/replan.md, read with python-icalendar
(the library many calendar tools use):

- every calendar file holds one VEVENT per UID;
- an event whose session or statement changed between the two timetables
  (computed here from the JSON, independently of the program) has its old
  SEQUENCE + 1, every other one keeps its SEQUENCE;
- an event of the old calendars that the new timetable no longer has is in
  the new ones as STATUS:CANCELLED with its old SEQUENCE + 1, unless the
  old calendar already held it CANCELLED: a cancellation is published once,
  so then it is left out (a file of nothing else is removed);
- an event that is in no old calendar starts at SEQUENCE 0, unless the old
  timetable records it as cancelled ("cancelled"): then it comes back at
  the cancelled SEQUENCE + 1, above the cancellation clients hold;
- the new timetable's "cancelled" records exactly the events gone from it:
  those the old one had live (at their SEQUENCE + 1) and those the old one
  recorded as cancelled (at the same SEQUENCE), with times as published;
- reading the old and the new calendar together, a client that keeps the
  highest SEQUENCE per UID ends with the new file's event.

Prints the UIDs whose SEQUENCE rose, one a line, sorted; exits 1 with the
reasons on stderr when anything is wrong.  Run with /usr/bin/python3.
"""
import json
import os
import sys

import icalendar

old_dir, new_dir = sys.argv[1:3]
errors = []


def load(d):
    with open(os.path.join(d, "timetable.json"), encoding="utf-8") as f:
        return json.load(f)


def calendars(d):
    out = {}
    for sub in ("", "delegations", "speakers"):
        path = os.path.join(d, sub) if sub else d
        if not os.path.isdir(path):
            continue
        for f in sorted(os.listdir(path)):
            if f.endswith(".ics"):
                rel = os.path.join(sub, f) if sub else f
                with open(os.path.join(d, rel), "rb") as fh:
                    cal = icalendar.Calendar.from_ical(fh.read())
                evs = {}
                for ev in cal.walk("VEVENT"):
                    uid = str(ev["UID"])
                    if uid in evs:
                        errors.append("%s: UID %s twice" % (rel, uid))
                    evs[uid] = ev
                out[rel] = evs
    return out


def events_of(tt):
    """{uid: comparable facts} of the sessions and statements of tt."""
    out = {}
    eid = tt["event"]["id"]
    for s in tt["sessions"]:
        stmts = [i for i in s["items"] if i["type"] == "statement"]
        order = [(i["speaker"], i["start"], i["minutes"]) for i in stmts]
        out["%s/%s@upr-schedule" % (eid, s["state"])] = (s["room"], s["start"], s["end"], order)
        for i in stmts:
            out["%s/%s/%s@upr-schedule" % (eid, s["state"], i["speaker"])] = (
                s["room"], i["start"], i["minutes"])
    return out


def sequences(tt):
    """{uid: sequence} of the live sessions and statements of tt."""
    out = {}
    eid = tt["event"]["id"]
    for s in tt["sessions"]:
        out["%s/%s@upr-schedule" % (eid, s["state"])] = s.get("sequence", 0)
        for i in s["items"]:
            if i["type"] == "statement":
                out["%s/%s/%s@upr-schedule" % (eid, s["state"], i["speaker"])] = i.get("sequence", 0)
    return out


def cancelled_of(tt):
    """{uid: (room, start, end, sequence)} of tt's "cancelled" list."""
    eid = tt["event"]["id"]
    out = {}
    for c in tt.get("cancelled", []):
        uid = "%s/%s%s@upr-schedule" % (eid, c["state"], "/" + c["speaker"] if "speaker" in c else "")
        if uid in out:
            errors.append("cancelled: %s twice" % uid)
        out[uid] = (c["room"], c["start"], c["end"], c["sequence"])
    return out


def published(tt):
    """{uid: (room, start, end)} of the live events of tt, as written."""
    eid = tt["event"]["id"]
    out = {}
    for s in tt["sessions"]:
        out["%s/%s@upr-schedule" % (eid, s["state"])] = (s["room"], s["start"], s["end"])
        for i in s["items"]:
            if i["type"] == "statement":
                out["%s/%s/%s@upr-schedule" % (eid, s["state"], i["speaker"])] = (
                    s["room"], i["start"], i["end"])
    return out


OT, NT = load(old_dir), load(new_dir)
O, N = events_of(OT), events_of(NT)
OCX, NCX = cancelled_of(OT), cancelled_of(NT)
# what the new timetable must record as cancelled
want_cx = {u: v for u, v in OCX.items() if u not in N}
seq_old, pub_old = sequences(OT), published(OT)
for u in O:
    if u not in N:
        want_cx[u] = pub_old[u] + (seq_old[u] + 1,)
if NCX != want_cx:
    for u in sorted(set(NCX) | set(want_cx)):
        if NCX.get(u) != want_cx.get(u):
            errors.append("cancelled: %s recorded as %s, expected %s" % (u, NCX.get(u), want_cx.get(u)))
OC, NC = calendars(old_dir), calendars(new_dir)
raised = set()
def was_cancelled(o, uid):
    return str(o.get("STATUS")) == "CANCELLED" and uid not in N


for rel, oev in OC.items():
    nev = NC.get(rel)
    if nev is None:
        if not all(was_cancelled(o, uid) for uid, o in oev.items()):
            errors.append("%s: not written again" % rel)
        continue
    for uid, o in oev.items():
        n = nev.get(uid)
        if n is None:
            if not was_cancelled(o, uid):
                errors.append("%s: %s is gone instead of cancelled" % (rel, uid))
            continue
        oseq, nseq = int(o.get("SEQUENCE", 0)), int(n.get("SEQUENCE", 0))
        if uid not in N:
            want, status = oseq + 1, "CANCELLED"
        else:
            want, status = oseq + (O.get(uid) != N[uid]), "CONFIRMED"
        if nseq != want or str(n.get("STATUS")) != status:
            errors.append("%s: %s SEQUENCE %d STATUS %s, expected %d %s" % (
                rel, uid, nseq, n.get("STATUS"), want, status))
        if nseq > oseq:
            raised.add(uid)
        # old and new read together: the newest (highest SEQUENCE, the
        # later file on a tie) per UID is the new file's event
        best = max([(oseq, 0, o), (nseq, 1, n)], key=lambda x: (x[0], x[1]))[2]
        if best is not n:
            errors.append("%s: %s: the old event wins over the new one" % (rel, uid))
for rel, nev in NC.items():
    for uid, n in nev.items():
        if any(uid in OC.get(r, {}) for r in OC):
            continue
        want = OCX[uid][3] + 1 if uid in OCX else 0
        if int(n.get("SEQUENCE", 0)) != want or str(n.get("STATUS")) != "CONFIRMED":
            errors.append("%s: new event %s SEQUENCE %s STATUS %s, expected %d CONFIRMED" % (
                rel, uid, n.get("SEQUENCE"), n.get("STATUS"), want))
        if want:
            raised.add(uid)
for e in errors:
    print(e, file=sys.stderr)
for u in sorted(raised):
    print(u)
sys.exit(1 if errors else 0)
