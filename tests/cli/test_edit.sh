#!/bin/sh
# upr-schedule edit: every verb on examples/upr29 and on a two-room
# instance, each on a copy of the published folder (-o defaults to the
# timetable's own directory).  After each: exit 0, validate passes against
# the published timetable with the stated score, the calendars hold the
# promise of a re-plan (calendar_history.py with python-icalendar: one
# event per UID, SEQUENCE raised on exactly the changed events, removed
# ones CANCELLED, the newer event wins), changes.txt says it, and the
# score before and after is printed.  A refused edit (a hard constraint
# broken) exits 1 and leaves the folder byte for byte as it was; --force
# writes it; bad ids and times exit 2 with did-you-mean.
# Usage: test_edit.sh BINARY SOURCE_DIR
bin=$1 src=$2
py=/usr/bin/python3
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
ex="$src/examples/upr29"
hist="$src/tests/cli/calendar_history.py"
$py -c 'import icalendar' 2>/dev/null || { echo "FAIL: $py with icalendar (python3-icalendar) is needed"; exit 1; }

SOURCE_DATE_EPOCH=1512000000 "$bin" plan "$ex" -o "$tmp/pub" -q || { echo "FAIL: plan of the example"; exit 1; }
export SOURCE_DATE_EPOCH=1513000000

# the two-room instance: rooms alike but for French, which only A offers
mkdir "$tmp/two"
cat >"$tmp/two/round.yaml" <<'YAML'
event:
  name: Two-room test round
  id: tworoom
  timezone: Europe/Zurich
  days: {from: 2018-04-10, to: 2018-04-11}
  hours: [10:00-13:00]
  waitlist: true
  session: {min_statements: 1}
rooms:
  - {id: a, name: Room A, languages: [en, fr], video: true}
  - {id: b, name: Room B, languages: [en], video: true}
states:
  - {id: DE, name: Germany, review: "2018-05-01 09:00"}
  - {id: FI, name: Finland, review: "2018-05-01 14:00"}
  - {id: GH, name: Ghana, review: "2018-05-02 09:00"}
  - {id: PE, name: Peru, review: "2018-05-02 14:00"}
speakers:
  - {id: de-nhri, organisation: German Institute, kind: nhri, states: [DE]}
  - {id: de-one, organisation: Forum One, states: [DE]}
  - {id: de-two, organisation: Forum Two, states: [DE, GH]}
  - {id: fi-one, organisation: Finnish League, states: [FI]}
  - {id: fi-two, organisation: Nordic Watch, states: [FI]}
  - {id: gh-one, organisation: Ghana Coalition, states: [GH]}
  - {id: pe-one, organisation: Andean Rights, states: [PE], language: fr}
  - {id: pe-two, organisation: Lima Forum, states: [PE]}
delegations:
  - {id: ch, name: Permanent Mission of Switzerland, follows: [DE, GH]}
YAML
SOURCE_DATE_EPOCH=1512000000 "$bin" plan "$tmp/two" -o "$tmp/pub2" -q || { echo "FAIL: plan of the two-room instance"; exit 1; }

# facts.py DIR: one line per session, "STATE ROOM START speaker:minutes...",
# then "waitlist SPEAKER STATE" lines: what the checks below grep
cat >"$tmp/facts.py" <<'PY'
import json, sys
t = json.load(open(sys.argv[1] + "/timetable.json", encoding="utf-8"))
for s in t["sessions"]:
    print(s["state"], s["room"], s["start"][:16],
          " ".join("%s:%d" % (i["speaker"], i["minutes"]) for i in s["items"] if i["type"] == "statement"))
for w in t["waitlist"]:
    print("waitlist", w["speaker"], w["state"])
PY

# edit_ok NAME INPUT PUBLISHED ARGS...: the edit on a copy of PUBLISHED in
# $tmp/NAME, and the checks every successful edit must pass
edit_ok() {
	name=$1 in=$2 pub=$3
	shift 3
	rm -rf "$tmp/$name"
	cp -r "$pub" "$tmp/$name"
	if ! "$bin" edit "$in" -t "$tmp/$name/timetable.json" "$@" 2>"$tmp/$name.err"; then
		echo "FAIL: $name: edit $* exit $?"; cat "$tmp/$name.err"; fail=1; return 1
	fi
	grep -q '^score: [0-9-]* before the edit, [0-9-]* after' "$tmp/$name.err" ||
		{ echo "FAIL: $name: no score before and after"; cat "$tmp/$name.err"; fail=1; }
	"$bin" validate "$in" -t "$tmp/$name/timetable.json" --baseline "$pub/timetable.json" \
		>"$tmp/$name.val" 2>&1 ||
		{ echo "FAIL: $name: validate"; cat "$tmp/$name.val"; fail=1; }
	$py "$hist" "$pub" "$tmp/$name" >"$tmp/$name.raised" 2>"$tmp/$name.hist" ||
		{ echo "FAIL: $name: calendars:"; cat "$tmp/$name.hist"; fail=1; }
	[ -s "$tmp/$name/changes.txt" ] && ! grep -q '^No changes' "$tmp/$name/changes.txt" ||
		{ echo "FAIL: $name: changes.txt empty"; fail=1; }
	$py "$tmp/facts.py" "$tmp/$name" >"$tmp/$name.facts"
	return 0
}
# has NAME FILE-SUFFIX TEXT: the file of the edit has the line TEXT
has() {
	grep -qF -- "$3" "$tmp/$1.$2" 2>/dev/null || grep -qF -- "$3" "$tmp/$1/$2" 2>/dev/null ||
		{ echo "FAIL: $1: $2 lacks '$3'"; cat "$tmp/$1.$2" "$tmp/$1/$2" 2>/dev/null; fail=1; }
}
# raised NAME UID...: exactly these events' SEQUENCE rose
raised() {
	name=$1
	shift
	printf '%s\n' "$@" | sort >"$tmp/$name.want"
	cmp -s "$tmp/$name.want" "$tmp/$name.raised" ||
		{ echo "FAIL: $name: SEQUENCE rose on:"; diff "$tmp/$name.want" "$tmp/$name.raised"; fail=1; }
}
# recorded NAME LINE...: the edit's timetable records exactly these
# cancelled events ("STATE SPEAKER SEQUENCE", "STATE - SEQUENCE" a session)
recorded() {
	name=$1
	shift
	printf '%s\n' "$@" >"$tmp/$name.cxwant"
	$py -c 'import json, sys
for c in json.load(open(sys.argv[1], encoding="utf-8")).get("cancelled", []):
    print(c["state"], c.get("speaker", "-"), c["sequence"])' "$tmp/$name/timetable.json" >"$tmp/$name.cx"
	cmp -s "$tmp/$name.cxwant" "$tmp/$name.cx" ||
		{ echo "FAIL: $name: cancelled:"; diff "$tmp/$name.cxwant" "$tmp/$name.cx"; fail=1; return 1; }
}
$py "$tmp/facts.py" "$tmp/pub" >"$tmp/pub.facts"
$py "$tmp/facts.py" "$tmp/pub2" >"$tmp/pub2.facts"

# ---- the example ----
# swap: Romania and the United Arab Emirates (both in Room XXIII) trade places
edit_ok swap "$ex" "$tmp/pub" swap RO ae && {
	has swap changes.txt "Romania: moved from Tue 12 Dec 12:00, Room XXIII to Wed 13 Dec 12:00, Room XXIII"
	has swap changes.txt "United Arab Emirates: moved from Wed 13 Dec 12:00, Room XXIII to Tue 12 Dec 12:00, Room XXIII"
	has swap err "moved              0 -> 100 (+100)"
	has swap err "note: 'ae' is taken as the state 'AE'"
	grep -q '^RO R23 2017-12-13T12:00 ' "$tmp/swap.facts" || { echo "FAIL: swap: Romania not at 13 Dec 12:00"; fail=1; }
	# every event of the two States rose, nothing else
	raised swap $(awk '$1 == "RO" || $1 == "AE" { print "upr29/" $1 "@upr-schedule";
		for (i = 4; i <= NF; i++) { split($i, a, ":"); print "upr29/" $1 "/" a[1] "@upr-schedule" } }' "$tmp/pub.facts")
}
# move: Mali an hour later, same room
edit_ok move "$ex" "$tmp/pub" move ML --to "2017-12-12 16:00" && {
	has move changes.txt "Mali: moved from Tue 12 Dec 15:00, Second room (hypothetical) to Tue 12 Dec 16:00, Second room (hypothetical)"
	grep -q '^ML R24H 2017-12-12T16:00 ' "$tmp/move.facts" || { echo "FAIL: move: Mali not moved"; fail=1; }
	has move err "moved              0 -> 50 (+50)"
}
# a move its speakers cannot follow is refused by name (below: refused)
# order: two speakers of France first after the NHRI, which stays first
edit_ok order "$ex" "$tmp/pub" order FR exiles-littoral ocle && {
	grep -q '^FR R24H 2017-12-12T11:00 nhri-fr:6 exiles-littoral:6 ocle:6 ligue' "$tmp/order.facts" ||
		{ echo "FAIL: order: running order"; grep '^FR' "$tmp/order.facts"; fail=1; }
	has order changes.txt "France: new statement times: Collectif pour l'accueil des exilés du Littoral 11:11-11:17, Observatoire citoyen des lieux d'enfermement 11:17-11:23"
	raised order upr29/FR@upr-schedule upr29/FR/exiles-littoral@upr-schedule upr29/FR/ocle@upr-schedule
	has order err "order              0 -> 1 (+1)"
}
# waitlist: Civic Space Sentinel off the session of the UAE; its
# statement there is cancelled in its calendar
edit_ok waitlist "$ex" "$tmp/pub" waitlist civic-space --state AE && {
	has waitlist facts "waitlist civic-space AE"
	has waitlist changes.txt "United Arab Emirates: Civic Space Sentinel waitlisted"
	$py - "$tmp/waitlist/speakers/civic-space.ics" <<'PY' || { echo "FAIL: waitlist: not cancelled"; fail=1; }
import icalendar, sys
cal = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
ev = [e for e in cal.walk("VEVENT") if str(e["UID"]) == "upr29/AE/civic-space@upr-schedule"]
assert len(ev) == 1 and str(ev[0]["STATUS"]) == "CANCELLED" and int(ev[0]["SEQUENCE"]) == 1, ev
PY
	# the waitlisting's timetable records the cancelled statement
	recorded waitlist "AE civic-space 1"
	# seat: back on the session, on top of the waitlisting: the very
	# session of the published plan again.  The statement comes back at
	# SEQUENCE 2, above the cancellation (1) that clients hold
	# (calendar_history.py checks it, and that the newer event wins)
	edit_ok seat "$ex" "$tmp/waitlist" seat civic-space --state ae && {
		grep '^AE' "$tmp/pub.facts" >"$tmp/ae.pub"
		grep '^AE' "$tmp/seat.facts" >"$tmp/ae.seat"
		cmp -s "$tmp/ae.pub" "$tmp/ae.seat" ||
			{ echo "FAIL: seat: the session of the UAE is not as planned"; cat "$tmp/ae.pub" "$tmp/ae.seat"; fail=1; }
		has seat changes.txt "United Arab Emirates: Civic Space Sentinel added from the waitlist"
		grep -q "waitlist civic-space AE" "$tmp/seat.facts" && { echo "FAIL: seat: still waitlisted"; fail=1; }
		raised seat upr29/AE@upr-schedule upr29/AE/civic-space@upr-schedule upr29/AE/detention-oversight@upr-schedule
		$py - "$tmp/seat/speakers/civic-space.ics" "$tmp/seat/timetable.json" <<'PY' || { echo "FAIL: seat: not above the cancellation"; fail=1; }
import icalendar, json, sys
cal = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
ev = [e for e in cal.walk("VEVENT") if str(e["UID"]) == "upr29/AE/civic-space@upr-schedule"]
assert len(ev) == 1 and str(ev[0]["STATUS"]) == "CONFIRMED" and int(ev[0]["SEQUENCE"]) == 2, ev
t = json.load(open(sys.argv[2], encoding="utf-8"))
assert "cancelled" not in t, t["cancelled"]
PY
	}
	# an edit in between that leaves the statement cancelled carries its
	# record on, and the seat after it still rises above the cancellation
	edit_ok between "$ex" "$tmp/waitlist" move ML --to "2017-12-12 16:00" &&
		recorded between "AE civic-space 1" &&
		edit_ok seatlate "$ex" "$tmp/between" seat civic-space --state AE &&
		raised seatlate upr29/AE@upr-schedule upr29/AE/civic-space@upr-schedule upr29/AE/detention-oversight@upr-schedule
}

# seat: a waitlisted speaker whose availability widened after publication
cp -r "$ex" "$tmp/wider"
sed -i 's/^    available: \[2017-12-12, 2017-12-13\]   # cannot cover Israel.*/    available: [2017-12-12, 2017-12-13, 2017-12-14]/' "$tmp/wider/speakers.yaml"
grep -q '2017-12-13, 2017-12-14]$' "$tmp/wider/speakers.yaml" || { echo "FAIL: cannot widen civic-space"; fail=1; }
edit_ok seatil "$tmp/wider" "$tmp/pub" seat civic-space --state IL && {
	grep -q '^IL R23 2017-12-14T10:00 .*civic-space:5' "$tmp/seatil.facts" || { echo "FAIL: seatil"; grep '^IL' "$tmp/seatil.facts"; fail=1; }
	has seatil changes.txt "Israel: Civic Space Sentinel added from the waitlist, Thu 14 Dec"
	has seatil err "waitlist           1000 -> 0 (-1000)"
}

# ---- refused: nothing written, byte for byte ----
refused() {
	name=$1 in=$2 pub=$3 code=$4
	shift 4
	rm -rf "$tmp/$name"
	cp -r "$pub" "$tmp/$name"
	(cd "$tmp/$name" && find . -type f | sort | xargs sha256sum) >"$tmp/$name.before"
	"$bin" edit "$in" -t "$tmp/$name/timetable.json" "$@" 2>"$tmp/$name.err"
	rc=$?
	[ $rc -eq "$code" ] || { echo "FAIL: $name: edit $* exit $rc, expected $code"; cat "$tmp/$name.err"; fail=1; }
	(cd "$tmp/$name" && find . -type f | sort | xargs sha256sum) >"$tmp/$name.after"
	cmp -s "$tmp/$name.before" "$tmp/$name.after" ||
		{ echo "FAIL: $name: the folder changed"; diff "$tmp/$name.before" "$tmp/$name.after"; fail=1; }
}
refused away "$ex" "$tmp/pub" 1 move ML --to "2017-12-14 15:00"
has away err "error: H7 speaker-available: Samusocial Mali speaks on Mali at 2017-12-14 15:05-15:12, when it is not available"
refused grid "$ex" "$tmp/pub" 1 move ML --to "2017-12-14 15:10"
has grid err "error: H1 session-window: the session of Mali starts 2017-12-14 15:10"
has grid err "nothing was written; --force writes it anyway"
has grid err "score: "
# France needs French and video: Room XXIII has neither
refused lang "$ex" "$tmp/pub" 1 swap FR RO
has lang err "error: H8 language:"
has lang err "error: H9 video:"
refused nhri "$ex" "$tmp/pub" 1 order FR ocle nhri-fr
has nhri err "error: H5 nhri-first:"
# seating a speaker who is not available then
refused unavailable "$ex" "$tmp/pub" 1 seat civic-space --state IL
has unavailable err "error: H7 speaker-available: Civic Space Sentinel"
# bad requests: exit 2, with what is wrong
refused unknown "$ex" "$tmp/pub" 2 move MLI --to "2017-12-14 15:00"
has unknown err "state 'MLI' is not defined in the input (did you mean 'ML' (Mali)"
refused day "$ex" "$tmp/pub" 2 move ML --to "2017-12-19 15:00"
has day err "2017-12-19 is not a day of the event (its days run from 2017-12-12 to 2017-12-15)"
refused time "$ex" "$tmp/pub" 2 move ML --to "2017-12-14 25:00"
has time err "time '25:00' does not exist"
refused notheld "$ex" "$tmp/pub" 2 move TO --to "2017-12-14 15:00"
has notheld err "Tonga (TO) has no session in the timetable: it is not held"
refused notstate "$ex" "$tmp/pub" 2 seat ocle --state ML
has notstate err "(ocle) does not speak on Mali (ML): its States are France (FR)"
refused waiting "$ex" "$tmp/pub" 2 order IL civic-space
has waiting err "it is on the waitlist (seat it first"
refused room "$ex" "$tmp/pub" 2 move ML --to "2017-12-14 15:00" --room r25
has room err "room 'r25' is not defined in the input (did you mean"
refused usage "$ex" "$tmp/pub" 2 swap RO AE --to "2017-12-14 15:00"
has usage err "swap takes no --to"

# --force writes what breaks a constraint, and validate then says so
rm -rf "$tmp/forced" && cp -r "$tmp/pub" "$tmp/forced"
"$bin" edit "$ex" -t "$tmp/forced/timetable.json" --force swap FR RO 2>"$tmp/forced.err" ||
	{ echo "FAIL: --force exit $?"; cat "$tmp/forced.err"; fail=1; }
has forced err "warning: H8 language:"
"$bin" validate "$ex" -t "$tmp/forced/timetable.json" >/dev/null 2>&1
[ $? -eq 1 ] || { echo "FAIL: the forced timetable validates"; fail=1; }

# ---- the two-room instance ----
# move across rooms; swap across rooms; order; waitlist and seat
edit_ok room2 "$tmp/two" "$tmp/pub2" move GH --to "2018-04-11 12:00" --room b && {
	grep -q '^GH b 2018-04-11T12:00 ' "$tmp/room2.facts" || { echo "FAIL: room2: Ghana not in b at 12:00"; cat "$tmp/room2.facts"; fail=1; }
	has room2 changes.txt "Ghana: moved from Wed 11 Apr 10:00, Room A to Wed 11 Apr 12:00, Room B"
}
a=$(awk '$2 == "a" { print $1; exit }' "$tmp/pub2.facts")
b=$(awk '$2 == "b" && $1 != "PE" { print $1; exit }' "$tmp/pub2.facts")
[ -n "$a" ] && [ -n "$b" ] && [ "$a" != PE ] || { echo "FAIL: the two-room plan: $(cat "$tmp/pub2.facts")"; fail=1; }
edit_ok swap2 "$tmp/two" "$tmp/pub2" swap "$a" "$b" && {
	pa=$(awk -v s="$a" '$1 == s { print $2, $3 }' "$tmp/pub2.facts")
	pb=$(awk -v s="$b" '$1 == s { print $2, $3 }' "$tmp/pub2.facts")
	[ "$(awk -v s="$a" '$1 == s { print $2, $3 }' "$tmp/swap2.facts")" = "$pb" ] &&
		[ "$(awk -v s="$b" '$1 == s { print $2, $3 }' "$tmp/swap2.facts")" = "$pa" ] ||
		{ echo "FAIL: swap2: $a and $b did not trade places"; cat "$tmp/swap2.facts"; fail=1; }
}
refused lang2 "$tmp/two" "$tmp/pub2" 1 swap PE "$b"
has lang2 err "error: H8 language: Andean Rights speaks in 'fr' on Peru, which room Room B does not offer"
edit_ok order2 "$tmp/two" "$tmp/pub2" order PE pe-two pe-one &&
	grep -q '^PE a .* pe-two:7 pe-one:7$' "$tmp/order2.facts" || { echo "FAIL: order2"; cat "$tmp/order2.facts"; fail=1; }
edit_ok wait2 "$tmp/two" "$tmp/pub2" waitlist de-two --state DE && {
	grep -q '^DE .* de-nhri:7 de-one:7$' "$tmp/wait2.facts" || { echo "FAIL: wait2"; cat "$tmp/wait2.facts"; fail=1; }
	has wait2 facts "waitlist de-two DE"
	# the speaker's other statement (Ghana) is not touched
	grep -q "^tworoom/GH/de-two@upr-schedule" "$tmp/wait2.raised" && { echo "FAIL: wait2: Ghana's statement rose"; fail=1; }
	edit_ok seat2 "$tmp/two" "$tmp/wait2" seat de-two --state DE &&
		[ "$(grep '^DE' "$tmp/pub2.facts")" = "$(grep '^DE' "$tmp/seat2.facts")" ] ||
		{ echo "FAIL: seat2: Germany not as planned"; fail=1; }
	grep -qx "tworoom/DE/de-two@upr-schedule" "$tmp/seat2.raised" ||
		{ echo "FAIL: seat2: the statement did not rise above its cancellation"; fail=1; }
}

[ $fail -eq 0 ] && echo "edit: every verb, refusals and calendars"
exit $fail
