#!/bin/sh
# A time zone is a name from the tz database's list, never a path: one
# that leads to a FIFO (which libical would open and wait on) or to
# /etc/localtime through '..' is refused at once with exit 2.
# Usage: test_timezone.sh BINARY SOURCE_DIR
bin=$1
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
mkfifo "$tmp/fifo" || exit 1
for tz in "../../../..$tmp/fifo" "$tmp/fifo" "../../../etc/localtime" "./Europe/Zurich" "Europe/"; do
	cat >"$tmp/event.yaml" <<EOT
event:
  name: E
  timezone: '$tz'
  days: [2017-12-12]
rooms: [{id: r1, name: R}]
states: [{id: BS, name: Bahamas}]
speakers: [{id: s1, organisation: O, states: [BS]}]
EOT
	NO_COLOR=1 timeout 10 "$bin" check "$tmp/event.yaml" >/dev/null 2>"$tmp/err"
	rc=$?
	[ $rc -eq 2 ] || { echo "FAIL: timezone '$tz': exit $rc, expected 2"; cat "$tmp/err"; fail=1; }
	grep -qF "event.yaml:3:13: error: unknown time zone '$tz'" "$tmp/err" ||
		{ echo "FAIL: timezone '$tz': no error"; cat "$tmp/err"; fail=1; }
done
[ $fail -eq 0 ] && echo "timezone: paths and FIFOs refused"
exit $fail
