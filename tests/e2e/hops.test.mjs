// End-to-end: the doctor's map of TLS hops on the page (release dist/). A values.yaml whose
// tls.crt begins with the intermediate (tests/fixtures/doctor/server.sh: openssl's pin of the
// first certificate is the intermediate's) and the internal TLS fixtures: each hop is drawn as
// inline SVG coloured by its verdict, clicking one marks and scrolls to its checklist rows,
// nothing is loaded and the CSP holds. Screenshots at 1440x900 and at a phone's width.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { start, stop, fixture, dropFiles, andSettle, FIXTURES, SCREENSHOTS } from './harness.mjs';

const exp = JSON.parse(await readFile(join(FIXTURES, 'doctor/server/expected.json'), 'utf8'));
let h;

before(async () => { h = await start(); });
after(async () => { if (h) await stop(h); });

async function drop(...rels) {
  const files = [];
  for (const rel of rels) files.push({ name: rel.split('/').pop(), bytes: await fixture(rel) });
  await andSettle(h.page, () => dropFiles(h.page, files));
}

test('the hop map opens the checklist, coloured by the verdicts, and a hop marks its rows', async () => {
  await h.page.setViewportSize({ width: 1440, height: 900 });
  await drop('doctor/server/values-pin-ca-first.yaml');
  await h.page.waitForSelector('#doctor svg.hop-svg');
  // The checklist's rows come first (its errors fit one screen, issue 27), the map after them.
  const order = await h.page.$eval('#doctor', (d) => {
    const map = d.querySelector('.hop-map');
    const list = d.querySelector('.verdict-list');
    return list.compareDocumentPosition(map) & Node.DOCUMENT_POSITION_FOLLOWING;
  });
  assert.ok(order, 'the rows precede the map');
  const hops = await h.page.$$eval('#doctor svg g.hop', (gs) => gs.map((g) => [g.dataset.hop, g.getAttribute('class')]));
  assert.deepEqual(hops.map(([id]) => id), [
    'agents', 'browsers', 'router-backend', 'backend-keycloak', 'backend-redis', 'backend-rabbitmq',
    'backend-data-streamer', 'backend-artifacts', 'keycloak-cluster', 'keycloak-custom-ca',
  ]);
  const cls = Object.fromEntries(hops);
  // tls.crt begins with the intermediate: the agents would pin it, an error.
  assert.match(cls.agents, /hop-error/);
  assert.match(cls['router-backend'], /hop-off/);
  // The stroke colour comes from the stylesheet (no inline style: the CSP holds).
  const stroke = await h.page.$eval('#doctor g.hop[data-hop="agents"] .hop-line', (l) => getComputedStyle(l).stroke);
  const err = await h.page.$eval('#doctor g.hop[data-hop="router-backend"] .hop-line', (l) => getComputedStyle(l).stroke);
  assert.notEqual(stroke, err);
  assert.equal(await h.page.$$eval('#doctor [style]', (e) => e.length), 0);

  await h.page.click('#doctor g.hop[data-hop="agents"] .hop-hit');
  await h.page.waitForSelector('#doctor li.verdict.in-hop');
  const marked = await h.page.$$eval('#doctor li.verdict.in-hop', (lis) => lis.map((li) => li.dataset.setting));
  // In the checklist's reading order: the served pin's error, then the ok rows (their
  // collapsed part opened for the hop).
  assert.deepEqual(marked, ['certificate.tls.crt (served pin)', 'certificate.tls.key', 'secrets.defaults.keystore_password']);
  // The served pin's row says the pin openssl computes from the first certificate.
  const pinRow = await h.page.locator('#doctor li.verdict[data-setting="certificate.tls.crt (served pin)"]').innerText();
  assert.ok(pinRow.includes(exp.pin_ca_first), pinRow);
  // The opened hop names who judges it and the pin it is checked against.
  const item = await h.page.locator('#doctor .hop-item.open').innerText();
  assert.ok(item.includes(`pin ${exp.pin_ca_first}`), item);
  assert.ok(item.includes('Judged by'), item);
  // Scrolled to: the first marked row is in the viewport.
  await h.page.waitForFunction(() => {
    const r = document.querySelector('#doctor li.verdict.in-hop').getBoundingClientRect();
    // scrollIntoView may leave the row a sub-pixel above the top.
    return r.top > -2 && r.top < window.innerHeight;
  });
  await h.page.locator('#doctor .hop-map').scrollIntoViewIfNeeded();
  await h.page.screenshot({ path: join(SCREENSHOTS, 'page-doctor-hops-1440.png') });
  await h.page.locator('#doctor .hop-map').screenshot({ path: join(SCREENSHOTS, 'panel-doctor-hops.png') });

  // The same hop again closes it; the keyboard opens one too.
  await h.page.click('#doctor .hop-item.open .hop-button');
  assert.equal(await h.page.$$eval('#doctor li.verdict.in-hop', (l) => l.length), 0);
  await h.page.focus('#doctor g.hop[data-hop="browsers"]');
  await h.page.keyboard.press('Enter');
  await h.page.waitForSelector('#doctor .hop-item.open[data-hop="browsers"]');

  // A phone's width: the map scales, the list of hops stays readable.
  await h.page.setViewportSize({ width: 390, height: 844 });
  await h.page.locator('#doctor .hop-map').scrollIntoViewIfNeeded();
  // The map keeps a readable size and scrolls sideways inside its own box.
  const box = await h.page.$eval('#doctor .hop-scroll', (s) => s.getBoundingClientRect().width);
  assert.ok(box <= 390, `map box ${box}px wide`);
  const svgWidth = await h.page.$eval('#doctor svg.hop-svg', (s) => s.getBoundingClientRect().width);
  assert.ok(svgWidth >= 600, `map drawn ${svgWidth}px wide`);
  const overflow = await h.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page overflows by ${overflow}px`);
  await h.page.locator('#doctor .hop-map').screenshot({ path: join(SCREENSHOTS, 'page-doctor-hops-phone.png') });

  assert.deepEqual(h.violations, []);
  assert.deepEqual(h.pageErrors, []);
  assert.deepEqual(h.afterLoad(), []);
});

// The page's checklist and a made bundle's checklist on screen together, each with its hop
// map: every id on the page is unique, and every aria-labelledby / aria-describedby names
// exactly one element (the map's caption was one fixed id in both).
test('two checklists on screen: every id is unique and every aria reference names one element', async () => {
  await h.page.locator('button', { hasText: 'Clear all' }).click();
  await h.page.waitForSelector('li.file', { state: 'detached' }).catch(() => {});
  await drop('doctor/server/values-pin-ca-first.yaml', 'certs/rsa-leaf.pem', 'certs/rsa-int.pem', 'certs/rsa-root.pem', 'keys/rsa-leaf.key');
  await h.page.waitForSelector('#doctor svg.hop-svg');
  const own = h.page.locator('#outputs .own-bundle');
  await own.locator('button', { hasText: 'Make one deployable bundle' }).click();
  // The bundle's checklist sits in a closed section: in the document all the same.
  await h.page.waitForSelector('#bundle-doctor svg.hop-svg', { state: 'attached' });
  const { dupes, broken, maps } = await h.page.evaluate(() => {
    const seen = new Map();
    for (const e of document.querySelectorAll('[id]')) seen.set(e.id, (seen.get(e.id) || 0) + 1);
    const dupes = [...seen].filter(([, n]) => n > 1).map(([id]) => id);
    const broken = [];
    for (const attr of ['aria-labelledby', 'aria-describedby']) {
      for (const e of document.querySelectorAll(`[${attr}]`)) {
        for (const id of e.getAttribute(attr).split(/\s+/).filter(Boolean)) {
          if (seen.get(id) !== 1) broken.push(`${attr}=${id}`);
        }
      }
    }
    const maps = [...document.querySelectorAll('figure.hop-map')].map((f) => document.getElementById(f.getAttribute('aria-labelledby'))?.closest('figure') === f);
    return { dupes, broken, maps };
  });
  assert.deepEqual(dupes, []);
  assert.deepEqual(broken, []);
  // Two maps, each labelled by its own caption.
  assert.deepEqual(maps, [true, true]);
});
