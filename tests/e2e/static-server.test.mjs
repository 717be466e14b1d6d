// The headers scripts/static-server.mjs sends, which SECURITY.md tells every host to send too.
// Needs no browser: plain HTTP against a temporary folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
