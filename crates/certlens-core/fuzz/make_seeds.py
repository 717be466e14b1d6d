#!/usr/bin/env python3
"""Write the starting corpora of the fuzz targets to fuzz/seeds/<target>/ (not committed).

    python3 crates/certlens-core/fuzz/make_seeds.py

Seeds come from tests/fixtures (see its README). The `decrypt` seeds also include a few extra
encrypted keys and PKCS#12 files made here with the system openssl (scrypt, PBES1, unencrypted,
no MAC, SHA-512 MAC...), all with the fixtures' password "correct horse", and legacy PEM bodies
encrypted for the fixed DEK-Info / password the harness uses. The committed, minimised corpora
in fuzz/corpus/ were grown from these by the fuzzer (see fuzz/README.md).
"""

import base64
import hashlib
import os
import re
import shutil
import subprocess
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
FIX = os.path.normpath(os.path.join(HERE, "..", "..", "..", "tests", "fixtures"))
OUT = os.path.join(HERE, "seeds")
SPLIT = b"\x00\xffSPLIT\xff\x00"  # harness.rs SPLIT
SECRET_HEADER = b"apiVersion: v1\nkind: Secret\n"  # harness.rs SECRET_HEADER
PW = "correct horse"


def fx(rel):
    with open(os.path.join(FIX, rel), "rb") as f:
        return f.read()


def listdir(rel):
    d = os.path.join(FIX, rel)
    return sorted(f"{rel}/{n}" for n in os.listdir(d) if os.path.isfile(os.path.join(d, n)))


def pem_der(text):
    """DER of the first PEM block (headers skipped)."""
    m = re.search(rb"-----BEGIN [^-]+-----\r?\n(.*?)-----END", text, re.S)
    body = m.group(1)
    lines = [l for l in body.splitlines() if l and b":" not in l]
    return base64.b64decode(b"".join(lines))


def write(target, name, data):
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, re.sub(r"[^A-Za-z0-9._-]", "_", name)), "wb") as f:
        f.write(data)


def openssl(*args, stdin=None):
    return subprocess.run(["openssl", *args], check=True, capture_output=True, input=stdin).stdout


def evp_bytes_to_key_md5(pw, salt, n):
    out, prev = b"", b""
    while len(out) < n:
        prev = hashlib.md5(prev + pw + salt).digest()
        out += prev
    return out[:n]


def main():
    shutil.rmtree(OUT, ignore_errors=True)
    every = listdir("inputs") + listdir("inputs/bad") + listdir("certs") + listdir("keys") + listdir("pub")

    # reader: every fixture as it is.
    for rel in every:
        write("reader", rel, fx(rel))

    # inspect: single inputs (sel 0, or 4 = with password for what is locked), then pools.
    locked = ("p12", "pfx", "enc", "legacy")
    for rel in listdir("inputs") + listdir("inputs/bad") + listdir("keys") + listdir("pub"):
        sel = 4 if any(w in rel for w in locked) else 0
        write("inspect", rel, bytes([sel]) + fx(rel))
    for c in ["rsa-pss-leaf", "ed25519-self", "ed448-self", "ec-p521-leaf", "rsa-sha1-leaf",
              "leaf-no-san", "internal-services", "rsa-leaf-b", "rsa-int-badsig", "leaf-ca-true"]:
        write("inspect", f"certs/{c}.der", b"\x00" + fx(f"certs/{c}.der"))
    pools = [
        (1, ["inputs/chain-correct.pem", "keys/rsa-leaf.key"]),
        (1, ["inputs/chain-two-leaves.pem", "certs/other-leaf.pem"]),
        (2, ["inputs/chain-two-chains.pem", "keys/ec-leaf.sec1.der", "pub/rsa-leaf.spki.pem"]),
        (6, ["inputs/bundle.p12", "inputs/values.yaml", "keys/rsa-leaf.legacy-aes.pem"]),
        (5, ["inputs/chain-no-root.pem", "certs/rsa-root.der"]),
        (1, ["inputs/values.yaml", "inputs/chain-correct.pem"]),
        (2, ["inputs/chain-shuffled.pem", "inputs/chain-badsig.pem", "inputs/bundle.p7b.der"]),
    ]
    for sel, rels in pools:
        write("inspect", "pool-" + "+".join(os.path.basename(r) for r in rels), bytes([sel]) + SPLIT.join(fx(r) for r in rels))

    # yaml: the YAML/JSON fixtures as they are, and Secret bodies for the prepended header.
    for rel in ["inputs/secret-tls.yaml", "inputs/secret-stringdata.yaml", "inputs/secret-kubectl.yaml",
                "inputs/secrets-multidoc.yaml", "inputs/values.yaml"]:
        write("yaml", rel, b"\x00" + fx(rel))
    write("yaml", "inputs/secret-tls.json", b"\x02" + fx("inputs/secret-tls.json"))
    b64 = lambda rel: base64.b64encode(fx(rel))
    write("yaml", "hdr-tls", b"\x01metadata:\n  name: x\n  namespace: y\ntype: kubernetes.io/tls\ndata:\n  tls.crt: "
          + b64("inputs/chain-correct.pem") + b"\n  tls.key: " + b64("keys/rsa-leaf.pkcs1.pem") + b"\n  ca.crt: "
          + b64("certs/rsa-root.pem") + b"\n")
    write("yaml", "hdr-enc-key", b"\x05metadata:\n  name: enc\ndata:\n  tls.crt: " + b64("certs/ec-leaf.pem")
          + b"\n  tls.key: " + b64("keys/ec-leaf.pkcs8-enc.pem") + b"\n")
    write("yaml", "hdr-p12", b"\x05metadata:\n  name: p12\ndata:\n  keystore.p12: " + b64("inputs/bundle.p12") + b"\n")
    indented = b"\n".join(b"    " + l for l in fx("inputs/chain-no-root.pem").splitlines())
    write("yaml", "hdr-stringdata", b"\x01metadata:\n  name: s\nstringData:\n  tls.crt: |\n" + indented + b"\n")
    write("yaml", "values-flow", b"\x00certificate: {existing_cert: '', security_pinned_hashes: [\"00\", abc], tls: {crt: "
          + b64("certs/ed25519-self.pem") + b"}}\n")

    # decrypt: DER of everything encrypted in the fixtures, and more made here.
    for rel in ["inputs/bundle.p12", "inputs/bundle-legacy.p12", "inputs/bundle-ec.pfx", "inputs/bundle-nopass.p12"]:
        write("decrypt", rel, fx(rel))
    for rel in ["keys/rsa-leaf.pkcs8-enc.pem", "keys/rsa-leaf.pkcs8-enc-des3.pem", "keys/ec-leaf.pkcs8-enc.pem",
                "keys/rsa-leaf.legacy-aes.pem", "keys/rsa-leaf.legacy-des3.pem", "keys/ec-leaf.legacy-aes.pem"]:
        write("decrypt", rel + ".der", pem_der(fx(rel)))
    iv = bytes.fromhex("00112233445566778899AABBCCDDEEFF")
    for name, rel in [("legacy-pw-rsa", "keys/rsa-leaf.pkcs1.der"), ("legacy-pw-ec", "keys/ec-leaf.sec1.der")]:
        key = evp_bytes_to_key_md5(b"pw", iv[:8], 32)
        write("decrypt", name + "-aes", openssl("enc", "-aes-256-cbc", "-K", key.hex(), "-iv", iv.hex(), stdin=fx(rel)))
        key = evp_bytes_to_key_md5(b"pw", iv[:8], 24)
        write("decrypt", name + "-des3", openssl("enc", "-des-ede3-cbc", "-K", key.hex(), "-iv", iv[:8].hex(), stdin=fx(rel)))
    with tempfile.TemporaryDirectory() as tmp:
        ec_key = os.path.join(FIX, "keys/ec-leaf.key")
        variants = {
            "pkcs8-scrypt": ["-scrypt", "-scrypt_N", "1024", "-scrypt_r", "8", "-scrypt_p", "1"],
            "pkcs8-aes128-sha1": ["-v2", "aes-128-cbc", "-v2prf", "hmacWithSHA1", "-iter", "100"],
            "pkcs8-aes192-sha512": ["-v2", "aes-192-cbc", "-v2prf", "hmacWithSHA512", "-iter", "100"],
            "pkcs8-des-cbc": ["-v2", "des-cbc", "-iter", "100", "-provider", "legacy", "-provider", "default"],
            "pkcs8-pbe-sha1-3des": ["-v1", "PBE-SHA1-3DES", "-iter", "100"],
            "pkcs8-pbe-sha1-2des": ["-v1", "PBE-SHA1-2DES", "-iter", "100"],
            "pkcs8-pbe-sha1-rc2-40": ["-v1", "PBE-SHA1-RC2-40", "-iter", "100", "-provider", "legacy", "-provider", "default"],
            "pkcs8-pbe-sha1-rc2-128": ["-v1", "PBE-SHA1-RC2-128", "-iter", "100", "-provider", "legacy", "-provider", "default"],
            "pkcs8-pbe-md5-des": ["-v1", "PBE-MD5-DES", "-iter", "100", "-provider", "legacy", "-provider", "default"],
            "pkcs8-pbe-sha1-des": ["-v1", "PBE-SHA1-DES", "-iter", "100", "-provider", "legacy", "-provider", "default"],
        }
        for name, args in variants.items():
            try:
                der = openssl("pkcs8", "-topk8", "-in", ec_key, "-outform", "DER", "-passout", f"pass:{PW}", *args)
                write("decrypt", name, der)
            except subprocess.CalledProcessError as e:
                print(f"skipped {name}: {e.stderr.decode().strip().splitlines()[-1:]}")
        cert = os.path.join(FIX, "certs/ec-leaf.pem")
        p12 = {
            "p12-nomac-noenc": ["-keypbe", "NONE", "-certpbe", "NONE", "-nomac"],
            "p12-noenc-mac": ["-keypbe", "NONE", "-certpbe", "NONE", "-iter", "100"],
            "p12-sha512-mac": ["-macalg", "sha512", "-iter", "100", "-maciter"],
            "p12-sha1-3des": ["-keypbe", "PBE-SHA1-3DES", "-certpbe", "PBE-SHA1-3DES", "-macalg", "sha1", "-iter", "100"],
            "p12-scrypt-free": ["-keypbe", "AES-128-CBC", "-certpbe", "AES-256-CBC", "-iter", "50", "-nomaciter"],
        }
        for name, args in p12.items():
            try:
                der = openssl("pkcs12", "-export", "-in", cert, "-inkey", ec_key, "-name", "fuzz", "-passout", f"pass:{PW}", *args)
                write("decrypt", name, der)
            except subprocess.CalledProcessError as e:
                print(f"skipped {name}: {e.stderr.decode().strip().splitlines()[-1:]}")
    for t in sorted(os.listdir(OUT)):
        files = os.listdir(os.path.join(OUT, t))
        size = sum(os.path.getsize(os.path.join(OUT, t, f)) for f in files)
        print(f"{t}: {len(files)} seeds, {size} bytes")


if __name__ == "__main__":
    main()
