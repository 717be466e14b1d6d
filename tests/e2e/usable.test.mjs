// Usable by keyboard, at phone width and in dark mode, against the release dist/:
//  * Tab reaches every control of a loaded page, each with an accessible name and a visible
//    focus outline;
//  * at 360 px wide nothing overflows sideways;
//  * light and dark (prefers-color-scheme) screenshots of the whole page at phone and wide
//    width go to test-output/screenshots/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { start, stop, andSettle, SCREENSHOTS } from './harness.mjs';

let h;
before(async () => {
  h = await start();
  await andSettle(h.page, () => h.page.locator('button', { hasText: 'Load example' }).click());
});
after(async () => { if (h) await stop(h); });

test('Tab reaches every control, each with a name and a visible focus ring', async () => {
  // Every enabled control that is rendered (closed <details> hide their contents).
  const controls = await h.page.evaluate(() =>
    [...document.querySelectorAll('a[href], button, input, select, textarea, summary')]
      .filter((e) => !e.disabled && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden')
      .length);
  assert.ok(controls > 30, `only ${controls} controls`);
  await h.page.locator('body').click({ position: { x: 1, y: 1 } });
  const seen = new Map();
  for (let i = 0; i < controls * 2 + 10 && seen.size < controls; i++) {
    await h.page.keyboard.press('Tab');
    const f = await h.page.evaluate(() => {
      const e = document.activeElement;
      if (!e || e === document.body) return null;
      const label = e.labels?.[0]?.innerText || e.getAttribute('aria-label') || e.innerText || e.getAttribute('title') || e.getAttribute('placeholder') || '';
      const style = getComputedStyle(e);
      // The file picker's input is visually hidden; its label shows the ring instead.
      const ringOn = e.id === 'file-picker' ? getComputedStyle(e.labels[0]) : style;
      const key = `${e.tagName}#${e.id}.${e.className}|${label.trim().slice(0, 60)}|${[...document.querySelectorAll(e.tagName)].indexOf(e)}`;
      return { key, tag: e.tagName, label: label.trim(), ring: ringOn.outlineStyle !== 'none' && parseFloat(ringOn.outlineWidth) >= 2 };
    });
    if (!f) continue;
    assert.ok(f.label.length > 0, `control without a name: ${f.key}`);
    assert.ok(f.ring, `no visible focus ring on ${f.key}`);
    seen.set(f.key, f);
  }
  assert.ok(seen.size >= controls - 2, `Tab reached ${seen.size} of ${controls} controls`);
});

for (const scheme of ['light', 'dark']) {
  test(`${scheme}: phone width has no sideways scrolling; screenshots at 360 px and 1280 px`, async () => {
    await h.page.emulateMedia({ colorScheme: scheme });
    await h.page.setViewportSize({ width: 360, height: 780 });
    await h.page.waitForTimeout(100);
    const overflow = await h.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than a 360px screen`);
    const bg = await h.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const [r, g, b] = bg.match(/\d+/g).map(Number);
    if (scheme === 'dark') assert.ok(r + g + b < 200, `dark background expected, got ${bg}`);
    else assert.ok(r + g + b > 600, `light background expected, got ${bg}`);
    await h.page.screenshot({ path: join(SCREENSHOTS, `page-phone-${scheme}.png`), fullPage: true });
    await h.page.setViewportSize({ width: 1280, height: 900 });
    await h.page.screenshot({ path: join(SCREENSHOTS, `page-wide-${scheme}.png`) });
  });
}
