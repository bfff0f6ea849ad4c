#!/bin/sh
# timetable.xlsx: the example's workbook read back with openpyxl (sheets,
# cell types, every item of timetable.json once at the same times, frozen
# header, autofilter, fitted widths), the same bytes on a second run a
# second later and through -o -, a hostile name kept as text, and what
# LibreOffice shows when it opens the workbook headless.
# Usage: test_xlsx.sh BINARY SOURCE_DIR
bin=$1 src=$2
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
ex=$src/examples/upr29
py=/usr/bin/python3
if ! $py -c 'import openpyxl' 2>/dev/null; then
	echo "FAIL: python3-openpyxl is missing (apt-get install python3-openpyxl, see .ci/deps)"
	exit 1
fi

# A copy of the example with a hostile organisation name: a formula, markup,
# an entity, quotes and a newline.
cp -r "$ex" "$tmp/in"
sed -i 's/^    organisation: Reprieve$/    organisation: "=1+2 <b>\&amp; \\"Reprieve\\"\\nUK"/' "$tmp/in/speakers.yaml"
grep -q '=1+2' "$tmp/in/speakers.yaml" || { echo "FAIL: the hostile name was not put in"; exit 1; }

export SOURCE_DATE_EPOCH=1512000000
"$bin" plan "$tmp/in" -o "$tmp/a" -q || { echo "FAIL: plan exit $?"; exit 1; }
[ -s "$tmp/a/timetable.xlsx" ] || { echo "FAIL: plan (-f all) wrote no timetable.xlsx"; exit 1; }

# same bytes a second later, and through -o -; -f xlsx writes only it
sleep 1.1
"$bin" plan "$tmp/in" -o "$tmp/b" -q -f xlsx || { echo "FAIL: plan -f xlsx"; fail=1; }
cmp "$tmp/a/timetable.xlsx" "$tmp/b/timetable.xlsx" || { echo "FAIL: a second run differs"; fail=1; }
[ "$(ls "$tmp/b")" = timetable.xlsx ] || { echo "FAIL: -f xlsx wrote: $(ls "$tmp/b")"; fail=1; }
"$bin" export "$tmp/in" -t "$tmp/a/timetable.json" -f xlsx -o - >"$tmp/stdout.xlsx" ||
	{ echo "FAIL: export -f xlsx -o -"; fail=1; }
cmp "$tmp/a/timetable.xlsx" "$tmp/stdout.xlsx" || { echo "FAIL: -o - differs"; fail=1; }
# without SOURCE_DATE_EPOCH: the inputs' newest time, still no clock
unset SOURCE_DATE_EPOCH
"$bin" plan "$tmp/in" -o "$tmp/c" -q -f xlsx || fail=1
sleep 1.1
"$bin" plan "$tmp/in" -o "$tmp/d" -q -f xlsx || fail=1
cmp "$tmp/c/timetable.xlsx" "$tmp/d/timetable.xlsx" || { echo "FAIL: runs without SOURCE_DATE_EPOCH differ"; fail=1; }
SOURCE_DATE_EPOCH=0 "$bin" plan "$tmp/in" -o "$tmp/e" -q -f xlsx || fail=1
sleep 1.1
SOURCE_DATE_EPOCH=0 "$bin" plan "$tmp/in" -o "$tmp/f" -q -f xlsx || fail=1
cmp "$tmp/e/timetable.xlsx" "$tmp/f/timetable.xlsx" || { echo "FAIL: runs at SOURCE_DATE_EPOCH=0 differ"; fail=1; }

$py - "$tmp/a/timetable.xlsx" "$tmp/a/timetable.json" "$tmp/e/timetable.xlsx" <<'PY' || fail=1
import datetime, json, sys, zipfile
import openpyxl

path, tt_path, epoch_path = sys.argv[1:4]
tt = json.load(open(tt_path, encoding="utf-8"))
errors = []
def check(cond, what):
    if not cond:
        errors.append(what)

# the package: fixed times
with zipfile.ZipFile(path) as z:
    for info in z.infolist():
        check(info.date_time == (1980, 1, 1, 0, 0, 0), f"zip entry {info.filename} dated {info.date_time}")
    core = z.read("docProps/core.xml").decode()
    check("<dcterms:created xsi:type=\"dcterms:W3CDTF\">2017-11-30T00:00:00Z</dcterms:created>" in core,
          "creation time is not SOURCE_DATE_EPOCH: " + core)
with zipfile.ZipFile(epoch_path) as z:
    core = z.read("docProps/core.xml").decode()
    check("1970-01-01T00:00:01Z</dcterms:created>" in core, "SOURCE_DATE_EPOCH=0: " + core)

wb = openpyxl.load_workbook(path)
sessions = tt["sessions"]
def local(s):
    return datetime.datetime.fromisoformat(s).replace(tzinfo=None)
days = sorted({local(s["start"]).date() for s in sessions})
names = [d.isoformat() for d in days] + ["Statements"]
# every event day is a sheet (the example has a session on each)
check(wb.sheetnames == names, f"sheets {wb.sheetnames}, expected {names}")

# Statements: the CSV's columns, room_name after room, one row per item
ws = wb["Statements"]
rows = list(ws.iter_rows(values_only=True))
header = ("date", "start", "end", "room", "room_name", "state", "state_name", "type",
          "speaker", "organisation", "kind", "language", "minutes")
check(rows[0] == header, f"header {rows[0]}")
expected = []
for s in sessions:
    for it in s["items"]:
        st, en = local(it["start"]), local(it["end"])
        expected.append((datetime.datetime.combine(st.date(), datetime.time()), st.time(), en.time(),
                         s["room"], s["room_name"], s["state"], s["state_name"], it["type"],
                         it.get("speaker"), it.get("organisation", "").replace("\n", " ") or None,
                         it.get("kind"), it.get("language"), it["minutes"]))
got = rows[1:]
check(got == expected, "Statements differ from timetable.json: " +
      str(next(((g, e) for g, e in zip(got, expected) if g != e), (len(got), len(expected)))))
nstmts = sum(1 for s in sessions for it in s["items"] if it["type"] == "statement")
stmts = [r for r in got if r[7] == "statement"]
check(len(stmts) == nstmts and len({(r[5], r[8]) for r in stmts}) == nstmts,
      f"{len(stmts)} statement rows for {nstmts} statements")
for r, row in enumerate(ws.iter_rows(min_row=2), start=2):
    check(row[0].is_date and row[0].number_format == "yyyy-mm-dd" and isinstance(row[0].value, datetime.datetime),
          f"A{r} is not a date cell: {row[0].data_type} {row[0].number_format}")
    for c in (1, 2):
        check(row[c].is_date and isinstance(row[c].value, datetime.time),
              f"{row[c].coordinate} is not a time cell: {row[c].value!r}")
    check(isinstance(row[12].value, int), f"M{r} is not a number")
check(ws.freeze_panes == "A2", f"Statements frozen at {ws.freeze_panes}")
check(ws.auto_filter.ref == f"A1:M{len(rows)}", f"autofilter {ws.auto_filter.ref}")
# widths fitted: every column at least its longest value (text columns)
for c, name in enumerate(header):
    letter = openpyxl.utils.get_column_letter(c + 1)
    longest = max(len(str(r[c])) for r in rows if r[c] is not None and isinstance(r[c], str))
    width = ws.column_dimensions[letter].width
    check(width >= min(longest, 60), f"column {name} width {width} < {longest}")
    check(width <= max(longest, 11) + 3, f"column {name} width {width} too wide for {longest}")
# the hostile name: text as given, the newline a space, not a formula
hostile = [r for r in ws.iter_rows(min_row=2) if r[8].value == "reprieve"]
check(len(hostile) == 1 and hostile[0][9].value == '=1+2 <b>&amp; "Reprieve" UK'
      and hostile[0][9].data_type == "s", f"hostile name: {[c.value for c in hostile[0]] if hostile else None}")

# a sheet per day: Time, then the rooms used; a row per session start
seen = []
for day in days:
    ws = wb[day.isoformat()]
    ds = [s for s in sessions if local(s["start"]).date() == day]
    rooms = []
    for s in ds:
        if s["room_name"] not in rooms:
            rooms.append(s["room_name"])
    grid = list(ws.iter_rows(values_only=True))
    check(set(grid[0][1:]) == set(rooms) and grid[0][0] == "Time",
          f"{day}: header {grid[0]}, rooms {rooms}")
    starts = sorted({local(s["start"]).time() for s in ds})
    check([r[0] for r in grid[1:]] == starts, f"{day}: times {[r[0] for r in grid[1:]]}")
    for row in ws.iter_rows(min_row=2, max_col=1):
        check(row[0].is_date and isinstance(row[0].value, datetime.time),
              f"{day} {row[0].coordinate} is not a time cell")
    for s in ds:
        r = 1 + starts.index(local(s["start"]).time())
        c = list(grid[0]).index(s["room_name"])
        cell = grid[r][c] or ""
        lines = cell.split("\n")
        check(lines[0] == s["state_name"], f"{day}: {s['state']} cell starts {lines[0]!r}")
        st, en = local(s["start"]), local(s["end"])
        check(lines[1] == f"{st:%H:%M}-{en:%H:%M}", f"{day}: {s['state']} times {lines[1]!r}")
        orgs = [it["organisation"].replace("\n", " ") for it in s["items"] if it["type"] == "statement"]
        check([l.rsplit(" (", 1)[0] for l in lines[2:]] == orgs, f"{day}: {s['state']} speakers {lines[2:]}")
        seen.append(s["state"])
    check(ws.freeze_panes == "B2", f"{day} frozen at {ws.freeze_panes}")
check(sorted(seen) == sorted(s["state"] for s in sessions), f"sessions in the grids: {seen}")

for e in errors:
    print("FAIL:", e)
sys.exit(1 if errors else 0)
PY

# LibreOffice opens it: every sheet as shown, compared with timetable.csv
if command -v soffice >/dev/null 2>&1; then
	mkdir "$tmp/lo"
	# its own profile, so that parallel runs and the user's do not meet;
	# the sheet filter options: comma, '"', UTF-8, "as shown", every sheet (-1)
	if ! timeout 300 soffice -env:UserInstallation="file://$tmp/lo/profile" --headless \
		--convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1' \
		--outdir "$tmp/lo" "$tmp/a/timetable.xlsx" >"$tmp/lo.out" 2>&1; then
		echo "FAIL: soffice could not convert the workbook"; cat "$tmp/lo.out"; fail=1
	fi
	grep -i "error" "$tmp/lo.out" && { echo "FAIL: soffice reported an error"; fail=1; }
	$py - "$tmp/lo" "$tmp/a/timetable.csv" "$tmp/a/timetable.json" <<'PY' || fail=1
import csv, glob, json, os, sys
lo, csv_path, tt_path = sys.argv[1:4]
errors = []
st = os.path.join(lo, "timetable-Statements.csv")
if not os.path.exists(st):
    print("FAIL: LibreOffice wrote", sorted(os.listdir(lo)))
    sys.exit(1)
shown = list(csv.reader(open(st, encoding="utf-8", newline="")))
ours = list(csv.reader(open(csv_path, encoding="utf-8", newline="")))
room_names = {s["room"]: s["room_name"] for s in json.load(open(tt_path))["sessions"]}
# the CSV's rows, its "'" guard and newlines as the workbook shows them,
# with room_name after room when the CSV does not have it yet
add = "room_name" not in ours[0]
for k, o in enumerate(ours):
    o[:] = [x[1:] if x[:1] == "'" else x for x in o]
    o[:] = [x.replace("\r\n", " ").replace("\n", " ") for x in o]
    if add:
        o.insert(4, "room_name" if k == 0 else room_names[o[3]])
if len(shown) != len(ours):
    errors.append(f"LibreOffice shows {len(shown)} rows, timetable.csv has {len(ours)}")
for s, o in zip(shown, ours):
    if s != o:
        errors.append(f"LibreOffice shows {s}, timetable.csv has {o}")
        break
days = sorted(glob.glob(os.path.join(lo, "timetable-2017-*.csv")))
if len(days) != 4:
    errors.append(f"day sheets: {days}")
for d in days:
    grid = list(csv.reader(open(d, encoding="utf-8", newline="")))
    if grid[0][0] != "Time" or not all(len(r[0]) == 5 and r[0][2] == ":" for r in grid[1:]):
        errors.append(f"{d}: times shown as {[r[0] for r in grid]}")
for e in errors:
    print("FAIL:", e)
sys.exit(1 if errors else 0)
PY
else
	echo "SKIP: soffice is missing (libreoffice-calc-nogui, see .ci/deps): the workbook was not opened with LibreOffice"
fi

# the workbook is built in a temporary directory: when that cannot be made,
# the message gives the system's reason, not "out of memory"
if TMPDIR="$tmp/none" "$bin" plan "$tmp/in" -o "$tmp/g" -q -f xlsx 2>"$tmp/g.err"; then
	echo "FAIL: plan -f xlsx with TMPDIR missing succeeded"; fail=1
fi
grep -q "cannot write '.*timetable.xlsx': No such file or directory" "$tmp/g.err" ||
	{ echo "FAIL: TMPDIR missing says: $(cat "$tmp/g.err")"; fail=1; }
[ ! -e "$tmp/g/timetable.xlsx" ] || { echo "FAIL: a failed workbook was published"; fail=1; }

[ $fail -eq 0 ] && echo "PASS: test_xlsx"
exit $fail
