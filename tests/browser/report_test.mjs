// The HTML report and the beslisverslag in a real browser (Debian's headless chromium,
// driven by playwright-core), with an accessibility check by axe-core.
//
//   node tests/browser/report_test.mjs REGELS_BINARY OUT_DIR
//
// Run from the repository root. Writes the report, the beslisverslag and their screenshots
// (report.png, report-print.png, verslag.png) to OUT_DIR and keeps them there. Fails when a
// page does not show what a reviewer needs (summary first, a card per decision with its
// plain line, the rule text, the trace; the filter; everything open in the print view), or
// when axe-core finds a serious or critical violation. Works offline: nothing is fetched.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const [regels, outArg] = process.argv.slice(2);
if (!regels || !outArg) {
  console.error('usage: node tests/browser/report_test.mjs REGELS_BINARY OUT_DIR');
  process.exit(2);
}
const out = resolve(outArg);
mkdirSync(out, { recursive: true });

const failures = [];
function check(ok, what) {
  if (!ok) failures.push(what);
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
}

const common = ['rules/nplv', '--facts', 'examples/vlaardingen-westwijk/facts.json',
  '--as-of', '2026-11-28'];
const env = { ...process.env, REGELS_FIXED_TIME: '2026-11-28T12:00:00Z' };
execFileSync(regels, ['eval', ...common, '--format', 'html', '--output', join(out, 'report.html')],
  { env });
execFileSync(regels, ['eval', ...common, '--format', 'verslag', '--decision', 'uitkering',
  '--decision', 'inschatting_laag', '--output', join(out, 'verslag.html')], { env });

const profile = mkdtempSync(join(tmpdir(), 'regels-chromium-'));
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.REGELS_CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1200, height: 900 },
});

async function axe(page, name) {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => await window.axe.run(document));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  for (const v of result.violations) {
    console.log(`     axe ${name}: ${v.impact} ${v.id} (${v.nodes.length}): ${v.help}`);
  }
  check(bad.length === 0, `${name}: no serious or critical accessibility violations`);
}

try {
  const page = await browser.newPage();
  // Nothing may leave the machine: every request but the file itself fails the test.
  const requests = [];
  page.on('request', (req) => { if (!req.url().startsWith('file:')) requests.push(req.url()); });

  await page.goto('file://' + join(out, 'report.html'));
  check(await page.getAttribute('html', 'lang') === 'nl', 'report: lang="nl"');
  const first = await page.evaluate(() => document.querySelector('main h2').textContent);
  check(first === 'Overzicht', 'report: the summary table comes first');
  const cards = await page.locator('section.card').count();
  const rows = await page.locator('table.summary tbody tr').count();
  check(cards > 10 && cards === rows, `report: one card per decision (${cards} cards, ${rows} rows)`);
  const r4 = page.locator('section.card', { hasText: 'Registratie R4' })
    .filter({ hasText: 'realisatiestimulans.uitkering' }).first();
  check((await r4.locator('p.why').textContent()).startsWith('Waarom niet'),
    'report: the R4 card has its plain line');
  check((await r4.locator('pre.rule').textContent()).includes('decision uitkering'),
    'report: the card holds the rule text itself');
  await r4.locator('details.trace > summary').click();
  check((await r4.textContent()).includes('€ 840.000,00'), 'report: R4 shows what is at stake');

  await page.selectOption('#filter-decision', 'realisatiestimulans.uitkering');
  await page.fill('#filter-subject', 'R5');
  const visible = await page.locator('section.card:visible').count();
  check(visible === 1, `report: filtering by decision and subject leaves one card (${visible})`);
  await page.selectOption('#filter-decision', '');
  await page.fill('#filter-subject', '');
  await page.screenshot({ path: join(out, 'report.png') });
  await axe(page, 'report');

  // The print view: every <details> open.
  await page.emulateMedia({ media: 'print' });
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  const closed = await page.locator('details:not([open])').count();
  check(closed === 0, `report: the print view opens everything (${closed} closed)`);
  await page.screenshot({ path: join(out, 'report-print.png') });
  await page.emulateMedia({ media: 'screen' });

  await page.goto('file://' + join(out, 'verslag.html'));
  check(await page.getAttribute('html', 'lang') === 'nl', 'verslag: lang="nl"');
  const pages = await page.locator('article.page').count();
  check(pages > 1, `verslag: one page per decision and subject (${pages})`);
  const head = await page.locator('article.page').first().locator('table.toetsen thead').textContent();
  check(head === 'ToetsFeitNormUitkomstGrondslag', 'verslag: Toets | Feit | Norm | Uitkomst | Grondslag');
  check((await page.locator('article.page').first().textContent()).includes('Handtekening beoordelaar'),
    'verslag: a line for the signature');
  await page.screenshot({ path: join(out, 'verslag.png'), fullPage: false });
  const pdf = await page.pdf({ format: 'A4' });
  check(pdf.length > 1000, 'verslag: prints to A4');
  await axe(page, 'verslag');
  check(requests.length === 0, `no network requests (${requests.join(', ')})`);
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}

if (failures.length > 0) {
  console.error(`${failures.length} check(s) failed`);
  process.exit(1);
}
console.log(`screenshots and pages in ${out}`);
