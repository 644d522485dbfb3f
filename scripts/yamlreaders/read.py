#!/usr/bin/env python3
"""read.py reads YAML with PyYAML and ruamel.yaml, for lia's differential test
(internal/yamlreaders). Input and output are as for read.js: a JSON array of
{"file": path} or {"text": yaml} on stdin; on stdout, for each input, an object
from reader name to the typed value it read, or {"error": message}. Readers
that are not installed are left out."""

import datetime
import json
import math
import sys

import yaml

readers = {"pyyaml": lambda text: yaml.load(text, Loader=yaml.SafeLoader)}
if getattr(yaml, "__with_libyaml__", False):
    readers["pyyaml-libyaml"] = lambda text: yaml.load(text, Loader=yaml.CSafeLoader)
try:
    from ruamel.yaml import YAML

    def ruamel(text):
        return YAML(typ="safe", pure=True).load(text)

    readers["ruamel.yaml"] = ruamel
except ImportError:
    pass


def num(v):
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return v


def typed(v):
    if isinstance(v, bool):
        return {"bool": v}
    if isinstance(v, int):
        return {"int": str(v)}
    if isinstance(v, float):
        return {"float": num(v)}
    if isinstance(v, str):
        return {"str": v}
    if v is None:
        return {"null": True}
    if isinstance(v, datetime.datetime):
        return {"timestamp": v.isoformat()}
    if isinstance(v, datetime.date):
        return {"date": v.isoformat()}
    if isinstance(v, list):
        return {"seq": [typed(x) for x in v]}
    if isinstance(v, dict):
        return {"map": [[typed(k), typed(x)] for k, x in v.items()]}
    return {"error": "unexpected value of type " + type(v).__name__}


def attempt(read, text):
    try:
        return typed(read(text))
    except Exception as e:  # every reader error is a result here
        return {"error": (type(e).__name__ + ": " + str(e)).split("\n")[0]}


def main():
    out = []
    for item in json.load(sys.stdin):
        if "file" in item:
            with open(item["file"], encoding="utf-8", newline="") as f:
                text = f.read()
        else:
            text = item["text"]
        out.append({name: attempt(read, text) for name, read in readers.items()})
    json.dump(out, sys.stdout)


main()
