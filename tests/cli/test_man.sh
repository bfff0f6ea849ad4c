#!/bin/sh
# The manual page renders without a warning, at 80 columns, with the
# sections a manual page has; no rendered line is wider than the terminal.
# Usage: test_man.sh BINARY SOURCE_DIR
bin=$1 src=$2
page=$src/docs/upr-schedule.1
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0

[ -s "$page" ] || { echo "FAIL: $page missing"; exit 1; }
if ! command -v man >/dev/null || ! command -v groff >/dev/null; then
	echo "FAIL: man and groff are needed (man-db, groff-base)"; exit 1
fi

LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l -E UTF-8 "$page" \
	>"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] || { echo "FAIL: man exited $rc"; fail=1; }
if [ -s "$tmp/err" ]; then
	echo "FAIL: man --warnings:"; cat "$tmp/err"; fail=1
fi
LC_ALL=C.UTF-8 groff -man -ww -z "$page" 2>"$tmp/err2"
if [ -s "$tmp/err2" ]; then
	echo "FAIL: groff -man -ww:"; cat "$tmp/err2"; fail=1
fi

for s in NAME SYNOPSIS DESCRIPTION COMMANDS OPTIONS "EXIT STATUS" ENVIRONMENT FILES \
	EXAMPLES "SEE ALSO"; do
	grep -q "^$s\$" "$tmp/out" || { echo "FAIL: no section $s"; fail=1; }
done
for w in SOURCE_DATE_EPOCH NO_COLOR; do
	grep -q "$w" "$tmp/out" || { echo "FAIL: $w not described"; fail=1; }
done
if awk 'length > 80 { print "FAIL: line wider than 80: " $0; bad = 1 } END { exit bad }' "$tmp/out"; then :; else
	fail=1
fi
# the version on the page is the program's
version=$("$bin" --version | sed 's/^upr-schedule //')
grep -q "upr-schedule $version" "$tmp/out" ||
	{ echo "FAIL: the page does not name version $version"; fail=1; }

[ $fail -eq 0 ] && echo "man: renders without warnings"
exit $fail
