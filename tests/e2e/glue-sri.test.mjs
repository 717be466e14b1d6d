// The glue code's integrity does not depend on the import map's `integrity`, which a browser
// without support ignores while still running the import. The loader fetches the glue once
// with its integrity value and imports exactly those bytes from memory, so:
//  * a server that hands a changed glue to module loads (the requests only import-map integrity
//    would check) changes nothing: the page runs the checked glue, the changed one never runs;
//  * a server that hands a changed glue to the loader's fetch refuses to start, although every
//    module load got the genuine file (import-map integrity has nothing to catch there).
// Chromium checks import-map integrity and cannot switch it off, so these two serve the
// changed bytes per request type instead. (hardening.test.mjs changes the file on disk.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ROOT, startIsolated } from './harness.mjs';

const GLUE = (await readdir(join(ROOT, 'dist'))).find((f) => /^certlens-web-.*\.js$/.test(f));
// The engine's glue (the workers' code): only ever fetched by the loader, never imported by URL.
const ENGINE_GLUE = (await readdir(join(ROOT, 'dist'))).find((f) => /^certlens-engine-.*\.js$/.test(f));
// The loader's integrity fetch of the glue is answered by the page's fetch preload
// (scripts/sri.mjs turns Trunk's modulepreload into one), which Chromium reports as "other" when
// the preload goes out first, "fetch" when the loader's own fetch does. Module loads are
// "script".
const isLoaderFetch = (req) => req.resourceType() === 'fetch' || req.resourceType() === 'other';
const CHANGED = Buffer.concat([
  await readFile(join(ROOT, 'dist', GLUE)),
  Buffer.from('\nglobalThis.__certlensChangedGlue = true;\n'),
]);

/** Load dist/ with the glue replaced by CHANGED for requests `changed(request)` picks; with
 * `drop`, drop a certificate and report what the page said. */
async function load(changed, { glue = GLUE, body = CHANGED, drop = false } = {}) {
  const glueRequests = [];
  const route = (page) => page.route(`**/${glue}`, async (route) => {
    const r = route.request();
    glueRequests.push(r.resourceType());
    if (changed(r)) {
      await route.fulfill({ status: 200, contentType: 'text/javascript', body });
    } else {
      await route.continue();
    }
  });
  const probe = (page) => page.evaluate(() => globalThis.__certlensChangedGlue === true);
  const r = await startIsolated(join(ROOT, 'dist'), { route, probe, drop });
  return { ...r, ranChanged: r.probed, glueRequests };
}

test('glue SRI: a changed glue handed to module loads never runs; the page runs the checked one', async () => {
  const r = await load((req) => !isLoaderFetch(req));
  assert.ok(r.glueRequests.some((t) => t === 'fetch' || t === 'other'), `the loader fetched the glue: ${r.glueRequests}`);
  assert.equal(r.ranChanged, false, 'the changed glue ran');
  assert.equal(r.started, 1, r.messages.join(' | '));
});

test('glue SRI: a changed glue handed to the loader\'s fetch does not start, though module loads got the real one', async () => {
  const r = await load(isLoaderFetch);
  assert.ok(r.glueRequests.some((t) => t === 'fetch' || t === 'other'), `the loader fetched the glue: ${r.glueRequests}`);
  assert.equal(r.started, 0, 'the page started with a glue that failed its integrity check');
  assert.equal(r.ranChanged, false, 'the changed glue ran');
  assert.ok(r.messages.some((m) => /integrity/i.test(m)), r.messages.join(' | '));
});

test('glue SRI: untouched, the page starts (the two above are not vacuous)', async () => {
  const r = await load(() => false);
  assert.equal(r.started, 1, r.messages.join(' | '));
  assert.equal(r.ranChanged, false);
});

// The engine's glue runs in the workers only, from the bytes the loader fetched with its
// integrity value: changed bytes reject that fetch, so no worker ever starts with them (the UI,
// which does not wait for the engine, is up; the first drop says the worker could not start).
test("engine glue SRI: a changed engine glue never runs; a drop says the worker could not start", async () => {
  assert.ok(ENGINE_GLUE, 'dist/ has the engine glue');
  const changed = Buffer.concat([
    await readFile(join(ROOT, 'dist', ENGINE_GLUE)),
    Buffer.from('\nself.postMessage({ kind: "report", generation: 1e9 });\n'),
  ]);
  const r = await load(() => true, { glue: ENGINE_GLUE, body: changed, drop: true });
  assert.ok(r.glueRequests.length >= 1, 'the loader fetched the engine glue');
  assert.ok(r.glueRequests.every((t) => t === 'fetch' || t === 'other'), `only fetched, never imported: ${r.glueRequests}`);
  assert.equal(r.started, 1, r.messages.join(' | '));
  assert.equal(r.analysed, 0, 'a drop was analysed by a changed engine');
  assert.match(r.alert, /worker could not start/);
  assert.ok(r.messages.some((m) => /integrity/i.test(m)), r.messages.join(' | '));
});

test('engine glue SRI: untouched, a drop is analysed in the worker (the test above is not vacuous)', async () => {
  const r = await load(() => false, { glue: ENGINE_GLUE, drop: true });
  assert.equal(r.started, 1, r.messages.join(' | '));
  assert.equal(r.analysed, 1, `${r.alert} ${r.messages.join(' | ')}`);
});
