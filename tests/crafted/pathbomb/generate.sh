#!/usr/bin/env bash
# A path-building bomb (issue 24): a leaf issued by "CN=bomb A", and eight certificates of
# "CN=bomb A" issued by "CN=bomb B" and eight of "CN=bomb B" issued by "CN=bomb A", every one
# signed with the same two keys and without key identifiers, so that every A is a valid
# issuer of every B and back: 8^n paths of length n, loops everywhere, and no trust anchor.
# Writes bomb.pem (leaf first). A validator must end within its budgets.
set -euo pipefail
cd "$(dirname "$0")"
T="$(mktemp -d)"
trap 'rm -rf "$T"' EXIT
for k in a b leaf; do
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$T/$k.key" 2>/dev/null
done
printf '%s\n' "basicConstraints=critical,CA:TRUE" "keyUsage=critical,keyCertSign" > "$T/ca.cnf"
printf '%s\n' "basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature" \
  "extendedKeyUsage=serverAuth" "subjectAltName=DNS:bomb.example" > "$T/leaf.cnf"
# One self-signed certificate per key only to sign with (not part of the output).
openssl req -x509 -key "$T/a.key" -subj "/CN=bomb A" -days 36500 -out "$T/a.pem" 2>/dev/null
openssl req -x509 -key "$T/b.key" -subj "/CN=bomb B" -days 36500 -out "$T/b.pem" 2>/dev/null
openssl req -new -key "$T/leaf.key" -subj "/CN=bomb.example" -out "$T/leaf.csr"
openssl x509 -req -in "$T/leaf.csr" -CA "$T/a.pem" -CAkey "$T/a.key" -set_serial 1000 -days 36500 \
  -extfile "$T/leaf.cnf" -out "$T/out.pem" 2>/dev/null
for i in 1 2 3 4 5 6 7 8; do
  openssl req -new -key "$T/a.key" -subj "/CN=bomb A" -out "$T/a.csr"
  openssl x509 -req -in "$T/a.csr" -CA "$T/b.pem" -CAkey "$T/b.key" -set_serial "$i" -days 36500 \
    -extfile "$T/ca.cnf" -out "$T/a$i.pem" 2>/dev/null
  openssl req -new -key "$T/b.key" -subj "/CN=bomb B" -out "$T/b.csr"
  openssl x509 -req -in "$T/b.csr" -CA "$T/a.pem" -CAkey "$T/a.key" -set_serial "$((100 + i))" \
    -days 36500 -extfile "$T/ca.cnf" -out "$T/b$i.pem" 2>/dev/null
  cat "$T/a$i.pem" "$T/b$i.pem" >> "$T/out.pem"
done
mv "$T/out.pem" bomb.pem
