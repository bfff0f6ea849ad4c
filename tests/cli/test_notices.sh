#!/bin/sh
# The notices to speakers, end to end on the example with a contact for
# most speakers (some with accents, some remote with a video link):
# (a) every notices/ID.eml parses with Python's email package, its headers
#     are ASCII with RFC 2047 encoded words where a name or subject needs
#     them, To is the contact, the Subject names event, State and time, the
#     body says what the timetable says (slot, arrival, video link,
#     waitlist reason, not held), and the attachment is the speaker's
#     calendar, text/calendar; method=PUBLISH, the same bytes as
#     speakers/ID.ics, which python-icalendar reads;
# (b) notices.csv lists exactly the files, one per speaker with a contact
#     and something to be told;
# (c) no contact name or address is in any file plain `plan` writes;
# (d) the same input gives the same bytes; plan -f notices writes them too;
#     notices beside a public format, or --notices with -f, exit 2;
# (e) after a withdrawal, plan --baseline -f notices writes notices to the
#     speakers whose statement changed, and to no one else;
# (f) a speaker only waitlisted gets a waitlist notice with the reason (in
#     French for a French speaker) and no calendar.
# Usage: test_notices.sh BINARY SOURCE_DIR
bin=$1 src=$2
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
export SOURCE_DATE_EPOCH=1512000000
fail=0
py=/usr/bin/python3

mkdir "$tmp/in" && cp "$src"/examples/upr29/*.yaml "$tmp/in/" || exit 1
# contacts, links and the sender, added to a copy of the example
$py - "$tmp/in" <<'EOF' || exit 1
import re, sys
d = sys.argv[1]
s = open(d + "/speakers.yaml", encoding="utf-8").read()
out, n = [], 0
for line in s.split("\n"):
    out.append(line)
    m = re.match(r"^  - id: (\S+)$", line)
    if not m:
        continue
    n += 1
    if n % 5 == 0:
        continue                      # no contact: no notice
    sid = m.group(1)
    name = "Zoë Dupré %d" % n if n % 3 == 0 else "Contact, Number %d" % n
    if n % 7 == 0:                    # no name: addressed to the organisation
        out.append('    contact: {email: "c%d.%s@example.org"}' % (n, sid))
    else:
        out.append('    contact: {name: "%s", email: "c%d.%s@example.org"}' % (name, n, sid))
    out.append("    video_link: https://meet.example.org/s/%s?pwd=%d" % (sid, n))
open(d + "/speakers.yaml", "w", encoding="utf-8").write("\n".join(out))
e = open(d + "/event.yaml", encoding="utf-8").read()
e = e.replace("event:\n", "event:\n  arrival: 45\n  notices:\n"
              "    from: \"Équipe des pré-sessions <ps@example.org>\"\n"
              "    reply_to: Info <info@example.org>\n"
              "    signature: |\n      The pre-sessions team\n      .\n"
              "      From Geneva, with thanks\n", 1)
open(d + "/event.yaml", "w", encoding="utf-8").write(e)
EOF

"$bin" plan "$tmp/in" -o "$tmp/out" -q || { echo "FAIL: plan exit $?"; exit 1; }
[ -e "$tmp/out/notices" ] && { echo "FAIL: plain plan wrote notices"; fail=1; }
"$bin" export "$tmp/in" -t "$tmp/out/timetable.json" --notices "$tmp/priv" ||
	{ echo "FAIL: export --notices exit $?"; exit 1; }

# (a)-(c)
$py - "$tmp/in" "$tmp/out" "$tmp/priv/notices" <<'EOF' || fail=1
import csv, email, email.policy, os, re, sys
import icalendar, yaml
ind, out, nd = sys.argv[1:4]
errs = []
def err(m):
    errs.append(m)

sp = {x["id"]: x for x in yaml.safe_load(open(ind + "/speakers.yaml", encoding="utf-8"))["speakers"]}
tt = __import__("json").load(open(out + "/timetable.json", encoding="utf-8"))
stmts = {}
for s in tt["sessions"]:
    for it in s["items"]:
        if it.get("speaker"):
            stmts.setdefault(it["speaker"], []).append((s, it))
wait = {}
for w in tt["waitlist"]:
    wait.setdefault(w["speaker"], []).append(w)
not_held = {n["state"] for n in tt["not_held"]}
told = {i for i, x in sp.items() if "contact" in x and
        (i in stmts or i in wait or any(st in not_held for st in x["states"]))}

rows = list(csv.DictReader(open(nd + "/notices.csv", encoding="utf-8", newline="")))
files = sorted(f for f in os.listdir(nd) if f.endswith(".eml"))
if sorted(r["file"] for r in rows) != files:
    err("notices.csv does not list exactly the .eml files")
if sorted(f[:-4] for f in files) != sorted(told):
    err("notices for %s, expected %s" % (sorted(f[:-4] for f in files), sorted(told)))
kinds = {r["speaker"]: r["kind"] for r in rows}

def check_calendar(raw, rel):
    text = raw.decode("utf-8")
    for line in text.split("\r\n")[:-1]:
        if len(line.encode()) > 75 or "\n" in line:
            err("%s: line over 75 octets or bare LF" % rel)
    if not text.endswith("\r\n"):
        err("%s: does not end in CRLF" % rel)
    cal = icalendar.Calendar.from_ical(text)
    if str(cal.get("METHOD")) != "PUBLISH":
        err("%s: METHOD is not PUBLISH" % rel)
    evs = [c for c in cal.walk("VEVENT")]
    if not evs:
        err("%s: no event" % rel)
    for ev in evs:
        if ev.get("STATUS") != "CANCELLED" and not ev.walk("VALARM"):
            err("%s: %s has no VALARM" % (rel, ev.get("UID")))
        if ev.decoded("DTSTART").tzinfo is None:
            err("%s: floating DTSTART" % rel)
    return evs

for f in files:
    sid = f[:-4]
    s = sp[sid]
    raw = open(os.path.join(nd, f), "rb").read()
    head = raw.split(b"\n\n", 1)[0]
    try:
        head.decode("ascii")
    except UnicodeDecodeError:
        err("%s: a header is not ASCII (RFC 2047 missing)" % f)
    m = email.message_from_bytes(raw, policy=email.policy.default)
    if m.defects:
        err("%s: defects %s" % (f, m.defects))
    name, addr = s["contact"].get("name", s["organisation"]), s["contact"]["email"]
    to = m["To"]
    if to.addresses[0].addr_spec != addr or to.addresses[0].display_name != name:
        err("%s: To %r, expected %s <%s>" % (f, str(to), name, addr))
    to_raw = head.replace(b"\n ", b" ").split(b"\nTo: ")[1].split(b"\n")[0]
    if not name.isascii() and b"=?UTF-8?B?" not in to_raw:
        err("%s: the accented name is not an encoded word" % f)
    if m["From"].addresses[0].display_name != "Équipe des pré-sessions":
        err("%s: From %r" % (f, str(m["From"])))
    if m["Reply-To"].addresses[0].addr_spec != "info@example.org":
        err("%s: Reply-To" % f)
    if m["Date"].datetime.timestamp() != 1512000000:
        err("%s: Date %s" % (f, m["Date"]))
    if not re.fullmatch(r"<upr29/[A-Z]+/%s\.1512000000@upr-schedule>" % re.escape(sid), str(m["Message-ID"])):
        err("%s: Message-ID %s" % (f, m["Message-ID"]))
    subj = str(m["Subject"])
    if not subj.startswith("UPR Pre-sessions 29"):
        err("%s: Subject %r does not name the event" % (f, subj))
    if m.get_content_type() != "multipart/mixed":
        err("%s: not multipart/mixed" % f)
    parts = list(m.iter_parts())
    body = parts[0].get_content()
    if parts[0].get_content_type() != "text/plain" or parts[0].get_content_charset() != "utf-8":
        err("%s: first part is not UTF-8 text" % f)
    if name not in body:
        err("%s: body does not greet %s" % (f, name))
    # the signature comes whole, yet no line of the file could end the
    # message for sendmail -t ("."), or start one in a mailbox ("From ")
    if "The pre-sessions team\n.\nFrom Geneva, with thanks\n" not in body:
        err("%s: the signature is not whole" % f)
    for line in raw.split(b"\n"):
        if line == b"." or line.startswith(b"From "):
            err("%s: a line %r" % (f, line))
    fr = s.get("language") == "fr"
    for sess, it in stmts.get(sid, []):
        state = sess["state_name"] if "state_name" in sess else None
        hm = it["start"][11:16]
        if hm not in body:
            err("%s: body lacks the slot %s" % (f, hm))
        if s.get("remote") and s["video_link"] not in body:
            err("%s: remote speaker's link missing" % f)
        if not s.get("remote") and s["video_link"] in body:
            err("%s: a speaker in the room got a video link" % f)
    if stmts.get(sid):
        if kinds[sid] != "schedule":
            err("%s: kind %s" % (f, kinds[sid]))
        first = stmts[sid][0][0]
        if first["start"][11:16] not in subj and not fr:
            pass  # the subject names the first State of its list
        # in the room: arrive for the badge; by video: join the call
        if s.get("remote"):
            arrive = "join by" if not fr else "vous connecter à"
        else:
            arrive = "arrive by" if not fr else "arriver à"
        if arrive not in body:
            err("%s: no arrival time (%r)" % (f, arrive))
        if s.get("remote") and ("badge" in body):
            err("%s: a speaker by video is asked to collect a badge" % f)
    for w in wait.get(sid, []):
        if w["reason"] not in body.replace("=\n", "").replace("\n", " "):
            err("%s: waitlist reason missing" % f)
    if not stmts.get(sid) and not wait.get(sid) and kinds[sid] != "not-held":
        err("%s: kind %s, expected not-held" % (f, kinds[sid]))
    if kinds[sid] == "not-held" and ("will not be held" not in body and "n'aura pas lieu" not in body):
        err("%s: a not-held notice that does not say so" % f)
    cal_path = os.path.join(out, "speakers", sid + ".ics")
    if os.path.exists(cal_path):
        if len(parts) != 2:
            err("%s: no calendar attached" % f)
            continue
        a = parts[1]
        if a.get_content_type() != "text/calendar" or a.get_param("method") != "PUBLISH":
            err("%s: attachment %s method %s" % (f, a.get_content_type(), a.get_param("method")))
        data = a.get_payload(decode=True)
        if data != open(cal_path, "rb").read():
            err("%s: attachment differs from speakers/%s.ics" % (f, sid))
        evs = check_calendar(data, f)
        for ev in evs:
            if s.get("remote"):
                if str(ev.get("URL")) != s["video_link"] or str(ev.get("CONFERENCE")) != s["video_link"]:
                    err("%s: remote event without URL/CONFERENCE" % f)
            elif ev.get("URL") or ev.get("CONFERENCE"):
                err("%s: URL on a speaker in the room" % f)
    elif len(parts) != 1:
        err("%s: a calendar attached to a speaker without one" % f)

# every speaker's calendar passes, whether or not it has a notice; one
# with nothing scheduled has none
for sid in sp:
    p = os.path.join(out, "speakers", sid + ".ics")
    if (sid in stmts) != os.path.exists(p):
        err("speakers/%s.ics: %s" % (sid, "missing" if sid in stmts else "written without a statement"))
    elif sid in stmts:
        check_calendar(open(p, "rb").read(), "speakers/%s.ics" % sid)

# (c) nothing private in what plan publishes
secrets = set()
for x in sp.values():
    if "contact" in x:
        secrets.add(x["contact"]["email"].encode())
        if "name" in x["contact"]:
            secrets.add(x["contact"]["name"].encode())
secrets.add(b"ps@example.org")
for root, _, names in os.walk(out):
    for n in names:
        data = open(os.path.join(root, n), "rb").read()
        for sec in secrets:
            if sec in data:
                err("%s holds %r" % (os.path.join(root, n), sec))
for e in errs[:30]:
    print("FAIL:", e)
print("notices: %d messages, %d rows; checked %d calendars and %d secrets" %
      (len(files), len(rows), len(sp), len(secrets)))
sys.exit(1 if errs else 0)
EOF

# (d) the same bytes; plan -f notices; private formats stay alone
"$bin" export "$tmp/in" -t "$tmp/out/timetable.json" --notices "$tmp/priv2" ||
	{ echo "FAIL: second export"; fail=1; }
diff -r "$tmp/priv" "$tmp/priv2" >/dev/null || { echo "FAIL: notices differ between runs"; fail=1; }
"$bin" plan "$tmp/in" -f notices -o "$tmp/priv3" -q || { echo "FAIL: plan -f notices"; fail=1; }
diff -r "$tmp/priv/notices" "$tmp/priv3/notices" >/dev/null ||
	{ echo "FAIL: plan -f notices differs from export --notices"; fail=1; }
[ "$(ls "$tmp/priv3")" = notices ] || { echo "FAIL: plan -f notices wrote more: $(ls "$tmp/priv3")"; fail=1; }
"$bin" plan "$tmp/in" -f json,notices -o "$tmp/mix" -q 2>"$tmp/err"
rc=$?
[ $rc -eq 2 ] && grep -q "private contacts" "$tmp/err" && [ ! -e "$tmp/mix/timetable.json" ] ||
	{ echo "FAIL: -f json,notices: exit $rc"; cat "$tmp/err"; fail=1; }
"$bin" export "$tmp/in" -t "$tmp/out/timetable.json" --notices "$tmp/x" -f json 2>/dev/null
[ $? -eq 2 ] || { echo "FAIL: --notices with -f is not a usage error"; fail=1; }
"$bin" export "$tmp/in" -t "$tmp/out/timetable.json" -f all -o "$tmp/all" 2>/dev/null
[ -e "$tmp/all/notices" ] && { echo "FAIL: -f all wrote notices"; fail=1; }

# (e) a withdrawal: ocle leaves, so France's running order shifts
$py - "$tmp/in" "$tmp/in2" <<'EOF' || exit 1
import os, re, shutil, sys
src, dst = sys.argv[1:3]
shutil.copytree(src, dst)
s = open(dst + "/speakers.yaml", encoding="utf-8").read()
s2 = re.sub(r"\n  - id: ocle\n(    .*\n)+", "\n", s)
assert s2 != s
open(dst + "/speakers.yaml", "w", encoding="utf-8").write(s2)
EOF
# into the folder that holds the first notices: those of speakers the change
# does not concern must go, or sending the folder would send them again;
# a message of the organiser's own stays
cp -r "$tmp/priv" "$tmp/re" && printf 'To: me@example.org\n\nmine\n' >"$tmp/re/notices/mine.eml" || exit 1
"$bin" plan "$tmp/in2" --baseline "$tmp/out/timetable.json" -f notices -o "$tmp/re" -q ||
	{ echo "FAIL: plan --baseline -f notices exit $?"; fail=1; }
"$bin" plan "$tmp/in2" --baseline "$tmp/out/timetable.json" -f json -o "$tmp/reout" -q ||
	{ echo "FAIL: plan --baseline -f json"; fail=1; }
$py - "$tmp/in2" "$tmp/out/timetable.json" "$tmp/reout/timetable.json" "$tmp/re/notices" <<'EOF' || fail=1
import email, email.policy, json, os, sys
import yaml
ind, basef, newf, nd = sys.argv[1:5]
sp = {x["id"]: x for x in yaml.safe_load(open(ind + "/speakers.yaml", encoding="utf-8"))["speakers"]}
def stmts(path):
    out = {}
    for s in json.load(open(path, encoding="utf-8"))["sessions"]:
        for it in s["items"]:
            if it.get("speaker"):
                out[(it["speaker"], s["state"])] = (s["room"], s["start"], it["start"], it["end"])
    return out
b, n = stmts(basef), stmts(newf)
affected = {k[0] for k in set(b) | set(n) if b.get(k) != n.get(k)}
want = sorted(s for s in affected if s in sp and "contact" in sp[s])
got = sorted(f[:-4] for f in os.listdir(nd) if f.endswith(".eml") and f != "mine.eml")
errs = []
if not os.path.exists(os.path.join(nd, "mine.eml")):
    errs.append("a file not written by upr-schedule was removed from the notices folder")
if not want:
    errs.append("the withdrawal changed nobody's statement: the test tests nothing")
if got != want:
    errs.append("notices after the change to %s, expected %s" % (got, want))
for f in got:
    m = email.message_from_bytes(open(os.path.join(nd, f + ".eml"), "rb").read(), policy=email.policy.default)
    body = next(m.iter_parts()).get_content()
    if "has changed" not in body and "a changé" not in body:
        errs.append("%s does not say what changed" % f)
    if "France" not in body:
        errs.append("%s: the change of France is not in it" % f)
for e in errs:
    print("FAIL:", e)
print("notices after a change: %s" % ", ".join(got))
sys.exit(1 if errs else 0)
EOF
# (f) waitlisted applicants: a waitlist notice with the reason, in French
# for a French speaker; no calendar attached to one with nothing scheduled
mkdir "$tmp/wl" && sed '/organisation:/s/^  - {id: \([a-z0-9]*\), /  - {id: \1, contact: {email: \1@example.org}, /' \
	"$src/tests/data/waitlist/reasons.yaml" >"$tmp/wl/reasons.yaml" || exit 1
# (notices from the published timetable, as an organiser makes them once
# the round is planned: a second plan into the folder would re-plan against
# it and write notices of changes only)
"$bin" plan "$tmp/wl" -f json -o "$tmp/wlout" -q &&
	"$bin" export "$tmp/wl" -t "$tmp/wlout/timetable.json" --notices "$tmp/wlout" ||
	{ echo "FAIL: waitlist input: plan exit $?"; fail=1; }
$py - "$tmp/wlout" <<'EOF2' || fail=1
import csv, email, email.policy, json, os, sys
d = sys.argv[1]
t = json.load(open(d + "/timetable.json", encoding="utf-8"))
seated = {it["speaker"] for s in t["sessions"] for it in s["items"] if it.get("speaker")}
kinds = {r["speaker"]: r["kind"] for r in csv.DictReader(open(d + "/notices/notices.csv", encoding="utf-8"))}
errs = []
only = [w for w in t["waitlist"] if w["speaker"] not in seated]
if not only:
    errs.append("no speaker only waitlisted: the test tests nothing")
for w in only:
    sid = w["speaker"]
    if kinds.get(sid) != "waitlist":
        errs.append("%s: kind %s, expected waitlist" % (sid, kinds.get(sid)))
        continue
    m = email.message_from_bytes(open("%s/notices/%s.eml" % (d, sid), "rb").read(),
                                 policy=email.policy.default)
    parts = list(m.iter_parts())
    body = parts[0].get_content().replace("\n", " ")
    if w["reason"] not in body:
        errs.append("%s: reason not in the notice" % sid)
    if "waitlist" not in str(m["Subject"]) and "attente" not in str(m["Subject"]):
        errs.append("%s: Subject %r" % (sid, str(m["Subject"])))
    if sid == "fr1" and "liste d'attente" not in body:
        errs.append("fr1 speaks French: its notice is not in French")
    if len(parts) != 1:
        errs.append("%s: a calendar attached, but nothing is scheduled" % sid)
for e in errs:
    print("FAIL:", e)
sys.exit(1 if errs else 0)
EOF2
[ $fail -eq 0 ] && echo "notices: parse, encode, attach, index, private, same bytes, after a change, waitlist"
exit $fail
