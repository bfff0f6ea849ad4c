#!/usr/bin/python3
"""Validates JSON files against a JSON Schema (Draft 2020-12).

usage: check_schema.py SCHEMA FILE...
Exits 1 and names the file and the failing path on the first invalid file.
"""
import json
import sys

import jsonschema


def main():
    schema = json.load(open(sys.argv[1], encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    jsonschema.Draft202012Validator.check_schema(schema)
    bad = 0
    for path in sys.argv[2:]:
        doc = json.load(open(path, encoding="utf-8"))
        for err in validator.iter_errors(doc):
            where = "/".join(str(p) for p in err.absolute_path)
            print(f"{path}: {where}: {err.message}", file=sys.stderr)
            bad += 1
            break
    if bad:
        sys.exit(1)
    if len(sys.argv) < 3:
        print("check_schema.py: no file to check", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
