#!/bin/sh
# Runs `check` on one invalid input and compares its diagnostics with the
# expected ones.  Usage: run_invalid.sh BINARY DIR NAME
# The input is DIR/NAME.yaml or the directory DIR/NAME/; the test runs from
# DIR so that file names in diagnostics are relative and stable.
bin=$1 dir=$2 name=$3
cd "$dir" || exit 1
if [ -d "$name" ]; then input=$name; else input=$name.yaml; fi
out=$(mktemp) || exit 1
trap 'rm -f "$out"' EXIT
NO_COLOR=1 "$bin" check "$input" 2>"$out" >/dev/null
rc=$?
if [ "$rc" -ne 2 ]; then
	echo "FAIL: $name: exit $rc, expected 2"; cat "$out"; exit 1
fi
if ! diff -u "$name.expected" "$out"; then
	echo "FAIL: $name: diagnostics differ"; exit 1
fi
