#!/usr/bin/env python3
"""Cut x509-limbo's compiled suite down to the cases certlens is measured on.

Usage: python3 tests/limbo/subset.py LIMBO_JSON > tests/limbo/limbo-server.json

LIMBO_JSON is the file `limbo compile -o limbo.json` writes in a checkout of C2SP/x509-limbo
(its own Python tool; see tests/limbo/README.md). Kept: the server-side path-validation cases
(validation_kind SERVER), except the `crl::` cases (they need revocation data, which certlens does
not fetch or check) and `invalid::` (a deliberately malformed case of the suite's own tooling).
"""
import json
import sys

suite = json.load(open(sys.argv[1]))
kept = [
    t for t in suite["testcases"]
    if t["validation_kind"] == "SERVER" and not t["id"].startswith(("crl::", "invalid::"))
]
json.dump({"version": suite["version"], "testcases": kept}, sys.stdout, indent=1, sort_keys=True)
sys.stdout.write("\n")
