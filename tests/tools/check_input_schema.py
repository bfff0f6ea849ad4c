#!/usr/bin/python3
"""Checks docs/schema/upr-input.schema.json against the inputs and the loader.

usage: check_input_schema.py BINARY SOURCE_DIR

1. The schema is a valid Draft 7 schema.
2. It accepts every valid input: examples/upr29/*.yaml, the infeasible
   inputs (valid YAML input, only impossible to plan) and tests/data/valid*/.
3. Each example file starts with the yaml-language-server line.
4. It rejects every invalid input of tests/data/invalid/ whose mistake is one
   of form (SCHEMA_LEVEL).  The others (NOT_SCHEMA_LEVEL) need more than one
   file, one value compared with another, or a YAML reader, and are left to
   `upr-schedule check`.  Every invalid case must be in exactly one list.
5. Edge cases (CASES) give the same verdict from the schema and from
   `upr-schedule check`, so the schema is neither stricter nor looser than
   the loader on them.
6. Items 2 and 5 hold too for the values an editor's YAML language server
   sees: YAML 1.2 core types (60 an integer, true a boolean, ~ null, dates
   and times text).

Files are read with the YAML base loader, which keeps every scalar as the
text libyaml gives the tool (no 10:00 as sexagesimal 600, no dates as
objects).
"""
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

import jsonschema
import yaml

SCHEMA_LINE = "# yaml-language-server: $schema=../../docs/schema/upr-input.schema.json"

Loader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)

# tests/data/invalid cases that the schema must reject: a wrong key, type,
# form, range or enum inside one file.
SCHEMA_LEVEL = {
    "bad-contact": "email, mailbox, link and name patterns; arrival maximum",
    "bad-id": "id pattern",
    "bad-language": "language enum",
    "language-by-name": "language enum",
    "capacity-too-large": "capacity maximum",
    "comments-only": "no document: not a mapping",
    "date-after-2200": "date pattern (years 1970-2200)",
    "date-year-range": "date pattern (years 1970-2200)",
    "day-listed-twice": "days uniqueItems",
    "empty-file": "no document: not a mapping",
    "empty-string": "text minLength",
    "errors-in-two-files": "states.yaml: missing required name",
    "event-not-a-mapping": "event type",
    "minutes-above-a-day": "minutes maximum",
    "missing-required-key": "required name",
    "missing-value": "text minLength (an empty value)",
    "negative-number": "minutes minimum",
    "negative-weight": "weight minimum",
    "priority-10": "priority maximum",
    "rooms-not-a-list": "rooms type",
    "speaker-states-empty": "states minItems",
    "state-listed-twice": "states uniqueItems",
    "time-10-60": "date-and-time pattern",
    "time-24-00-start": "date-and-time pattern (24:00 only ends a window)",
    "time-24-10": "window pattern",
    "top-level-not-a-mapping": "top-level type",
    "unknown-key-nested": "additionalProperties",
    "unknown-key-no-suggestion": "additionalProperties",
    "unknown-key-top": "additionalProperties",
    "unknown-kind": "kind enum",
    "unknown-language": "language enum",
    "unknown-weight": "weights additionalProperties",
    "uppercase-language": "language enum (lowercase only)",
    "wrong-type-bool": "boolean words",
    "wrong-type-date": "date pattern",
    "wrong-type-datetime": "date-and-time pattern",
    "wrong-type-integer": "integer pattern",
    "wrong-type-list": "list type",
    "wrong-type-mapping": "session type",
    "wrong-type-string": "text type",
    "wrong-type-window": "window pattern",
    "zero-grid": "grid minimum",
}

# Cases the schema cannot judge; `upr-schedule check` reports them.
NOT_SCHEMA_LEVEL = {
    "alias-bomb": "alias expansion budget of the loader",
    "control-character": "YAML reader error",
    "control-character-escaped": "a control character written as an escape",
    "date-02-30": "impossible date: the pattern cannot know month lengths",
    "days-reversed": "compares two values (to before from)",
    "days-too-many": "length of a {from, to} range",
    "duplicate-id": "ids unique across a list",
    "duplicate-id-across-files": "ids unique across files",
    "duplicate-key": "the YAML reader keeps the last of two equal keys",
    "event-twice": "one event across files",
    "gap-across-spring-change": "the zone's clock changes (time zone database)",
    "id-case-collision": "ids compared ignoring case across a list",
    "id-device-name": "Windows device names, a rule of file names",
    "invalid-utf8": "YAML reader error",
    "key-not-a-string": "the YAML reader cannot build a list as a key",
    "nesting-65": "nesting limit of the loader",
    "no-event": "one event across files",
    "no-rooms": "at least one room across files",
    "no-states": "at least one State across files",
    "nul-in-string": "NUL character in a quoted string",
    "offset-not-whole-minutes": "the zone's offsets (time zone database)",
    "recursive-alias": "YAML aliases",
    "reference-across-files": "reference to an id of another file",
    "review-in-clock-fold": "the zone's clock changes (time zone database)",
    "session-longer-than-windows": "compares session.length with hours",
    "start-in-clock-gap": "the zone's clock changes (time zone database)",
    "start-not-on-event-day": "compares a pin with event.days",
    "statement-min-above-max": "compares two values",
    "syntax-error-in-one-file": "YAML syntax error",
    "travel-across-spring-change": "the zone's clock changes (time zone database)",
    "two-documents": "YAML stream with two documents",
    "two-nhris": "two speakers compared",
    "undefined-alias": "YAML aliases",
    "unknown-follows": "reference to an undefined id",
    "unknown-room": "reference to an undefined id",
    "unknown-state": "reference to an undefined id",
    "state-by-name": "reference to an undefined id (a State's name)",
    "timezone-country": "the zone list is the time zone database's",
    "timezone-dot-path": "the zone list is the time zone database's",
    "timezone-path": "the zone list is the time zone database's",
    "unknown-timezone": "the zone list is the time zone database's",
    "window-contains-autumn-change": "the zone's clock changes (time zone database)",
    "window-contains-spring-change": "the zone's clock changes (time zone database)",
    "window-empty": "compares a window's start and end",
    "window-ends-at-change": "the zone's clock changes (time zone database)",
    "window-reversed": "compares a window's start and end",
    "windows-overlap": "compares two windows",
    "yaml-syntax": "YAML syntax error",
}

# One small input per entity; a case replaces or adds one line of an entity
# ("-KEY" removes the key), or is a second file ("file").
BASE = {
    "event": ["name: Schema test", "timezone: Europe/Zurich", "days: [2017-12-12, 2017-12-13]"],
    "room": ["id: r1", "name: Room One"],
    "state": ["id: FR", "name: France"],
    "speaker": ["id: s1", "organisation: Org One", "states: [FR, BS]"],
    "delegation": ["id: ch", "name: Permanent Mission of Switzerland", "follows: [FR]"],
}

OK, BAD = True, False
CASES = [
    # event
    ("event", "id: 007", OK),
    ("event", 'id: "NO"', OK),
    ("event", "id: -x", BAD),
    ("event", "id: a b", BAD),
    ("event", "name: 2017", OK),
    ("event", "name: yes", OK),
    ('event', 'name: ""', BAD),
    ("event", "name:", BAD),
    ("event", "-name", BAD),
    ("event", "venue: Palais des Nations, Geneva", OK),
    ("event", "days: 2017-12-12", OK),
    ("event", "days: {from: 2017-12-12, to: 2017-12-14}", OK),
    ("event", "days: {from: 2017-12-12}", BAD),
    ("event", "days: {from: 2017-12-12, to: 2017-12-14, step: 1}", BAD),
    ("event", "days: []", BAD),
    ("event", "days: 2017-1-5", BAD),
    ("event", "days: [2017-12-12, 2017-12-12]", BAD),
    ("event", "days: tomorrow", BAD),
    ("event", "hours: 10:00-13:00", OK),
    ("event", "hours: [9:00 - 12:00, 13:00-24:00]", OK),
    ("event", "hours: [10:00-13:00, 15:00-18:00]", OK),
    ("event", "hours: []", BAD),
    ("event", "hours: [10-13]", BAD),
    ("event", "hours: [10:00-24:10]", BAD),
    ("event", "session:", OK),
    ("event", "session: {}", OK),
    ("event", "session: {length: 45, grid: 15, min_statements: 0, nhri_first: off}", OK),
    ("event", "session: {opening: 0, state_statement: 2, questions: 19, gap: 10}", OK),
    ("event", "session: {lenght: 60}", BAD),
    ("event", "session: {grid: 0}", BAD),
    ("event", "session: {min_statements: 1001}", BAD),
    ("event", "session: {nhri_first: maybe}", BAD),
    ("event", "session: 60", BAD),
    ("event", "statement: {min: 4, max: 8}", OK),
    ("event", "statement: {min: 0}", BAD),
    ("event", "statement: {avg: 6}", BAD),
    ("event", "travel: 010", OK),
    ("event", "travel: +5", OK),
    ("event", "travel: -0", OK),
    ("event", "travel: 1440", OK),
    ("event", "travel: 1441", BAD),
    ("event", "travel: -1", BAD),
    ("event", "travel: 5.5", BAD),
    ("event", "travel: 1:00", BAD),
    ("event", "waitlist: yes", OK),
    ("event", "waitlist: On", OK),
    ("event", "waitlist: N", OK),
    ("event", "waitlist: TRUE", OK),
    ("event", "waitlist: 1", BAD),
    ("event", "waitlist: maybe", BAD),
    ("event", "weights:", OK),
    ("event", "weights: {clash: 0, review-order: 20, moved: 1000000000}", OK),
    ("event", "weights: {waitlist: 1, waitlist-priority: 2, prefer: 3, balance: 4, short: 5, order: 6}", OK),
    ("event", "weights: {clash: -1}", BAD),
    ("event", "weights: {clash: 1000000001}", BAD),
    ("event", "weights: {clsh: 1}", BAD),
    ("event", "colour: blue", BAD),
    # room
    ("room", "capacity: 120", OK),
    ('room', 'capacity: "120"', OK),
    ("room", "capacity: 0", BAD),
    ("room", "capacity: abc", BAD),
    ("room", "languages: fr", OK),
    ("room", "languages: [en, fr, en]", OK),
    ("room", "languages: [EN]", BAD),
    ("room", "languages: english", BAD),
    ("room", "languages: [en, xx]", BAD),
    ("room", "languages: []", BAD),
    ("room", "video: TRUE", OK),
    ("room", "video: maybe", BAD),
    ("room", "available: 2017-12-12", OK),
    ('room', 'available: [2017-12-12 10:00-13:00, "2017-12-13\\t15:00 -18:00"]', OK),
    ("room", "available: []", BAD),
    ("room", "available: 2017-12-12 10:00", BAD),
    ("room", "-name", OK),
    ("room", "-id", BAD),
    ("room", "id: Room 23", BAD),
    # state
    ("state", "review: 2018-01-15 09:00", OK),
    ("state", "review: 2018-01-15", BAD),
    ("state", "prefer: []", OK),
    ("state", "prefer:", OK),
    ("state", "prefer: [2017-12-12, 2017-12-13 10:00-13:00]", OK),
    ("state", "prefer: 2017-12-12 10:00-10:60", BAD),
    ("state", "unavailable: ~", OK),
    ("state", "unavailable: {day: 2017-12-12}", BAD),
    ("state", "room: r1", OK),
    ("state", "room: [r1]", BAD),
    ("state", "start: 2017-12-12 10:00", OK),
    ("state", "start: 2017-12-12 24:00", BAD),
    ("state", "-name", BAD),
    # speaker
    ("speaker", "kind: coalition", OK),
    ("speaker", "kind: nhri", OK),
    ("speaker", "kind: NHRI", BAD),
    ("speaker", "kind: ngo", BAD),
    ("speaker", "states: BS", OK),
    ("speaker", "states: []", BAD),
    ("speaker", "states:", BAD),
    ("speaker", "states: [FR, FR]", BAD),
    ("speaker", "-states", BAD),
    ("speaker", "-organisation", BAD),
    ("speaker", "language: no", OK),
    ("speaker", "language: EN", BAD),
    ("speaker", "remote: y", OK),
    ("speaker", "remote: 2", BAD),
    ("speaker", "available: [2017-12-12, 2017-12-13 15:00-18:00]", OK),
    ("speaker", "available: []", BAD),
    ("speaker", "unavailable: [2017-12-12 09:30-11:00]", OK),
    ("speaker", "unavailable: []", OK),
    ("speaker", "priority: 0", OK),
    ("speaker", "priority: 9", OK),
    ("speaker", "priority: 10", BAD),
    ("speaker", "priority: -1", BAD),
    # delegation
    ("delegation", "state: CH", OK),
    ('delegation', 'state: "-x"', BAD),
    ("delegation", "follows:", OK),
    ("delegation", "follows: FR", OK),
    ("delegation", "follows: [FR, FR, BS]", OK),
    ("delegation", "follows: {FR: yes}", BAD),
    ("delegation", "name: [a]", BAD),
    ("delegation", "-name", BAD),
    # notices, contacts and links
    ("event", "arrival: 0", OK),
    ("event", "arrival: 240", OK),
    ("event", "arrival: 241", BAD),
    ("event", "notices: {from: 'Pre-sessions <ps@example.org>', reply_to: ps@example.org}", OK),
    ("event", "notices: {from: 'Équipe des pré-sessions <ps@example.org>'}", OK),
    ("event", "notices: {from: '<ps@example.org>'}", OK),
    ("event", "notices: {from: 'ps@example'}", BAD),
    ("event", "notices: {from: 'A \"B\" <ps@example.org>'}", BAD),
    ("event", "notices: {from: 'A <ps@example.org> x'}", BAD),
    ("event", "notices: {cc: ps@example.org}", BAD),
    ("event", "notices: {signature: 'The team'}", OK),
    ("room", "video_link: https://meet.example.org/r1?pwd=a%20b#x", OK),
    ("room", "video_link: HTTP://meet.example.org", OK),
    ("room", "video_link: https://", BAD),
    ("room", "video_link: 'https://a b'", BAD),
    ("room", "video_link: mailto:ps@example.org", BAD),
    ("speaker", "video_link: https://meet.example.org/s1", OK),
    ("speaker", "contact: {email: a.b+c@mail.example.org}", OK),
    ("speaker", "contact: {name: Ana Dupré, email: ana@example.org}", OK),
    ("speaker", "contact: {name: Ana}", BAD),
    ("speaker", "contact: {email: .ana@example.org}", BAD),
    ("speaker", "contact: {email: ana@-example.org}", BAD),
    ("speaker", "contact: {email: ana@example.org.}", BAD),
    ("speaker", "contact: {email: 'ana@exämple.org'}", BAD),
    ("speaker", "contact: ana@example.org", BAD),
    # a second file beside the base one
    ("file", "delegations:\n", OK),
    ("file", "speakers: []\n", OK),
    ("file", "rooms: [{id: r2, languages: [en, fr], video: true}]\n", OK),
    ("file", "{}\n", OK),
    ("file", "rooms: r2\n", BAD),
    ("file", "rooms: {id: r2}\n", BAD),
    ("file", "rooms: [r2]\n", BAD),
    ("file", "notes: none\n", BAD),
    ("file", "- rooms\n", BAD),
    ("file", "", BAD),
]


def render(entity=None, line=None):
    """The base input as YAML text, with one line of entity changed."""
    lines = {k: list(v) for k, v in BASE.items()}
    if entity in lines:
        body = lines[entity]
        key = line.lstrip("-").split(":", 1)[0]
        at = [i for i, l in enumerate(body) if l.split(":", 1)[0] == key]
        if line.startswith("-"):
            for i in reversed(at):
                del body[i]
        elif at:
            body[at[0]] = line
        else:
            body.append(line)

    def entry(body):
        return "".join(("  - " if i == 0 else "    ") + l + "\n" for i, l in enumerate(body))

    return ("event:\n" + "".join("  " + l + "\n" for l in lines["event"])
            + "rooms:\n" + entry(lines["room"])
            + "states:\n" + entry(lines["state"]) + "  - id: BS\n    name: Bahamas\n"
            + "speakers:\n" + entry(lines["speaker"])
            + "delegations:\n" + entry(lines["delegation"]))


def load(path):
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=Loader)


def describe(error):
    """One short line for a schema error: where, and the most specific cause."""
    e = jsonschema.exceptions.best_match([error])
    where = "/".join(str(p) for p in e.absolute_path) or "(top)"
    return f"{where}: {e.message[:160]}"


INT = re.compile(r"^[-+]?[0-9]+$")
FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")


def core_value(node):
    """A composed YAML node as YAML 1.2's core schema types it."""
    if isinstance(node, yaml.ScalarNode):
        v = node.value
        if node.style:
            return v
        if v in ("", "~", "null", "Null", "NULL"):
            return None
        if v in ("true", "True", "TRUE", "false", "False", "FALSE"):
            return v.lower() == "true"
        if INT.match(v):
            return int(v)
        if FLOAT.match(v):
            return float(v)
        return v
    if isinstance(node, yaml.SequenceNode):
        return [core_value(n) for n in node.value]
    return {core_value(k): core_value(v) for k, v in node.value}


def editor_errors(validator, path):
    """The schema's errors on the YAML 1.2 core view of a file, or None
    when it is not readable as YAML."""
    try:
        with open(path, encoding="utf-8") as f:
            node = yaml.compose(f, Loader=yaml.SafeLoader)
        doc = None if node is None else core_value(node)
    except (yaml.YAMLError, UnicodeDecodeError, TypeError):
        return None
    return [describe(e) for e in validator.iter_errors(doc)]


def schema_errors(validator, path):
    """(readable, messages): whether the YAML reader could read the file,
    and the schema's errors (or the reader's)."""
    try:
        doc = load(path)
    except (yaml.YAMLError, UnicodeDecodeError) as e:
        return False, [f"not readable as YAML: {str(e).splitlines()[0]}"]
    return True, [describe(e) for e in validator.iter_errors(doc)]


def yaml_files(path):
    if os.path.isdir(path):
        return sorted(glob.glob(os.path.join(path, "*.yaml")) + glob.glob(os.path.join(path, "*.yml")))
    return [path]


def main():
    binary, src = sys.argv[1], sys.argv[2]
    with open(os.path.join(src, "docs/schema/upr-input.schema.json"), encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(schema)
    fails = []

    valid = sorted(glob.glob(os.path.join(src, "examples/upr29/*.yaml"))
                   + glob.glob(os.path.join(src, "tests/data/infeasible/*.yaml"))
                   + glob.glob(os.path.join(src, "tests/data/valid*/**/*.y*ml"), recursive=True))
    if not valid:
        fails.append("no valid input found")
    for path in valid:
        _, errs = schema_errors(validator, path)
        if errs:
            fails.append(f"{path}: rejected: {errs[0]}")
        errs = editor_errors(validator, path)
        if errs is None or errs:
            fails.append(f"{path}: rejected as YAML 1.2 types: {errs and errs[0]}")

    for path in glob.glob(os.path.join(src, "examples/upr29/*.yaml")):
        with open(path, encoding="utf-8") as f:
            if f.readline().rstrip("\n") != SCHEMA_LINE:
                fails.append(f"{path}: first line is not '{SCHEMA_LINE}'")

    invalid_dir = os.path.join(src, "tests/data/invalid")
    cases = {os.path.splitext(os.path.basename(p))[0]
             for p in glob.glob(os.path.join(invalid_dir, "*.expected"))}
    for name in sorted(cases - set(SCHEMA_LEVEL) - set(NOT_SCHEMA_LEVEL)):
        fails.append(f"invalid/{name}: in neither SCHEMA_LEVEL nor NOT_SCHEMA_LEVEL")
    for name in sorted((set(SCHEMA_LEVEL) | set(NOT_SCHEMA_LEVEL)) - cases):
        fails.append(f"invalid/{name}: listed, but there is no such case")
    for name in sorted(set(SCHEMA_LEVEL) & set(NOT_SCHEMA_LEVEL)):
        fails.append(f"invalid/{name}: in both lists")
    for name in sorted(set(SCHEMA_LEVEL) & cases):
        base = os.path.join(invalid_dir, name)
        paths = yaml_files(base if os.path.isdir(base) else base + ".yaml")
        verdicts = [schema_errors(validator, p) for p in paths]
        if not all(readable for readable, _ in verdicts):
            fails.append(f"invalid/{name}: the YAML reader, not the schema, refuses it")
        elif not any(errs for _, errs in verdicts):
            fails.append(f"invalid/{name}: accepted, but it is a schema-level error ({SCHEMA_LEVEL[name]})")

    with tempfile.TemporaryDirectory() as tmp:
        base = os.path.join(tmp, "base.yaml")
        for n, (entity, line, want) in enumerate(CASES):
            files = [base]
            if entity == "file":
                with open(base, "w", encoding="utf-8") as f:
                    f.write(render())
                extra = os.path.join(tmp, f"extra{n}.yaml")
                with open(extra, "w", encoding="utf-8") as f:
                    f.write(line)
                files.append(extra)
                judged = extra
            else:
                with open(base, "w", encoding="utf-8") as f:
                    f.write(render(entity, line))
                judged = base
            readable, errs = schema_errors(validator, judged)
            schema_ok = readable and not errs
            run = subprocess.run([binary, "check"] + files, capture_output=True, text=True,
                                 env=dict(os.environ, NO_COLOR="1"))
            # 1: well-formed, but no timetable can exist (a room without
            # the language, say): the schema judges form only, like exit 0
            if run.returncode not in (0, 1, 2):
                fails.append(f"case {entity} '{line.strip()}': check exited {run.returncode}")
                continue
            tool_ok = run.returncode != 2
            verb = "accept" if want else "reject"
            if tool_ok != want:
                fails.append(f"case {entity} '{line.strip()}': upr-schedule check does not {verb} it: "
                             + (run.stderr.strip().splitlines() or ["(no message)"])[0])
            if schema_ok != want:
                fails.append(f"case {entity} '{line.strip()}': the schema does not {verb} it"
                             + (f": {errs[0]}" if errs else ""))
            errs = editor_errors(validator, judged)
            if (errs == []) != want:
                fails.append(f"case {entity} '{line.strip()}': as YAML 1.2 types, the schema does not {verb} it")

    for f in fails:
        print("FAIL:", f)
    if fails:
        sys.exit(1)
    print(f"schema: {len(valid)} valid inputs accepted, {len(SCHEMA_LEVEL)} invalid cases rejected, "
          f"{len(CASES)} edge cases agree with the loader (as text and as YAML 1.2 types)")


if __name__ == "__main__":
    main()
