// The headers scripts/static-server.mjs sends, which SECURITY.md tells every host to send too.
// Needs no browser: plain HTTP against a temporary folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import http from 'node:http';
import { serve } from '../../scripts/static-server.mjs';

test('static server: CSP header with frame-ancestors, COOP same-origin, nosniff, no referrer', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'certlens-headers-'));
  const csp = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval' 'sha256-abc='; base-uri 'none'";
  await writeFile(
    join(dir, 'index.html'),
    `<html><head><meta http-equiv="Content-Security-Policy" content="${csp}"></head></html>`,
  );
  await writeFile(join(dir, 'm_bg.wasm'), Buffer.from([0, 97, 115, 109]));
  const server = await serve(dir, 0);
  try {
    const base = `http://127.0.0.1:${server.address().port}`;
    for (const path of ['/', '/m_bg.wasm']) {
      const r = await fetch(base + path);
      assert.equal(r.status, 200, path);
      assert.equal(r.headers.get('content-security-policy'), `${csp}; frame-ancestors 'none'`, path);
      assert.equal(r.headers.get('cross-origin-opener-policy'), 'same-origin', path);
      assert.equal(r.headers.get('x-content-type-options'), 'nosniff', path);
      assert.equal(r.headers.get('referrer-policy'), 'no-referrer', path);
    }
    assert.equal((await fetch(`${base}/m_bg.wasm`)).headers.get('content-type'), 'application/wasm');
    assert.equal((await fetch(`${base}/../etc/passwd`)).status, 404);
  } finally {
    await new Promise((ok) => server.close(ok));
    await rm(dir, { recursive: true, force: true });
  }
});

test('static server: precompressed copies by Accept-Encoding (brotli, then gzip), with Vary; never a stale copy', async () => {
  const zlib = await import('node:zlib');
  const { stat, utimes } = await import('node:fs/promises');
  const { precompress } = await import('../../scripts/precompress.mjs');
  const dir = await mkdtemp(join(tmpdir(), 'certlens-encoding-'));
  const name = 'certlens-web-0123456789abcdef_bg.wasm';
  const wasm = Buffer.concat([Buffer.from([0, 97, 115, 109, 1, 0, 0, 0]), Buffer.alloc(4096, 7)]);
  await writeFile(join(dir, 'index.html'), '<html></html>');
  await writeFile(join(dir, name), wasm);
  const written = precompress(dir);
  // What the build writes is what zlib itself makes of the file (not just any smaller file).
  const row = written.find((w) => w.name === name);
  assert.equal(row.raw, wasm.length);
  assert.equal(row.gz, zlib.gzipSync(wasm, { level: 9 }).length);
  assert.ok(row.br < 100 && row.br === zlib.brotliCompressSync(wasm, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: wasm.length },
  }).length, JSON.stringify(row));
  const server = await serve(dir, 0);
  const raw = (path, headers) => new Promise((ok, fail) => {
    http.get(`http://127.0.0.1:${server.address().port}${path}`, { headers }, (res) => {
      const parts = [];
      res.on('data', (c) => parts.push(c));
      res.on('end', () => ok({ headers: res.headers, body: Buffer.concat(parts) }));
    }).on('error', fail);
  });
  try {
    const br = await raw(`/${name}`, { 'accept-encoding': 'gzip, deflate, br' });
    assert.equal(br.headers['content-encoding'], 'br');
    assert.equal(br.headers.vary, 'Accept-Encoding');
    assert.equal(br.headers['content-type'], 'application/wasm');
    assert.equal(br.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.deepEqual(zlib.brotliDecompressSync(br.body), wasm);
    const gz = await raw(`/${name}`, { 'accept-encoding': 'gzip, br;q=0' });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.deepEqual(zlib.gunzipSync(gz.body), wasm);
    const plain = await raw(`/${name}`, {});
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(plain.headers.vary, 'Accept-Encoding');
    assert.deepEqual(plain.body, wasm);
    const html = await raw('/', { 'accept-encoding': 'br' });
    assert.equal(html.headers['content-encoding'], 'br');
    assert.equal(html.headers['cache-control'], 'no-cache');
    // The file changed after the build (a tampered or edited dist/, one byte flipped: same
    // size, time put back to the second): its old copies are not sent.
    const changed = Buffer.from(wasm);
    changed[changed.length - 1] ^= 1;
    const { mtime } = await stat(join(dir, name));
    await writeFile(join(dir, name), changed);
    await utimes(join(dir, name), mtime, mtime);
    const stale = await raw(`/${name}`, { 'accept-encoding': 'br, gzip' });
    assert.equal(stale.headers['content-encoding'], undefined);
    assert.deepEqual(stale.body, changed);
  } finally {
    await new Promise((ok) => server.close(ok));
    await rm(dir, { recursive: true, force: true });
  }
});
