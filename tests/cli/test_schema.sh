#!/bin/sh
# The input files' JSON Schema (docs/schema/upr-input.schema.json) accepts
# every valid input, rejects the invalid ones that are mistakes of form, and
# agrees with `upr-schedule check` on a table of edge cases; the examples
# point editors at it.  The work is in tests/tools/check_input_schema.py.
# Usage: test_schema.sh BINARY SOURCE_DIR
bin=$1 src=$2
py=/usr/bin/python3
if ! [ -x "$py" ] || ! "$py" -c 'import jsonschema, yaml' 2>/dev/null; then
	echo "FAIL: /usr/bin/python3 with jsonschema and yaml is needed (python3-jsonschema, python3-yaml)"
	exit 1
fi
exec "$py" "$src/tests/tools/check_input_schema.py" "$bin" "$src"
