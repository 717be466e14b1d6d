// End-to-end: where the page puts things (issue 27, items 3, 6 and 7). On an empty page the main
// column names the three things one can drop and offers the encryption-key generator, and Make
// opens on the Private CA. After Make (1440×900) the result is in the main column with its top
// in the window and its heading focused; on a phone (390×844) results come before the inputs.
// The inventory has a full-width filter, one line per certificate, no sideways scroll, fixed
// column widths while filtering, and a summary that counts what the filter keeps.
// Screenshots for the README go to docs/images/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFile, writeFile } from 'node:fs/promises';
import { deflateSync, inflateSync, crc32 } from 'node:zlib';
import { start, stop, fixture, dropFiles, andSettle, ROOT } from './harness.mjs';

const IMAGES = join(ROOT, 'docs', 'images');
let h;
before(async () => {
  h = await start();
  await h.page.setViewportSize({ width: 1440, height: 900 });
});
after(async () => { if (h) await stop(h); });

/**
 * Keeps a README screenshot small (docs/images holds PNGs under 300 KB): each colour channel's
 * two lowest bits dropped (invisible; blurred key text otherwise costs most of the bytes), rows
 * filtered with "Paeth", deflated at level 9. Chromium writes 8-bit RGB(A), not interlaced.
 */
async function smallPng(path) {
  const png = await readFile(path);
  let pos = 8; let width = 0; let height = 0; let channels = 0; const idat = [];
  while (pos < png.length) {
    const len = png.readUInt32BE(pos); const type = png.toString('latin1', pos + 4, pos + 8);
    const data = png.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0); height = data.readUInt32BE(4);
      assert.equal(data[8], 8); assert.equal(data[12], 0);
      channels = { 2: 3, 6: 4 }[data[9]];
      assert.ok(channels, `colour type ${data[9]}`);
    }
    if (type === 'IDAT') idat.push(data);
    pos += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const pix = Buffer.alloc(stride * height);
  const paeth = (a, b, c) => { const p = a + b - c; const pa = Math.abs(p - a); const pb = Math.abs(p - b); const pc = Math.abs(p - c); return pa <= pb && pa <= pc ? a : pb <= pc ? b : c; };
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const v = raw[y * (stride + 1) + 1 + x];
      const a = x >= channels ? pix[y * stride + x - channels] : 0;
      const b = y > 0 ? pix[(y - 1) * stride + x] : 0;
      const c = x >= channels && y > 0 ? pix[(y - 1) * stride + x - channels] : 0;
      pix[y * stride + x] = (v + [0, a, b, (a + b) >> 1, paeth(a, b, c)][f]) & 0xff;
    }
  }
  for (let i = 0; i < pix.length; i++) if (channels === 3 || i % 4 !== 3) pix[i] &= 0xfc;
  const out = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    out[y * (stride + 1)] = 4;
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? pix[y * stride + x - channels] : 0;
      const b = y > 0 ? pix[(y - 1) * stride + x] : 0;
      const c = x >= channels && y > 0 ? pix[(y - 1) * stride + x - channels] : 0;
      out[y * (stride + 1) + 1 + x] = (pix[y * stride + x] - paeth(a, b, c)) & 0xff;
    }
  }
  const chunk = (type, data) => {
    const head = Buffer.alloc(8); head.writeUInt32BE(data.length, 0); head.write(type, 4, 'latin1');
    const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
    return Buffer.concat([head, data, crc]);
  };
  const ihdr = Buffer.alloc(13); ihdr.writeUInt32BE(width, 0); ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; ihdr[9] = channels === 3 ? 2 : 6;
  const small = Buffer.concat([png.subarray(0, 8), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(out, { level: 9, memLevel: 9 })), chunk('IEND', Buffer.alloc(0))]);
  await writeFile(path, small);
  assert.ok(small.length < 300_000, `${path}: ${small.length} bytes`);
}

/** The element's box in page coordinates (not the window's). */
const box = (page, sel) => page.$eval(sel, (e) => {
  const r = e.getBoundingClientRect();
  return { top: r.top + window.scrollY, left: r.left + window.scrollX, right: r.right + window.scrollX, bottom: r.bottom + window.scrollY, viewTop: r.top, height: r.height, width: r.width };
});

async function clearAll(page) {
  const clear = page.locator('button', { hasText: 'Clear all' });
  if (await clear.count()) await clear.click();
  await page.waitForSelector('main.empty');
}

async function makePrivateCa(page) {
  await page.locator('.make-tabs button', { hasText: 'Private CA' }).click();
  await page.fill('#make-release', 'lightrun');
  await page.fill('#make-namespace', 'lr-prod');
  await page.fill('#make-main', 'lightrun.example.com');
  await andSettle(page, async () => {
    await page.locator('.make-form button[type=submit]').click();
    await page.waitForSelector('.make-summary, .make-error', { timeout: 120000 });
  });
  assert.equal(await page.locator('.make-error').count(), 0);
}

test('the empty page names the three things one can drop, offers the encryption-key generator, and Make opens on the Private CA', async () => {
  const p = h.page;
  assert.equal(await p.locator('main.empty').count(), 1);
  const kinds = await p.locator('.drop-kinds li').allInnerTexts();
  assert.equal(kinds.length, 3);
  assert.match(kinds[0], /^Certificates and keys/);
  assert.match(kinds[1], /values\.yaml with its Secrets/);
  assert.match(kinds[2], /cluster's Secrets[\s\S]*kubectl get secrets -A -o yaml/);
  // In the main column, beside the inputs (not under them).
  const welcome = await box(p, '#welcome');
  const inputs = await box(p, '.inputs-column');
  assert.ok(welcome.left >= inputs.right, `welcome at x=${welcome.left}, inputs end at ${inputs.right}`);
  assert.ok(welcome.viewTop < 900);
  // The generator works before anything is loaded: 32 random bytes in Base64, blurred.
  await p.locator('#encryption-key button', { hasText: 'Generate a new key' }).click();
  const key = await p.inputValue('#enc-new');
  assert.equal(key.length, 44);
  assert.equal(Buffer.from(key, 'base64').length, 32);
  assert.equal(await p.getAttribute('#enc-new', 'type'), 'password');
  // The Secret is written by the engine's worker: wait for it, then it is blurred.
  await p.locator('#out-enc-secret pre').waitFor();
  assert.equal(await p.locator('#out-enc-secret pre.concealed').count(), 1);
  // Make's tabs: the Private CA first, and chosen.
  const first = p.locator('.make-tabs button').first();
  assert.match(await first.innerText(), /^Private CA/);
  assert.equal(await first.getAttribute('aria-selected'), 'true');
  assert.equal(await p.locator('#make-release').count(), 1);
  // A fresh key on the screenshot would be a key in the repository: take it without one.
  await p.fill('#enc-new', '');
  await p.evaluate(() => document.activeElement.blur());
  await p.screenshot({ path: join(IMAGES, 'empty-page.png') });
  await smallPng(join(IMAGES, 'empty-page.png'));
});

test('after Make at 1440×900 the result is in the main column, in view, its heading focused', async () => {
  const p = h.page;
  await makePrivateCa(p);
  assert.equal(await p.locator('.inputs-column #make-result').count(), 0, 'not in the inputs column');
  assert.equal(await p.locator('.results-column #make-result').count(), 1);
  const result = await box(p, '#make-result');
  const inputs = await box(p, '.inputs-column');
  assert.ok(result.left >= inputs.right, `result at x=${result.left}, inputs end at ${inputs.right}`);
  assert.ok(result.viewTop >= 0 && result.viewTop < 900, `result top at ${result.viewTop} in a 900-px window`);
  assert.equal(await p.evaluate(() => document.activeElement && document.activeElement.id), 'make-result-heading');
  assert.match(await p.locator('#make-result-heading').innerText(), /^Made: Private CA/);
  await p.screenshot({ path: join(IMAGES, 'after-make.png') });
  await smallPng(join(IMAGES, 'after-make.png'));
});

test('on a phone (390×844) results come before the inputs', async () => {
  const context = await h.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
  const p = await context.newPage();
  try {
    await p.goto(h.origin + '/', { waitUntil: 'load' });
    await p.waitForSelector('h1');
    // Empty: what can be dropped, then the inputs, then the generator.
    assert.ok((await box(p, '#welcome')).top < (await box(p, '.input-panel')).top);
    assert.ok((await box(p, '.input-panel')).top < (await box(p, '#encryption-key')).top);
    await makePrivateCa(p);
    const result = await box(p, '#make-result');
    assert.ok(result.top < (await box(p, '.input-panel')).top, 'the result precedes the inputs');
    assert.ok(result.top < (await box(p, '#make')).top, 'and the form that made it');
    assert.ok(result.viewTop >= 0 && result.viewTop < 844, `result top at ${result.viewTop}`);
    assert.equal(await p.evaluate(() => document.activeElement && document.activeElement.id), 'make-result-heading');
    // Nothing wider than the phone.
    assert.ok(await p.evaluate(() => document.documentElement.scrollWidth <= 390));
    await p.screenshot({ path: join(IMAGES, 'phone-after-make.png') });
    await smallPng(join(IMAGES, 'phone-after-make.png'));
    // A drop: its report comes before the inputs too, and is brought into view.
    await p.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await andSettle(p, async () => dropFiles(p, [{ name: 'chain.pem', bytes: await fixture('inputs/chain-shuffled.pem') }]));
    await p.waitForFunction(() => document.activeElement && document.activeElement.id === 'findings-heading');
    const findings = await box(p, '#findings');
    assert.ok(findings.top < (await box(p, '.input-panel')).top);
    assert.ok(findings.viewTop >= 0 && findings.viewTop < 844, `findings top at ${findings.viewTop}`);
  } finally {
    await context.close();
  }
});

test('a drop brings its first result into view and focuses its heading', async () => {
  const p = h.page;
  await clearAll(p);
  await p.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await andSettle(p, async () => dropFiles(p, [{ name: 'values.yaml', bytes: await fixture('doctor/values.yaml') }, { name: 'secrets.yaml', bytes: await fixture('doctor/secrets.yaml') }]));
  await p.waitForFunction(() => document.activeElement && document.activeElement.id === 'doctor-heading');
  const doctor = await box(p, '#doctor');
  assert.ok(doctor.viewTop >= 0 && doctor.viewTop < 900, `checklist top at ${doctor.viewTop}`);
});

test('inventory: full-width filter, one line per certificate, fixed columns, the summary follows the filter', async () => {
  const p = h.page;
  await clearAll(p);
  await andSettle(p, async () => dropFiles(p, [{ name: 'secrets-list.yaml', bytes: await fixture('inventory/secrets-list.yaml') }]));
  const rows = p.locator('#inventory tbody tr.inv-row');
  assert.equal(await rows.count(), 5);
  // One line each: a row is shorter than two lines of its text.
  const heights = await rows.evaluateAll((trs) => trs.map((tr) => {
    const lh = parseFloat(getComputedStyle(tr.querySelector('td')).lineHeight);
    return { h: tr.getBoundingClientRect().height, lh };
  }));
  for (const { h: height, lh } of heights) assert.ok(height < 2 * lh, `row ${height}px for a ${lh}px line`);
  // No sideways scroll, in the section or the page.
  assert.ok(await p.$eval('#inventory', (s) => s.scrollWidth <= s.clientWidth));
  assert.ok(await p.evaluate(() => document.documentElement.scrollWidth <= 1440));
  // The filter takes the width, and its placeholder fits.
  const filter = await p.$eval('#inventory-filter', (i) => {
    const c = document.createElement('canvas').getContext('2d');
    const cs = getComputedStyle(i);
    c.font = `italic ${cs.fontSize} ${cs.fontFamily}`;
    return { width: i.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight), text: c.measureText(i.placeholder).width, section: i.closest('section').clientWidth };
  });
  assert.ok(filter.width >= filter.section * 0.5, `filter ${filter.width}px of ${filter.section}px`);
  assert.ok(filter.text <= filter.width, `placeholder ${filter.text}px in ${filter.width}px`);
  // Stable header while typing; the summary counts the rows kept.
  const widths = () => p.$$eval('#inventory thead th', (ths) => ths.map((t) => Math.round(t.getBoundingClientRect().width)));
  const before = await widths();
  const summary = () => p.locator('#inventory-summary').innerText();
  assert.match(await summary(), /^5 certificates in /);
  for (const typed of ['t', 'trust', 'trust-bundle']) {
    await p.fill('#inventory-filter', typed);
    assert.deepEqual(await widths(), before, `header after typing "${typed}"`);
  }
  const kept = await rows.evaluateAll((trs) => trs.map((tr) => `${tr.dataset.ns}/${tr.dataset.name}`));
  assert.equal(kept.length, 2);
  const secrets = new Set(kept).size;
  assert.match(await summary(), new RegExp(`^2 of 5 certificates match, in ${secrets} Secrets?; `));
  await p.selectOption('#inventory-only', 'key');
  assert.deepEqual(await widths(), before);
  assert.equal(await rows.count(), 0);
  assert.match(await summary(), /^0 of 5 certificates match/);
  await p.selectOption('#inventory-only', 'all');
  await p.fill('#inventory-filter', '');
  // Details open under the row, with what the row leaves out.
  const first = rows.first();
  await first.locator('button', { hasText: 'Details' }).click();
  const detail = p.locator('#inventory tr.inv-detail');
  assert.equal(await detail.count(), 1);
  assert.match(await detail.innerText(), /Issuer[\s\S]*Names[\s\S]*Chain[\s\S]*SPKI pin/);
  assert.equal(await first.locator('button').getAttribute('aria-expanded'), 'true');
  await p.locator('#inventory').screenshot({ path: join(IMAGES, 'inventory.png') });
  await smallPng(join(IMAGES, 'inventory.png'));
  await first.locator('button', { hasText: 'Less' }).click();
  assert.equal(await detail.count(), 0);
  // A phone: still one line per certificate, the certificate's name shown, nothing sideways.
  await p.setViewportSize({ width: 390, height: 844 });
  try {
    assert.ok(await p.evaluate(() => document.documentElement.scrollWidth <= 390));
    const cert = await p.$eval('#inventory tr.inv-row td.cert', (td) => ({ w: td.getBoundingClientRect().width, text: td.innerText }));
    assert.ok(cert.w > 100, `certificate column ${cert.w}px wide`);
    assert.ok(cert.text.length > 0);
    for (const { h: height, lh } of await rows.evaluateAll((trs) => trs.map((tr) => ({ h: tr.getBoundingClientRect().height, lh: parseFloat(getComputedStyle(tr.querySelector('td')).lineHeight) })))) {
      assert.ok(height < 2 * lh, `phone row ${height}px for a ${lh}px line`);
    }
  } finally {
    await p.setViewportSize({ width: 1440, height: 900 });
  }
});
