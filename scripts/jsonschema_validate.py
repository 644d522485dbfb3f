#!/usr/bin/env python3
"""Validate every *.lia.yaml under DIR against a JSON Schema with Python's
jsonschema (Draft 7): the independent validator make bench compares lia with.
Prints "N valid, M invalid"; exits 1 if any file is invalid."""
import json
import os
import sys

import jsonschema
import yaml

try:
    Loader = yaml.CSafeLoader
except AttributeError:
    Loader = yaml.SafeLoader


def main():
    schema_path, root = sys.argv[1], sys.argv[2]
    with open(schema_path) as f:
        validator = jsonschema.Draft7Validator(json.load(f))
    valid = invalid = 0
    for dirpath, _, names in os.walk(root):
        for name in sorted(names):
            if not name.endswith(".lia.yaml"):
                continue
            with open(os.path.join(dirpath, name), "rb") as f:
                doc = yaml.load(f, Loader=Loader)
            errors = list(validator.iter_errors(doc))
            if errors:
                invalid += 1
                print(f"{name}: {errors[0].message}", file=sys.stderr)
            else:
                valid += 1
    print(f"{valid} valid, {invalid} invalid")
    sys.exit(1 if invalid else 0)


if __name__ == "__main__":
    main()
