#!/usr/bin/python3
"""apply_relax.py - apply one relaxation that `plan` suggested to an input file.

    apply_relax.py FILE 'set rooms.r24.video true; del speakers.x.remote'

The edit is the machine form at the end of a `note: relax:` line
(src/solve/explain.c): operations joined by "; ", each one of
    set PATH VALUE      VALUE in YAML flow syntax
    del PATH
    split speakers.ID   one entry per State, the first keeping the id
where PATH is event.KEY[.KEY...] or rooms|states|speakers.ID.KEY.  FILE is
rewritten in place (comments are lost: it is a test's copy).
"""
import sys

import yaml


def entity(doc, path):
    head, rest = path[0], path[1:]
    if head == "event":
        return doc["event"], rest
    for item in doc.get(head, []):
        if str(item.get("id")) == rest[0]:
            return item, rest[1:]
    sys.exit("apply_relax: no %s with id %s" % (head, rest[0]))


def apply(doc, op):
    words = op.split(" ", 2)
    verb, path = words[0], words[1].split(".")
    if verb == "split":
        node, _ = entity(doc, path)
        states = node["states"] if isinstance(node["states"], list) else [node["states"]]
        lst = doc[path[0]]
        at = lst.index(node)
        clones = []
        for i, st in enumerate(states[1:], 2):
            c = dict(node, id="%s-%d" % (node["id"], i), states=[st])
            clones.append(c)
        node["states"] = [states[0]]
        lst[at + 1:at + 1] = clones
        return
    node, keys = entity(doc, path)
    for k in keys[:-1]:
        node = node.setdefault(k, {})
    if verb == "del":
        node.pop(keys[-1], None)
    elif verb == "set":
        node[keys[-1]] = yaml.safe_load(words[2])
    else:
        sys.exit("apply_relax: unknown operation " + verb)


def main():
    name, edit = sys.argv[1], sys.argv[2]
    with open(name) as f:
        doc = yaml.safe_load(f)
    for op in edit.split("; "):
        apply(doc, op.strip())
    with open(name, "w") as f:
        yaml.safe_dump(doc, f, sort_keys=False, allow_unicode=True)


main()
