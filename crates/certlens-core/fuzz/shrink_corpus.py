#!/usr/bin/env python3
"""Shrink a fuzz corpus to a small set that keeps every coverage feature, preferring small files.

    python3 fuzz/shrink_corpus.py TARGET SOURCE_DIR [MAX_BYTES]   (run from crates/certlens-core)

Runs the (already built) fuzz binary in libFuzzer's merge mode with edge coverage only
(-use_counters=0, -set_cover_merge=1 so that the control file lists every feature of every file) to learn which features each file of SOURCE_DIR covers, then picks files
greedily by new features per byte (a size-weighted set cover; libFuzzer's own -set_cover_merge
ignores file size) and writes them to corpus/TARGET/ (replacing it), named by SHA-1 as
libFuzzer does. The corpus stays within MAX_BYTES (default 1.9 MB): when covering everything
would need more, the features found only in large files are dropped (and counted in the output).
"""

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
BIN = os.path.join(HERE, "target", "x86_64-unknown-linux-gnu", "release")


def main():
    target, src = sys.argv[1], sys.argv[2]
    max_bytes = int(sys.argv[3]) if len(sys.argv) > 3 else 1900 * 1024
    with tempfile.TemporaryDirectory() as tmp:
        control = os.path.join(tmp, "control")
        out = os.path.join(tmp, "out")
        os.mkdir(out)
        subprocess.run(
            ["nice", "-n", "19", os.path.join(BIN, target), "-set_cover_merge=1", "-use_counters=0",
             "-rss_limit_mb=4096", "-timeout=10", f"-merge_control_file={control}", out, src],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with open(control) as f:
            lines = f.read().splitlines()
    n = int(lines[0])
    paths = lines[2:2 + n]
    features = {}
    for line in lines[2 + n:]:
        parts = line.split()
        if parts and parts[0] == "FT":
            features[int(parts[1])] = set(map(int, parts[2:]))
    sizes = {i: os.path.getsize(paths[i]) for i in features}
    universe = set().union(*features.values()) if features else set()
    covered, chosen, budget = set(), [], max_bytes
    while True:
        best, best_score = None, 0.0
        for i, ft in list(features.items()):
            if sizes[i] > budget:
                del features[i]
                continue
            gain = len(ft - covered)
            if not gain:
                del features[i]
                continue
            score = gain / (sizes[i] + 64)
            if score > best_score:
                best, best_score = i, score
        if best is None:
            break
        chosen.append(best)
        budget -= sizes[best]
        covered |= features.pop(best)
    dest = os.path.join(HERE, "corpus", target)
    shutil.rmtree(dest, ignore_errors=True)
    os.makedirs(dest)
    total = 0
    for i in chosen:
        with open(paths[i], "rb") as f:
            data = f.read()
        total += len(data)
        with open(os.path.join(dest, hashlib.sha1(data).hexdigest()), "wb") as f:
            f.write(data)
    print(f"{target}: {len(chosen)} files, {total} bytes, {len(covered)} of {len(universe)} features (from {n} files)")


if __name__ == "__main__":
    main()
