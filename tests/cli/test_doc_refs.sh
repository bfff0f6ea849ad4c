#!/bin/sh
# Every file a comment or a doc names is in the tree (tests/tools/check_doc_refs.py):
# first on a small made-up tree, that the checker finds what it must and
# nothing else, then on this tree.
# Usage: test_doc_refs.sh BINARY SOURCE_DIR (the binary is not used)
src=$2
py=/usr/bin/python3
check=$src/tests/tools/check_doc_refs.py
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0

t=$tmp/tree
mkdir -p "$t/docs" "$t/src/export" "$t/tests/cli"
printf '# Reference\n\n## Input files\n\n### `timetable.json`\n' >"$t/docs/reference.md"
cat >"$t/src/export/json.c" <<'C'
/* json.c - timetable.json (docs/reference.md#timetablejson), keys as
 * input.md says, see docs/reference.md#no-such-heading and ../load/gone.c. */
static const char *name = "written.md";	/* a string, not a reference */
// the value forms of docs/reference.md#input-files, and json.c itself
C
cat >"$t/tests/cli/test_x.sh" <<'SH'
#!/bin/sh
# helper.py IN OUT: made below; NAME.c stands for src/export/json.c
cat >"$tmp/helper.py" <<'P'
P
SH
cat >"$t/README.md" <<'MD'
Read [the reference](docs/reference.md#input-files), [the guide](docs/guide.md)
and [a part](#nowhere); `plan -o site` writes out/timetable.json; see docs/model.md.
Version 0.1.0, YAML 1.1; `export ... -o ch.ics` writes one calendar.
MD
$py "$check" "$t" >"$tmp/out" 2>&1 && { echo "FAIL: the made-up tree passed"; fail=1; }
for want in \
	"src/export/json.c:2: names 'input.md'" \
	"src/export/json.c:2: 'docs/reference.md#no-such-heading': docs/reference.md has no heading 'no-such-heading'" \
	"src/export/json.c:2: names '../load/gone.c'" \
	"README.md:1: names 'docs/guide.md'" \
	"README.md:2: no heading 'nowhere'" \
	"README.md:2: names 'docs/model.md'" \
	"ALLOWED names 'Z.yaml', which no reference needs"; do
	grep -qF "FAIL: $want" "$tmp/out" || { echo "FAIL: the checker does not report: $want"; fail=1; }
done
for not in written.md timetable.json helper.py NAME.c input-files timetablejson 0.1 1.1 ch.ics; do
	grep "^FAIL: [^A]" "$tmp/out" | grep -qF "$not" && { echo "FAIL: the checker reports $not"; fail=1; }
done
[ $fail -eq 0 ] || cat "$tmp/out"

# this tree
$py "$check" "$src" || fail=1
exit $fail
