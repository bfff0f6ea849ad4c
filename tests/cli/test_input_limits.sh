#!/bin/sh
# Input limits that keep hostile files cheap: one string may hold at most
# UPR_MAX_STRING_BYTES (4096) bytes, and aliases may add at most
# UPR_MAX_ALIAS_BYTES (1 MiB) of text per file.  The hostile files are
# generated here: an 8 MiB anchored string reused 350 times (once 10 s and
# 2.9 GB), a 10 MB name, and 4,000-byte strings reused 300 times.  Each must
# be refused with exit 2 and the limit named, within seconds and in bounded
# memory (ulimit -v, except under AddressSanitizer, which reserves terabytes
# of address space).
# Usage: test_input_limits.sh BINARY SOURCE_DIR
bin=$1
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
limit_kb=1048576	# 1 GiB of address space
if ldd "$bin" 2>/dev/null | grep -q asan; then limit_kb=unlimited; fi

head='event:
  name: E
  timezone: Europe/Zurich
  days: [2017-12-12]
rooms:
  - id: r1
    name: R
states:
  - id: BS
    name: Bahamas
speakers:
  - id: s1
    states: [BS]'

# x (N): N bytes of 'x' on one line
xs() { head -c "$1" /dev/zero | tr '\0' x; }

# run NAME MESSAGE: check NAME.yaml must exit 2 within 5 s printing MESSAGE
run() {
	start=$(date +%s)
	(ulimit -v "$limit_kb"; NO_COLOR=1 "$bin" check "$tmp/$1.yaml") >/dev/null 2>"$tmp/$1.err"
	rc=$?
	secs=$(($(date +%s) - start))
	[ $rc -eq 2 ] || { echo "FAIL: $1: exit $rc, expected 2"; head -c 2000 "$tmp/$1.err"; fail=1; }
	grep -qF "$2" "$tmp/$1.err" || { echo "FAIL: $1: no '$2'"; head -c 2000 "$tmp/$1.err"; fail=1; }
	[ "$(wc -l <"$tmp/$1.err")" -le 3 ] || { echo "FAIL: $1: more than 3 lines of errors"; fail=1; }
	[ $secs -le 5 ] || { echo "FAIL: $1: took $secs s"; fail=1; }
}

{
	echo "$head"
	printf '    organisation: &big "'; xs 8388608; echo '"'
	echo 'x-reuse:'
	i=0; while [ $i -lt 350 ]; do echo '  - *big'; i=$((i + 1)); done
} >"$tmp/big-alias.yaml"
run big-alias "big-alias.yaml:14:19: error: string is longer than 4096 bytes"

{ echo "$head"; printf '    organisation: '; xs 10000000; echo; } >"$tmp/long-name.yaml"
run long-name "long-name.yaml:14:19: error: string is longer than 4096 bytes"

{ echo "$head"; printf '    organisation: '; xs 4096; echo; } >"$tmp/at-limit.yaml"
NO_COLOR=1 "$bin" check "$tmp/at-limit.yaml" >/dev/null 2>"$tmp/at-limit.err" ||
	{ echo "FAIL: a string of exactly 4096 bytes is refused"; cat "$tmp/at-limit.err"; fail=1; }

{
	echo "$head"
	printf '    organisation: &o '; xs 4000; echo
	echo 'x-reuse:'
	i=0; while [ $i -lt 300 ]; do echo '  - *o'; i=$((i + 1)); done
} >"$tmp/alias-bytes.yaml"
# 262 aliases of 4,000 bytes stay within 1 MiB; the 263rd, on line 278, does not
run alias-bytes "alias-bytes.yaml:278:5: error: aliases expand to more than 1048576 bytes of text"

[ $fail -eq 0 ] && echo "input limits: long strings and alias bytes refused quickly"
exit $fail
