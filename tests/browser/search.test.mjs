// End-to-end test of the search page of folio-search --serve in Debian's headless Chromium, driven by
// playwright-core (no browser download: it runs /usr/bin/chromium). Run by ctest with FOLIO_INDEX,
// FOLIO_SEARCH, FOLIO_SHARED and FOLIO_TEST_TMP set; `npm ci` in this folder (scripts/deps does it) first.
//
// It types queries, waits for results, checks highlighting (snippets and titles), follows pagination, the
// back button and the typo correction notice and its search-the-original link, the did-you-mean link,
// moves through results with the keyboard, opens a group of collapsed near-duplicates, loads a bookmarked URL, checks the phone layout, and proves
// that a document made of XSS payloads renders as text: no payload element in the page, no script ran
// (the flag the payloads would set stays unset) and no dialog opened.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const CHROMIUM = process.env.FOLIO_CHROMIUM || '/usr/bin/chromium';
const REUTERS_RECORDS = 2000;
const TIMEOUT_MS = 15000;
const XSS_TITLE = '<script>window.__xss=1</script> <img src=x onerror="window.__xss=1"> "><svg onload="window.__xss=1"> Cocoa';

// Chromium is installed by scripts/deps; only a developer without it skips, never CI.
const skip = !existsSync(CHROMIUM) && !process.env.CI
  ? `${CHROMIUM} is not installed (bash scripts/deps installs it): browser test skipped`
  : false;
if (skip) console.log(`# SKIP: ${skip}`);

let chromium;
let server;
let browser;
let base;
let work;

function need(name) {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run this test through ctest`);
  return v;
}

function makeIndex(db) {
  const lines = readFileSync(join(need('FOLIO_SHARED'), 'corpora', 'reuters21578.jsonl'), 'utf8')
    .split('\n').slice(0, REUTERS_RECORDS);
  lines.push(JSON.stringify({
    id: 'xss',
    title: XSS_TITLE,
    body: 'Cocoa beans <script>window.__xss=1</script> and <img src=x onerror="window.__xss=1"> then "><svg onload="window.__xss=1"> & more cocoa.',
    url: 'javascript:window.__xss=1',
  }));
  // The same story twice (a wire service republishing it): one hit with "and 1 similar".
  const story = 'Marzipan exports from the northern region rose sharply in the first quarter as confectioners '
    + 'in three countries raised their orders ahead of the holiday season, the regional trade office said '
    + 'on Tuesday, adding that almond supplies were ample and prices steady for the rest of the year.';
  lines.push(JSON.stringify({ id: 'dup-1', title: 'Marzipan exports rise', body: story }));
  lines.push(JSON.stringify({ id: 'dup-2', title: 'Marzipan exports rise', body: story }));
  lines.push(JSON.stringify({ id: 'linked', title: 'Linked cocoa beans story', body: 'cocoa beans with a link', url: 'https://example.org/cocoa?a=1&b=2' }));
  // A hit in another language, and one whose tag is not shaped like one.
  lines.push(JSON.stringify({ id: 'fr-cacao', title: 'Le cacao', body: "Les fèves de cacao de l'Afrique", lang: 'fr-CA' }));
  lines.push(JSON.stringify({ id: 'odd-lang', title: 'Cacao tag', body: 'cacao', lang: 'x" onmouseover="1' }));
  writeFileSync(`${db}.jsonl`, `${lines.join('\n')}\n`);
  execFileSync(need('FOLIO_INDEX'), ['-q', '-d', db, `${db}.jsonl`], { stdio: 'inherit' });
}

// Starts folio-search --serve on a free port; resolves to its base URL once it says where it listens.
function startServer(db) {
  return new Promise((resolve, reject) => {
    const proc = spawn(need('FOLIO_SEARCH'), ['-d', db, '--serve', '--port', '0', '--base-path', '/site', '--quiet'],
      { stdio: ['ignore', 'ignore', 'pipe'] });
    let text = '';
    const timer = setTimeout(() => reject(new Error(`the server did not start: ${text}`)), TIMEOUT_MS);
    proc.stderr.on('data', (chunk) => {
      text += chunk;
      const m = /serving .* at (http:\/\/127\.0\.0\.1:\d+\/site\/)/.exec(text);
      if (m) {
        clearTimeout(timer);
        resolve({ proc, url: m[1] });
      }
    });
    proc.on('exit', (code) => reject(new Error(`the server exited (${code}): ${text}`)));
  });
}

before(async () => {
  if (skip) return;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch (e) {
    throw new Error(`playwright-core is missing: run 'npm ci' in tests/browser (scripts/deps does): ${e.message}`);
  }
  mkdirSync(process.env.FOLIO_TEST_TMP || '/tmp', { recursive: true });
  work = mkdtempSync(join(process.env.FOLIO_TEST_TMP || '/tmp', 'browser.'));
  const db = join(work, 'site.db');
  makeIndex(db);
  server = await startServer(db);
  base = server.url;
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
});

after(async () => {
  if (browser) await browser.close();
  if (server) server.proc.kill('SIGTERM');
  if (work) rmSync(work, { recursive: true, force: true });
});

// A page with watchers: dialogs opened, uncaught errors, CSP violations.
async function openPage(url, viewport) {
  const context = await browser.newContext(viewport ? { viewport } : {});
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT_MS);
  const seen = { dialogs: [], errors: [], csp: [] };
  page.on('dialog', async (d) => {
    seen.dialogs.push(d.message());
    await d.dismiss();
  });
  page.on('pageerror', (e) => seen.errors.push(e.message));
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) seen.csp.push(m.text());
  });
  await page.goto(url);
  return { page, seen, context };
}

const statusText = (page) => page.locator('#status').textContent();

// Types q as a person would and waits until the results shown answer q itself: a slow machine may pause
// longer than the page's debounce between two keys, and then a prefix of q is searched and shown first.
async function typeQuery(page, q) {
  await page.locator('#q').fill('');
  await page.locator('#q').pressSequentially(q, { delay: 30 });
  await page.waitForFunction((typed) => document.querySelector('#results').dataset.query === typed, q);
}

test('search as you type, highlighting, pagination, history, keyboard', { skip, timeout: 120000 }, async () => {
  const { page, seen, context } = await openPage(base);
  await typeQuery(page, 'grain');
  await page.waitForFunction(() => /showing 1–10/.test(document.querySelector('#status').textContent));
  assert.equal(await page.locator('#results .hit').count(), 10);
  const marks = await page.locator('#results .snippet mark').allTextContents();
  assert.ok(marks.length > 0, 'matches are highlighted');
  assert.ok(marks.every((m) => /^grains?$/i.test(m)), `only the query word is marked: ${marks}`);
  assert.match(page.url(), /\?q=grain$/);

  // Pagination, then back.
  const firstTitle = await page.locator('#results .hit h2').first().textContent();
  await page.locator('#pages a[rel="next"]').click();
  await page.waitForFunction(() => /showing 11–20/.test(document.querySelector('#status').textContent));
  assert.match(page.url(), /\?q=grain&page=2$/);
  assert.notEqual(await page.locator('#results .hit h2').first().textContent(), firstTitle);
  await page.goBack();
  await page.waitForFunction(() => /showing 1–10/.test(document.querySelector('#status').textContent));
  assert.match(page.url(), /\?q=grain$/);
  assert.equal(await page.locator('#q').inputValue(), 'grain');

  // Keyboard: down from the box into the results, down again, back up to the box; right for the next page.
  await page.locator('#q').focus();
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.evaluate(() => [...document.querySelectorAll('.hit')].indexOf(document.activeElement)), 0);
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.evaluate(() => [...document.querySelectorAll('.hit')].indexOf(document.activeElement)), 1);
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'q');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => /showing 11–20/.test(document.querySelector('#status').textContent));
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'q');

  assert.deepEqual(seen, { dialogs: [], errors: [], csp: [] });
  await context.close();
});

test('typo correction notice, searching the original instead, and the did-you-mean link', { skip, timeout: 60000 }, async () => {
  const { page, seen, context } = await openPage(base);
  await typeQuery(page, 'grian');
  const corrected = page.locator('#corrected-link');
  await corrected.waitFor({ state: 'visible' });
  assert.equal(await corrected.textContent(), 'grain');
  assert.equal(await page.locator('#original-link').textContent(), 'grian');
  await page.waitForFunction(() => /showing 1–10/.test(document.querySelector('#status').textContent));
  assert.ok(await page.locator('#did-you-mean').isHidden());
  await page.locator('#original-link').click();
  const link = page.locator('#did-you-mean-link');
  await link.waitFor({ state: 'visible' });
  assert.match(page.url(), /\?q=grian&typo=false$/);
  assert.ok(await page.locator('#corrected').isHidden());
  assert.equal(await page.locator('#results li').count(), 0);
  assert.equal(await link.textContent(), 'grain');
  await link.click();
  await page.waitForFunction(() => /showing 1–10/.test(document.querySelector('#status').textContent));
  assert.equal(await page.locator('#q').inputValue(), 'grain');
  assert.match(page.url(), /\?q=grain$/);
  assert.ok(await page.locator('#did-you-mean').isHidden());
  assert.ok(await page.locator('#corrected').isHidden());
  assert.deepEqual(seen, { dialogs: [], errors: [], csp: [] });
  await context.close();
});

test('a Related link lists the articles most like a hit, and back returns', { skip, timeout: 60000 }, async () => {
  const { page, seen, context } = await openPage(base);
  await typeQuery(page, 'cocoa');
  await page.waitForFunction(() => /showing 1–/.test(document.querySelector('#status').textContent));
  const first = page.locator('#results .hit').first();
  const id = await first.locator('a.related').getAttribute('data-like');
  await first.locator('a.related').click();
  await page.waitForFunction(() => /^Articles like/.test(document.querySelector('#status').textContent));
  assert.equal(new URL(page.url()).searchParams.get('like'), id);
  const ids = await page.locator('#results .hit .meta span').allTextContents();
  assert.ok(ids.length > 0, 'related articles are listed');
  assert.ok(!ids.includes(id), `the article itself is not among its related ones: ${id}`);
  await page.goBack();
  await page.waitForFunction(() => /showing 1–/.test(document.querySelector('#status').textContent));
  assert.match(page.url(), /\?q=cocoa$/);
  assert.deepEqual(seen, { dialogs: [], errors: [], csp: [] });
  await context.close();
});

test('near-duplicates are one hit whose "and 1 similar" opens to their ids', { skip, timeout: 60000 }, async () => {
  const { page, seen, context } = await openPage(base);
  await typeQuery(page, 'marzipan');
  await page.waitForFunction(() => /showing 1–1\)/.test(document.querySelector('#status').textContent));
  assert.equal(await statusText(page), '2 results, 1 distinct (showing 1–1)');
  assert.equal(await page.locator('#results .hit').count(), 1);
  const hit = page.locator('#results .hit').first();
  assert.equal(await hit.locator('.meta span').textContent(), 'dup-1');
  const group = hit.locator('details.duplicates');
  assert.equal(await group.locator('summary').textContent(), 'and 1 similar');
  assert.ok(await group.locator('li').first().isHidden(), 'the list is closed at first');
  await group.locator('summary').click();
  await group.locator('li').first().waitFor({ state: 'visible' });
  assert.deepEqual(await group.locator('li').allTextContents(), ['dup-2']);
  assert.deepEqual(seen, { dialogs: [], errors: [], csp: [] });
  await context.close();
});

test('each hit carries its language as lang, a tag only when shaped like one', { skip, timeout: 60000 }, async () => {
  const { page, seen, context } = await openPage(base);
  await typeQuery(page, 'cacao');
  const french = page.locator('#results .hit', { hasText: 'Le cacao' });
  await french.waitFor();
  assert.equal(await french.getAttribute('lang'), 'fr-CA');
  assert.equal(await page.locator('#results .hit', { hasText: 'Cacao tag' }).getAttribute('lang'), null);
  await typeQuery(page, 'grain');
  await page.waitForFunction(() => /showing 1–10/.test(document.querySelector('#status').textContent));
  assert.equal(await page.locator('#results .hit').first().getAttribute('lang'), 'en', 'untagged: the database\'s');
  assert.deepEqual(seen, { dialogs: [], errors: [], csp: [] });
  await context.close();
});

test('a bookmarked URL opens on its page of results', { skip, timeout: 60000 }, async () => {
  const { page, seen, context } = await openPage(`${base}?q=grain&page=2`);
  await page.waitForFunction(() => /showing 11–20/.test(document.querySelector('#status').textContent));
  assert.equal(await page.locator('#q').inputValue(), 'grain');
  assert.equal(await page.locator('#pages [aria-current="page"]').textContent(), '2');
  assert.deepEqual(seen, { dialogs: [], errors: [], csp: [] });
  await context.close();
});

test('the XSS document renders as text and runs nothing', { skip, timeout: 60000 }, async () => {
  const { page, seen, context } = await openPage(base);
  await typeQuery(page, 'cocoa beans');
  const xssHit = page.locator('#results .hit', { hasText: '<script>window.__xss=1</script>' });
  await xssHit.waitFor();
  assert.equal(await xssHit.locator('h2').textContent(), XSS_TITLE);
  assert.deepEqual(await xssHit.locator('h2 mark').allTextContents(), ['Cocoa'], 'the title\'s match is marked');
  assert.equal(await xssHit.locator('h2 a').count(), 0, 'a javascript: url is not made a link');
  const snippet = await xssHit.locator('.snippet').textContent();
  assert.ok(snippet.includes('<img src=x onerror="window.__xss=1">'), snippet);
  const injected = await page.evaluate(() => document.querySelectorAll('#results script, #results img, #results svg, #results iframe').length);
  assert.equal(injected, 0, 'no element came from a document');
  const linked = page.locator('#results .hit', { hasText: 'Linked cocoa beans story' }).locator('h2 a');
  assert.equal(await linked.getAttribute('href'), 'https://example.org/cocoa?a=1&b=2');
  assert.deepEqual(await linked.locator('mark').allTextContents(), ['cocoa', 'beans'], 'marked inside the title link');
  // Give any payload a moment to fire.
  await page.waitForTimeout(500);
  assert.equal(await page.evaluate(() => window.__xss), undefined, 'no payload script ran');
  assert.deepEqual(seen, { dialogs: [], errors: [], csp: [] });
  await context.close();
});

test('readable on a phone', { skip, timeout: 60000 }, async () => {
  const { page, context } = await openPage(`${base}?q=grain`, { width: 360, height: 740 });
  await page.waitForFunction(() => /showing 1–10/.test(document.querySelector('#status').textContent));
  const widths = await page.evaluate(() => ({ doc: document.documentElement.scrollWidth, view: window.innerWidth,
    input: document.querySelector('#q').getBoundingClientRect().width }));
  assert.ok(widths.doc <= widths.view, `no sideways scrolling: ${JSON.stringify(widths)}`);
  assert.ok(widths.input >= 200, `the search box keeps its room: ${JSON.stringify(widths)}`);
  if (process.env.FOLIO_SCREENSHOTS) await page.screenshot({ path: join(process.env.FOLIO_SCREENSHOTS, 'phone.png') });
  await context.close();
});
