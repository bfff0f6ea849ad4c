#!/bin/sh
# `cmake --install` into a DESTDIR tree: the binary, the manual page, the
# JSON Schemas and the bash completion land in their usual places, nothing
# outside the tree, and the installed binary plans the example.  Under the
# default prefix /usr/local (what .ci/setup installs), every path the docs
# name is where they say.
# Usage: test_install.sh BINARY SOURCE_DIR (the binary is BUILD/upr-schedule)
bin=$1 src=$2
build=$(cd "$(dirname "$bin")" && pwd) || exit 1
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0

[ -f "$build/CMakeCache.txt" ] || { echo "FAIL: $build is not a build directory"; exit 1; }
if ! DESTDIR="$tmp/root" cmake --install "$build" --prefix /usr >"$tmp/log" 2>&1; then
	echo "FAIL: cmake --install"; cat "$tmp/log"; exit 1
fi
usr=$tmp/root/usr

# every installed file is under the prefix, inside DESTDIR
while read -r f; do
	case $f in
	/usr/*) [ -f "$tmp/root$f" ] || { echo "FAIL: $f is not in DESTDIR"; fail=1; } ;;
	*) echo "FAIL: $f installed outside the prefix"; fail=1 ;;
	esac
done <"$build/install_manifest.txt"

[ -x "$usr/bin/upr-schedule" ] || { echo "FAIL: bin/upr-schedule missing"; fail=1; }
while read -r installed source; do
	if ! [ -f "$usr/$installed" ]; then
		echo "FAIL: $installed missing"; fail=1
	elif ! cmp -s "$usr/$installed" "$src/$source"; then
		echo "FAIL: $installed differs from $source"; fail=1
	fi
done <<EOF
share/man/man1/upr-schedule.1 docs/upr-schedule.1
share/upr-schedule/schema/upr-input.schema.json docs/schema/upr-input.schema.json
share/upr-schedule/schema/timetable.schema.json docs/timetable.schema.json
share/bash-completion/completions/upr-schedule contrib/upr-schedule.bash
EOF

# the installed binary works on its own
inst=$usr/bin/upr-schedule
[ "$("$inst" --version)" = "$("$bin" --version)" ] || { echo "FAIL: --version differs"; fail=1; }
(cd "$tmp" && NO_COLOR=1 "$inst" check "$src/examples/upr29" >check.out 2>&1) ||
	{ echo "FAIL: installed check"; cat "$tmp/check.out"; fail=1; }
(cd "$tmp" && "$inst" plan "$src/examples/upr29" -o "$tmp/out" -q 2>plan.err) ||
	{ echo "FAIL: installed plan"; cat "$tmp/plan.err"; fail=1; }
for f in timetable.json calendar.ics programme.html delegations/ch.ics; do
	[ -s "$tmp/out/$f" ] || { echo "FAIL: installed plan wrote no $f"; fail=1; }
done

# man finds the page where it was installed
found=$(man -M "$usr/share/man" -w upr-schedule 2>/dev/null)
[ "$found" = "$usr/share/man/man1/upr-schedule.1" ] ||
	{ echo "FAIL: man -M does not find the page (got '$found')"; fail=1; }

# the completion loads without bash-completion and completes
comp=$usr/share/bash-completion/completions/upr-schedule
out=$(bash -c '. "$1" && complete -p upr-schedule' sh "$comp" 2>&1)
[ "$out" = "complete -F _upr_schedule upr-schedule" ] ||
	{ echo "FAIL: complete -p upr-schedule: $out"; fail=1; }
mkdir -p "$tmp/c/round" && : >"$tmp/c/round/event.yaml" && : >"$tmp/c/old.json" && : >"$tmp/c/notes.txt"
# the formats come from the installed binary's help, found on PATH as after
# a real install
complete_words() {	# WORDS... (the last is the one being completed)
	(cd "$tmp/c" && PATH="$usr/bin:$PATH" bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1));
		_upr_schedule; for w in "${COMPREPLY[@]}"; do printf "%s\n" "$w"; done' sh "$comp" "$@" | LC_ALL=C sort | tr '\n' ' ')
}
expect() {	# EXPECTED WORDS...
	want=$1
	shift
	got=$(complete_words "$@")
	[ "$got" = "$want" ] || { echo "FAIL: completing '$*': got '$got', want '$want'"; fail=1; }
}
expect "plan " upr-schedule pl
expect "check " upr-schedule help ch
expect "check edit export help import plan validate why " upr-schedule help ""
expect "--baseline " upr-schedule plan --ba
expect "--delegation " upr-schedule export --de
expect "--baseline " upr-schedule export --ba
expect "swap " upr-schedule edit round -t old.json sw
expect "--room " upr-schedule edit --ro
expect "" upr-schedule export --speaker ""
expect "--explain " upr-schedule validate --exp
expect "--json " upr-schedule why --js
expect "old.json round " upr-schedule why -t ""
expect "json,csv " upr-schedule plan -f json,c
expect "ics " upr-schedule export --format ic
expect "old.json round " upr-schedule validate -t ""
expect "round " upr-schedule plan -o ""
expect "round/event.yaml " upr-schedule check round/

# The default prefix, as .ci/setup installs: every installed path that the
# README, the guide and the manual page name under /usr/local is there, and
# so is every path of the reference's table of installed files.
grep -q '^cmake --install build --prefix /usr/local' "$src/.ci/setup" ||
	{ echo "FAIL: .ci/setup does not install under /usr/local"; fail=1; }
if ! DESTDIR="$tmp/local" cmake --install "$build" --prefix /usr/local >"$tmp/log" 2>&1; then
	echo "FAIL: cmake --install --prefix /usr/local"; cat "$tmp/log"; fail=1
fi
local=$tmp/local/usr/local
grep -ohE '/usr/local/[A-Za-z0-9_./-]*[A-Za-z0-9_-]/?' "$src/README.md" "$src/docs/guide.md" \
	"$src/docs/upr-schedule.1" | sort -u >"$tmp/named"
grep -q . "$tmp/named" || { echo "FAIL: the docs name no path under /usr/local"; fail=1; }
if grep -nE '/usr/(bin|share)/[^ ]*upr-schedule' "$src/README.md" "$src/docs/guide.md" "$src/docs/upr-schedule.1"; then
	echo "FAIL: the docs above name an installed file under /usr, not the prefix /usr/local"; fail=1
fi
sed -n '/^## Installed files/,/^## /s/^| `\([^`]*\)` |.*/\1/p' "$src/docs/reference.md" |
	sed 's|^|/usr/local/|' >>"$tmp/named"
grep -q '^/usr/local/share/man/man1/upr-schedule.1$' "$tmp/named" ||
	{ echo "FAIL: reference.md's installed files not found"; fail=1; }
while read -r path; do
	[ -e "$tmp/local$path" ] || { echo "FAIL: the docs name $path, which the install does not make"; fail=1; }
done <"$tmp/named"
[ -x "$local/bin/upr-schedule" ] || { echo "FAIL: /usr/local/bin/upr-schedule missing"; fail=1; }
found=$(man -M "$local/share/man" -w upr-schedule 2>/dev/null)
[ "$found" = "$local/share/man/man1/upr-schedule.1" ] ||
	{ echo "FAIL: man -M does not find the page under /usr/local (got '$found')"; fail=1; }

[ $fail -eq 0 ] && echo "install: binary, manual page, schemas and completion installed and working"
exit $fail
