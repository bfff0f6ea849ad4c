#!/bin/sh
# The timetable reader (validate, export, plan --baseline) is strict: each
# change below to the example's planned timetable.json is refused by
# validate with exit 2 and an error that names the JSON path (or, for
# what is outside the document, its line and column).
# Usage: test_timetable_strict.sh BINARY SOURCE_DIR
bin=$1 src=$2
py=/usr/bin/python3
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
ex=$src/examples/upr29
"$bin" plan "$ex" -o "$tmp/plan" -q || { echo "FAIL: plan"; exit 1; }
tt=$tmp/plan/timetable.json
"$bin" validate "$ex" --timetable "$tt" >/dev/null 2>&1 || { echo "FAIL: the plan does not validate"; exit 1; }

# mutate NAME PYTHON: NAME.json is the timetable after PYTHON ran on t
# (the parsed document) and s (its text, written back when t is None).
mutate() {
	$py - "$tt" "$tmp/$1.json" "$2" <<'EOT'
import json, sys
s = open(sys.argv[1]).read()
t = json.loads(s)
first = next(i for i in t["sessions"][0]["items"] if i["type"] == "statement")
exec(sys.argv[3])
open(sys.argv[2], "w").write(s if t is None else json.dumps(t, indent=1))
EOT
}

# expect NAME MESSAGE: validate refuses NAME.json with exit 2 and MESSAGE
expect() {
	NO_COLOR=1 "$bin" validate "$ex" --timetable "$tmp/$1.json" >/dev/null 2>"$tmp/err"
	rc=$?
	[ $rc -eq 2 ] || { echo "FAIL: $1: exit $rc, expected 2"; head -5 "$tmp/err"; fail=1; }
	grep -qF -- "$2" "$tmp/err" || { echo "FAIL: $1: no '$2'"; head -5 "$tmp/err"; fail=1; }
}

mutate trailing 's = s + "\ngarbage\n"; t = None'
expect trailing "trailing.json:$(($(wc -l <"$tt") + 2)):1: error: text after the end of the JSON document"
mutate two-docs 's = s + s; t = None'
expect two-docs "error: text after the end of the JSON document"
mutate nul 's = s.replace("\"upr29\"", "\"upr\u000029\"", 1); t = None'
expect nul "nul.json:4:"
expect nul "error: NUL byte in the file"
mutate dup-key 's = s.replace("\"minutes\":", "\"minutes\": 99, \"minutes\":", 1); t = None'
expect dup-key "error: sessions[0].items[0].minutes: key given more than once"
mutate dup-top 's = s.replace("{", "{\"sessions\": [], ", 1); t = None'
expect dup-top "error: sessions: key given more than once"
mutate kind 'first["kind"] = 5'
expect kind "sessions[0].items[1].kind: must be a string"
mutate kind-word 'first["kind"] = "ngo"'
expect kind-word "sessions[0].items[1].kind: 'ngo' is not a kind (nhri, cso or coalition)"
mutate remote 'first["remote"] = "yes"'
expect remote "sessions[0].items[1].remote: must be true or false"
mutate language 'first["language"] = "xx"'
expect language "sessions[0].items[1].language: language 'xx' is not an ISO 639-1 code"
mutate language-form 'first["language"] = "english"'
expect language-form "sessions[0].items[1].language: language 'english' is not an ISO 639-1 code (did you mean 'en', English?)"
mutate language-unknown 'first["language"] = "klingon"'
expect language-unknown "sessions[0].items[1].language: 'klingon' is not a language code like 'en'"
mutate timezone 't["event"]["timezone"] = "America/New_York"'
expect timezone "event.timezone: 'America/New_York' is not the input's time zone 'Europe/Zurich'"
mutate event-name 't["event"]["name"] = "Another round"'
expect event-name "event.name: 'Another round' is not the input's event name 'UPR Pre-sessions 29'"
mutate no-timezone 'del t["event"]["timezone"]'
expect no-timezone "event.timezone: missing"

# as written by plan, and with white space after it, it still validates
mutate spaces 's = s + "  \n\n"; t = None'
"$bin" validate "$ex" --timetable "$tmp/spaces.json" >/dev/null 2>"$tmp/err" ||
	{ echo "FAIL: white space after the document is refused"; cat "$tmp/err"; fail=1; }
[ $fail -eq 0 ] && echo "timetable reader: garbage, repeats, NUL, kinds, languages, event refused"
exit $fail
