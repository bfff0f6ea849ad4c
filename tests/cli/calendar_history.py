"""calendar_history.py OLD_DIR NEW_DIR: the calendars of NEW_DIR, written
against the baseline OLD_DIR/timetable.json (plan, export or edit with a
baseline), hold the promise of docs/replan.md, read with python-icalendar
(the library many calendar tools use):

- every calendar file holds one VEVENT per UID;
- an event whose session or statement changed between the two timetables
  (computed here from the JSON, independently of the program) has its old
  SEQUENCE + 1, every other one keeps its SEQUENCE;
- an event of the old calendars that the new timetable no longer has is in
  the new ones as STATUS:CANCELLED with its old SEQUENCE + 1;
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


O, N = events_of(load(old_dir)), events_of(load(new_dir))
OC, NC = calendars(old_dir), calendars(new_dir)
raised = set()
for rel, oev in OC.items():
    nev = NC.get(rel)
    if nev is None:
        errors.append("%s: not written again" % rel)
        continue
    for uid, o in oev.items():
        n = nev.get(uid)
        if n is None:
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
        if not any(uid in OC.get(r, {}) for r in OC) and int(n.get("SEQUENCE", 0)) != 0:
            errors.append("%s: new event %s has SEQUENCE %s" % (rel, uid, n.get("SEQUENCE")))
for e in errors:
    print(e, file=sys.stderr)
for u in sorted(raised):
    print(u)
sys.exit(1 if errors else 0)
