#!/bin/sh
# `upr-schedule import` (docs/reference.md#applications-in):
#  - each tests/data/import/NAME.csv is imported with NAME.map.yaml (or
#    map.yaml) and the flags of NAME.args; exit code, stdout and stderr must
#    be exactly NAME.expected;
#  - --init on the example's form gives init.expected, on a French form
#    init/fr.expected;
#  - the example's form, imported, loads and plans the example's timetable;
#  - a re-import keeps the ids of an earlier output, edited ones too;
#  - on error nothing is written: an earlier output stays as it was;
#  - usage errors exit 2.
set -u
bin=$1
src=$2
data=$src/tests/data/import
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() {
	echo "FAIL: $*"
	fail=1
}

# ---- the cases: exact output ----
for csv in "$data"/*.csv; do
	name=$(basename "$csv" .csv)
	map=map.yaml
	[ -f "$data/$name.map.yaml" ] && map=$name.map.yaml
	args=""
	[ -f "$data/$name.args" ] && args=$(cat "$data/$name.args")
	# shellcheck disable=SC2086
	(cd "$data" && "$bin" import "$name.csv" --map "$map" $args >"$tmp/out" 2>"$tmp/err"
	 echo "exit $?" >"$tmp/got"
	 echo "--- stdout" >>"$tmp/got"; cat "$tmp/out" >>"$tmp/got"
	 echo "--- stderr" >>"$tmp/got"; cat "$tmp/err" >>"$tmp/got")
	if ! cmp -s "$tmp/got" "$data/$name.expected"; then
		bad "$name: output differs from $name.expected"
		diff "$data/$name.expected" "$tmp/got" | head -20
	fi
	[ -s "$tmp/out" ] || continue
	# what was written reads back: YAML gives each organisation as the CSV
	# holds it (blanks collapsed), and the round loads with it: `check`
	# exits 0, or 1 when a test round cannot be planned, never 2
	/usr/bin/python3 - "$tmp/out" "$csv" <<'PY' || bad "$name: the organisations do not read back"
import sys, yaml
orgs = [s["organisation"] for s in yaml.safe_load(open(sys.argv[1]))["speakers"]]
text = open(sys.argv[2], "rb").read()
text = text.decode("utf-8-sig") if text.count(b"\xc3") or text.startswith(b"\xef") else text.decode("cp1252")
ok = all(" ".join(o.split()) == o and o in " ".join(text.split()).replace('""', '"') for o in orgs)
sys.exit(0 if ok and orgs else 1)
PY
	mkdir -p "$tmp/rt"
	cp "$data/round/round.yaml" "$tmp/rt/"
	cp "$tmp/out" "$tmp/rt/speakers.yaml"
	"$bin" check "$tmp/rt" >/dev/null 2>"$tmp/rterr"
	if [ $? -eq 2 ]; then
		bad "$name: the output does not load"
		cat "$tmp/rterr"
	fi
	rm -rf "$tmp/rt"
done

# ---- --init ----
(cd "$src/examples/upr29/forms" && "$bin" import --init applications.csv) >"$tmp/init" 2>&1 ||
	bad "--init failed"
cmp -s "$tmp/init" "$data/init.expected" || {
	bad "--init output differs from init.expected"
	diff "$data/init.expected" "$tmp/init" | head -20
}
# a French form without a submission column (every word list is scanned)
(cd "$data/init" && "$bin" import --init fr.csv) >"$tmp/init-fr" 2>&1 || bad "--init fr.csv failed"
cmp -s "$tmp/init-fr" "$data/init/fr.expected" || {
	bad "--init output differs from init/fr.expected"
	diff "$data/init/fr.expected" "$tmp/init-fr" | head -20
}
"$bin" import --init "$src/examples/upr29/forms/applications.csv" -o "$tmp/started.map.yaml" ||
	bad "--init -o failed"
cmp -s "$tmp/started.map.yaml" "$tmp/init" || bad "--init -o wrote other bytes than to stdout"

# ---- the example: the form gives the example's speakers, the same plan ----
mkdir -p "$tmp/round"
for f in event rooms states delegations; do cp "$src/examples/upr29/$f.yaml" "$tmp/round/"; done
"$bin" import "$src/examples/upr29/forms/applications.csv" \
	--map "$src/examples/upr29/forms/applications.map.yaml" -o "$tmp/round/speakers.yaml" ||
	bad "the example's form does not import"
"$bin" check "$tmp/round" >/dev/null || bad "the imported example does not load"
"$bin" plan "$tmp/round" -o "$tmp/imported" -f json -q || bad "the imported example does not plan"
"$bin" plan "$src/examples/upr29" -o "$tmp/written" -f json -q || bad "the example does not plan"
/usr/bin/python3 - "$tmp/imported/timetable.json" "$tmp/written/timetable.json" <<'PY' || bad "the imported example plans other sessions"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
sys.exit(0 if a["sessions"] == b["sessions"] and a["sessions"] else 1)
PY

# ---- contacts: the form's e-mail column becomes each speaker's private
# contact, which the notices are addressed to ----
sed 's|^  remote: Participation$|&\n  contact_email: E-mail|' \
	"$src/examples/upr29/forms/applications.map.yaml" >"$tmp/contact.map.yaml"
grep -q '^  contact_email: E-mail$' "$tmp/contact.map.yaml" || bad "the contact map was not made"
sed -i 's|^input: \.\.$|input: round|' "$tmp/contact.map.yaml"
"$bin" import "$src/examples/upr29/forms/applications.csv" --map "$tmp/contact.map.yaml" \
	-o "$tmp/round/speakers.yaml" 2>"$tmp/err" || bad "import with contact_email: $(cat "$tmp/err")"
n=$(grep -c '^      email: contact@' "$tmp/round/speakers.yaml")
[ "$n" -eq 48 ] || bad "import with contact_email wrote $n contacts, not 48"
grep -q '^    contact:$' "$tmp/round/speakers.yaml" || bad "no contact mapping written"
"$bin" plan "$tmp/round" -o "$tmp/contacts" -f json -q || bad "the imported contacts do not load"
"$bin" export "$tmp/round" -t "$tmp/contacts/timetable.json" --notices "$tmp/contacts" >/dev/null ||
	bad "no notices from the imported contacts"
[ "$(ls "$tmp/contacts/notices" | grep -c '\.eml$')" -gt 40 ] ||
	bad "the imported contacts got $(ls "$tmp/contacts/notices" | grep -c '\.eml$') notices"
# a cell that is not an address: the cell's place, nothing written
awk -F';' 'BEGIN { OFS = ";" } NR == 3 { $3 = "contact at ocle" } { print }' \
	"$src/examples/upr29/forms/applications.csv" >"$tmp/bad-email.csv"
rm -f "$tmp/bad.yaml"
if "$bin" import "$tmp/bad-email.csv" --map "$tmp/contact.map.yaml" -o "$tmp/bad.yaml" 2>"$tmp/err"; then
	bad "an e-mail that is not an address was imported"
fi
grep -q "^.*bad-email.csv:3:3: error: E-mail: e-mail 'contact at ocle' is not an address" "$tmp/err" ||
	bad "bad e-mail message: $(cat "$tmp/err")"
[ ! -e "$tmp/bad.yaml" ] || bad "a failed import wrote its output"

# ---- re-import keeps ids ----
cd "$data" || exit 1
"$bin" import quoted-newlines.csv --map map.yaml -o "$tmp/sp.yaml" 2>"$tmp/err" || bad "first import failed"
# the organiser shortens an id by hand, then the form gets a new application
# whose own slug is that id, and the export lists it first
sed 's/id: coalition-for-fair-trials/id: fair-trials/' "$tmp/sp.yaml" >"$tmp/sp2.yaml" &&
	mv "$tmp/sp2.yaml" "$tmp/sp.yaml"
{
	head -1 quoted-newlines.csv
	echo '3,2018-03-02 09:00,Fair Trials,NGO,Israel,English,In person,,,,'
	tail -n +2 quoted-newlines.csv
} >"$tmp/updated.csv"
"$bin" import "$tmp/updated.csv" --map "$data/map.yaml" -o "$tmp/sp.yaml" 2>"$tmp/err" ||
	bad "re-import failed: $(cat "$tmp/err")"
grep -q '^  - id: fair-trials$' "$tmp/sp.yaml" || bad "re-import lost the edited id"
grep -q '^  - id: fair-trials-2$' "$tmp/sp.yaml" || bad "re-import gave the new speaker a taken id"
grep -q '^  - id: forum-des-droits-humains$' "$tmp/sp.yaml" || bad "re-import lost an id"
[ "$(grep -B1 'id: fair-trials$' "$tmp/sp.yaml" | head -1)" = "  # updated.csv row 4; key: 2" ] ||
	bad "re-import: the kept speaker's comment does not name its new row"
cp "$tmp/sp.yaml" "$tmp/before-withdrawal.yaml"

# a withdrawn application: its speaker is left out, with a note at its id
/usr/bin/python3 - quoted-newlines.csv "$tmp/withdrawn.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
csv.writer(open(sys.argv[2], "w", newline=""), lineterminator="\n").writerows(rows[:2])
PY
"$bin" import "$tmp/withdrawn.csv" --map map.yaml -o "$tmp/sp.yaml" 2>"$tmp/err" || bad "withdrawal import failed"
line=$(grep -n '^  - id: fair-trials$' "$tmp/before-withdrawal.yaml" | cut -d: -f1)
grep -qx "$tmp/sp.yaml:$line:1: note: speaker 'fair-trials' (key '2') is not in $tmp/withdrawn.csv: left out" "$tmp/err" ||
	{ bad "no note for a withdrawn application"; cat "$tmp/err"; }
grep -q 'fair-trials' "$tmp/sp.yaml" && bad "a withdrawn application is still written"
grep -q '^  - id: forum-des-droits-humains$' "$tmp/sp.yaml" || bad "withdrawal: the other speaker lost its id"

# ---- nothing written on error ----
cp "$tmp/sp.yaml" "$tmp/before.yaml"
"$bin" import unknown-state.csv --map map.yaml -o "$tmp/sp.yaml" 2>/dev/null
[ $? -eq 2 ] || bad "an import with errors does not exit 2"
cmp -s "$tmp/sp.yaml" "$tmp/before.yaml" || bad "an import with errors changed its output"
[ "$(ls -A "$tmp" | grep -c "^\.")" -eq 0 ] || bad "an import with errors left a temporary file"
"$bin" import unknown-state.csv --map map.yaml -o "$tmp/none.yaml" 2>/dev/null
[ -e "$tmp/none.yaml" ] && bad "an import with errors created its output"

# ---- options ----
"$bin" import semicolon.csv --map map.yaml --delimiter ';' >"$tmp/a" 2>/dev/null || bad "--delimiter ';'"
"$bin" import semicolon.csv --map map.yaml -o - >"$tmp/b" 2>/dev/null || bad "-o -"
cmp -s "$tmp/a" "$tmp/b" || bad "--delimiter ';' or -o - changed the output"
"$bin" import semicolon.csv --map map.yaml --delimiter ',' >/dev/null 2>&1
[ $? -eq 2 ] || bad "a wrong --delimiter did not fail"
"$bin" import semicolon.csv --map map.yaml --input "$src/examples/upr29" >/dev/null 2>"$tmp/err"
grep -q "not under review in this round" "$tmp/err" || bad "--input does not override the map's input"
for args in "semicolon.csv" "--map map.yaml" "semicolon.csv --map map.yaml --delimiter x" \
	"--init semicolon.csv --map map.yaml" "a.csv b.csv --map map.yaml"; do
	# shellcheck disable=SC2086
	"$bin" import $args >/dev/null 2>&1
	[ $? -eq 2 ] || bad "import $args: not a usage error"
done
"$bin" import --help | grep -q "usage: upr-schedule import" || bad "import --help"

exit $fail
