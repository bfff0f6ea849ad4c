#!/bin/sh
# --lang, end to end (docs/reference.md, "Languages"): the example planned
# in French has a French programme (lang="fr", dates as "mardi 12 décembre
# 2017", the fixed words), French words in the calendars, organiser.html
# and changes.txt; export --lang es writes Spanish; an unknown language is
# a usage error naming the languages; the default is English, byte for
# byte the output of --lang en.
# Usage: test_lang.sh BINARY SOURCE_DIR
bin=$1
src=$2
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
ex="$src/examples/upr29"

bad() {
	echo "FAIL: $*"
	fail=1
}
# has FILE TEXT: FILE holds TEXT (fixed string)
has() {
	grep -qF -- "$2" "$1" || bad "$1 lacks '$2'"
}
lacks() {
	! grep -qF -- "$2" "$1" || bad "$1 has '$2'"
}

export SOURCE_DATE_EPOCH=1500000000
"$bin" plan -q --lang fr -o "$tmp/fr" "$ex" || bad "plan --lang fr exited $?"
p="$tmp/fr/programme.html"
has "$p" '<html lang="fr">'
has "$p" '<span class="wd">mardi</span> 12 décembre 2017'
has "$p" 'content:"mardi 12 décembre 2017"'
has "$p" '12–15 décembre 2017'
has "$p" 'Examen périodique universel'
has "$p" 'Index des États'
has "$p" '>Ouverture<'
has "$p" '>Questions<'
lacks "$p" 'December'
lacks "$p" 'Tuesday'
lacks "$p" '>Opening<'
lacks "$p" 'Index of States'
c="$tmp/fr/calendar.ics"
has "$c" 'Ouverture'
has "$c" 'Questions et r'
has "$c" 'SUMMARY:Pré-session EPU : '
lacks "$c" 'Opening'
lacks "$c" 'Running order'
o="$tmp/fr/organiser.html"
has "$o" '<html lang="fr">'
has "$o" 'Liste d'"'"'attente'
has "$o" 'mardi 12 décembre 2017'
lacks "$o" 'Room use by day'
"$bin" plan -q -o "$tmp/en" --lang en "$ex" || bad "plan --lang en exited $?"
"$bin" plan -q -o "$tmp/def" "$ex" || bad "plan exited $?"
diff -r "$tmp/en" "$tmp/def" >/dev/null || bad "the default differs from --lang en"
cmp -s "$tmp/fr/timetable.json" "$tmp/en/timetable.json" ||
	bad "timetable.json depends on --lang"
has "$tmp/en/programme.html" '<html lang="en">'
has "$tmp/en/programme.html" 'Tuesday</span> 12 December 2017'

# a re-plan words changes.txt in the language
"$bin" plan -q --lang fr --baseline "$tmp/en/timetable.json" -o "$tmp/re" "$ex" ||
	bad "re-plan --lang fr exited $?"
has "$tmp/re/changes.txt" 'Aucun changement.'

# export: Spanish
"$bin" export --lang es -t "$tmp/en/timetable.json" -o "$tmp/es" "$ex" >/dev/null ||
	bad "export --lang es exited $?"
has "$tmp/es/programme.html" '<html lang="es">'
has "$tmp/es/programme.html" 'martes</span>, 12 de diciembre de 2017'
has "$tmp/es/programme.html" '>Apertura<'
has "$tmp/es/calendar.ics" 'Preguntas y respuestas'

# an unknown language: exit 2, the languages named, nothing written
for cmd in plan export; do
	extra=
	[ "$cmd" = export ] && extra="-t $tmp/en/timetable.json"
	# shellcheck disable=SC2086
	"$bin" $cmd --lang de $extra -o "$tmp/de" "$ex" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	[ "$rc" -eq 2 ] || bad "$cmd --lang de exited $rc, not 2"
	has "$tmp/err" "--lang needs one of en, fr, es, got 'de'"
	[ ! -e "$tmp/de" ] || bad "$cmd --lang de wrote $tmp/de"
done
exit $fail
