// The reviewer page of `regels serve` (GET /) in a real browser (Debian's headless chromium,
// driven by playwright-core): upload the Westwijk facts, decide, see € 11.523.111,00, open
// the explanation (the HTML report's cards, regenerated from the register), look the decision
// up again by its id; checked by axe-core for accessibility. Keeps screenshots.
//
//   node tests/browser/serve_test.mjs REGELS_BINARY OUT_DIR
//
// Run from the repository root. Starts the server itself on a free loopback port with a
// temporary register and stops it with SIGTERM. Every wait has a timeout.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const [regels, outArg] = process.argv.slice(2);
if (!regels || !outArg) {
  console.error('usage: node tests/browser/serve_test.mjs REGELS_BINARY OUT_DIR');
  process.exit(2);
}
const out = resolve(outArg);
mkdirSync(out, { recursive: true });
const failures = [];
function check(ok, what) {
  if (!ok) failures.push(what);
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
}

const work = mkdtempSync(join(tmpdir(), 'regels-serve-browser-'));
const server = spawn(regels, ['serve', 'rules/nplv', '--db', join(work, 'register.db'),
  '--listen', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'inherit'] });
const port = await new Promise((resolvePort, reject) => {
  const timer = setTimeout(() => reject(new Error('the server did not start in 60 s')), 60000);
  let text = '';
  server.stdout.on('data', (chunk) => {
    text += chunk;
    const m = text.match(/listening on http:\/\/127\.0\.0\.1:(\d+)/);
    if (m) { clearTimeout(timer); resolvePort(Number(m[1])); }
  });
  server.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited ${code}`)); });
});
const base = `http://127.0.0.1:${port}`;

const profile = mkdtempSync(join(tmpdir(), 'regels-chromium-'));
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.REGELS_CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1200, height: 900 },
});
browser.setDefaultTimeout(30000);

try {
  const page = await browser.newPage();
  const requests = [];
  page.on('request', (req) => { if (!req.url().startsWith(base)) requests.push(req.url()); });
  await page.goto(base + '/');
  check(await page.getAttribute('html', 'lang') === 'nl', 'page: lang="nl"');
  await page.waitForFunction(() => document.querySelectorAll('#decisions option').length > 10);
  check(true, 'page: the decisions of the rules are listed');

  await page.setInputFiles('#file', 'examples/vlaardingen-westwijk/facts.json');
  await page.waitForFunction(() => document.getElementById('facts').value.includes('Plan'));
  await page.fill('#as_of', '2026-11-28');
  await page.click('#decide');
  const row = page.locator('#values tbody tr', { hasText: 'rijksbijdrage.totaal_laag' });
  await row.waitFor();
  const value = (await row.locator('td.value').textContent()).trim();
  check(value === '€ 11.523.111,00', `page: totaal_laag shows € 11.523.111,00 (${value})`);
  const receipt = await page.locator('#receipt').textContent();
  const id = Number((receipt.match(/Registernummer (\d+)/) || [])[1]);
  check(id >= 1, `page: the register id is shown (${id})`);
  await page.screenshot({ path: join(out, 'serve-values.png'), fullPage: false });

  await page.click('#explain');
  const frame = page.frameLocator('#report');
  await frame.locator('section.card').first().waitFor();
  const cards = await frame.locator('section.card').count();
  check(cards > 10, `explanation: the report's cards (${cards})`);
  const card = frame.locator('section.card', { hasText: 'rijksbijdrage.totaal_laag' }).first();
  check((await card.textContent()).includes('11.523.111,00'),
    'explanation: the totaal_laag card shows € 11.523.111,00');
  await page.locator('#explanation').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(out, 'serve-explanation.png'), fullPage: false });

  await page.fill('#lookup-id', String(id));
  // The receipt still says this number from the decision above: clear it, so the wait below
  // is for the lookup's answer (left pending, it would arrive after the next request).
  await page.evaluate(() => { document.getElementById('receipt').textContent = ''; });
  await page.click('#lookup');
  await page.waitForFunction((n) => document.getElementById('receipt').textContent
    .startsWith('Registernummer ' + n), id);
  const again = (await page.locator('#values tbody tr', { hasText: 'rijksbijdrage.totaal_laag' })
    .locator('td.value').textContent()).trim();
  check(again === '€ 11.523.111,00', 'lookup by id: the registered decision again');

  await page.fill('#facts', '{"Plan": [');
  await page.click('#decide');
  await page.locator('#errors li').first().waitFor();
  const error = await page.locator('#errors li').first().textContent();
  check(/^E4\d{3}/.test(error) && error.includes('regel'),
    `bad facts: the error with its code and line (${error})`);

  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => await window.axe.run(document));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  for (const v of result.violations) {
    console.log(`     axe: ${v.impact} ${v.id} (${v.nodes.length}): ${v.help}`);
  }
  check(bad.length === 0, 'page: no serious or critical accessibility violations');
  check(requests.length === 0, `no requests beyond the server (${requests.join(', ')})`);
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
  const exited = new Promise((r) => server.on('exit', (code) => r(code)));
  server.kill('SIGTERM');
  const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), 30000))]);
  check(code === 0, `server: SIGTERM, exit 0 (${code})`);
  rmSync(work, { recursive: true, force: true });
}

if (failures.length > 0) {
  console.error(`${failures.length} check(s) failed`);
  process.exit(1);
}
console.log(`screenshots in ${out}`);
