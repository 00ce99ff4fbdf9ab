// Makes editors/vscode/screenshot.png: the start of rules/nplv/realisatiestimulans.rules
// coloured by the extension's grammar (tokenised by vscode-textmate, as VS Code does),
// with the hover that `regels lsp` really answers for `bijdrage_per_woning` and the
// diagnostic it really publishes for a typo. It is rendered as HTML by headless Chromium,
// not captured from a VS Code window (there is no display on the build machines).
//
//   node scripts/screenshot.js ../../build/dev/regels   # then chromium takes the picture
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const vsctm = require('vscode-textmate');
const oniguruma = require('vscode-oniguruma');

const extension = path.join(__dirname, '..');
const repository = path.join(extension, '..', '..');
const regels = path.resolve(process.argv[2] || path.join(repository, 'build', 'dev', 'regels'));
const file = path.join(repository, 'rules', 'nplv', 'realisatiestimulans.rules');

const colours = [
  ['comment', '#6a9955'],
  ['string.quoted.double.quote', '#ce9178'],
  ['string', '#ce9178'],
  ['constant.numeric.money', '#b5cea8'],
  ['constant.numeric', '#b5cea8'],
  ['constant.language', '#569cd6'],
  ['storage.type', '#569cd6'],
  ['keyword.other.source', '#c586c0'],
  ['keyword.control', '#c586c0'],
  ['keyword', '#569cd6'],
  ['entity.name.function', '#dcdcaa'],
  ['entity.name.type', '#4ec9b0'],
  ['entity.name.document', '#9cdcfe'],
  ['entity.name', '#4fc1ff'],
  ['support.type', '#4ec9b0'],
];

function colour(scopes) {
  for (let i = scopes.length - 1; i >= 0; i--) {
    for (const [prefix, c] of colours) {
      if (scopes[i].startsWith(prefix)) {
        return c;
      }
    }
  }
  return '#d4d4d4';
}

const escape = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function lsp(messages) {
  const input = messages
    .map((m) => {
      const body = Buffer.from(JSON.stringify(m), 'utf8');
      return `Content-Length: ${body.length}\r\n\r\n${body}`;
    })
    .join('');
  const run = spawnSync(regels, ['lsp'], { input });
  const out = run.stdout.toString('utf8');
  const replies = [];
  for (const part of out.split(/Content-Length: \d+\r\n\r\n/).slice(1)) {
    replies.push(JSON.parse(part));
  }
  return replies;
}

async function main() {
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (s) => new oniguruma.OnigScanner(s),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async () => {
      const g = path.join(extension, 'syntaxes', 'regels.tmLanguage.json');
      return vsctm.parseRawGrammar(fs.readFileSync(g, 'utf8'), g);
    },
  });
  const grammar = await registry.loadGrammar('source.regels');
  const original = fs.readFileSync(file, 'utf8');
  // A typo in the uitkering rule, so the picture shows a live diagnostic too.
  const text = original.replace('optional year = if telt_mee(r)', 'optional year = if tel_mee(r)');
  const first = 38; // show lines 39..: the rules around the hover and the typo
  const all = text.split('\n');
  const uri = `file://${file}`;
  const hoverLine = all.findIndex((l) => l.includes('bijdrage_per_woning at r.jaar'));
  const hoverCol = all[hoverLine].indexOf('bijdrage_per_woning') + 4;
  const replies = lsp([
    { jsonrpc: '2.0', id: 1, method: 'initialize', params: { capabilities: {} } },
    { jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'regels', version: 1, text } } },
    { jsonrpc: '2.0', id: 2, method: 'textDocument/hover', params: { textDocument: { uri }, position: { line: hoverLine, character: hoverCol } } },
    { jsonrpc: '2.0', id: 3, method: 'shutdown' },
    { jsonrpc: '2.0', method: 'exit' },
  ]);
  const hover = replies.find((r) => r.id === 2).result.contents.value;
  const diagnostics = replies.find((r) => r.method === 'textDocument/publishDiagnostics' && r.params.uri === uri).params.diagnostics;
  const squiggles = new Map(diagnostics.map((d) => [d.range.start.line, d]));

  let stack = vsctm.INITIAL;
  const rows = [];
  all.forEach((line, i) => {
    const r = grammar.tokenizeLine(line, stack);
    stack = r.ruleStack;
    if (i < first || i > first + 30) {
      return;
    }
    const d = squiggles.get(i);
    let html = '';
    for (const t of r.tokens) {
      let piece = escape(line.substring(t.startIndex, t.endIndex));
      if (d && t.startIndex < Math.max(d.range.end.character, d.range.start.character + 1) && t.endIndex > d.range.start.character) {
        piece = `<span class="squiggle">${piece}</span>`;
      }
      html += `<span style="color:${colour(t.scopes)}">${piece}</span>`;
    }
    let extra = '';
    if (i === hoverLine) {
      extra = `<div class="hover">${escape(hover.replace(/```regels\n|```\n/g, ''))}</div>`;
    }
    if (d) {
      extra += `<div class="problem">${escape(`${d.code}: ${d.message}`)}</div>`;
    }
    rows.push(`<div class="row"><span class="num">${i + 1}</span><span class="code">${html || ' '}</span>${extra}</div>`);
  });
  const page = `<!doctype html><meta charset="utf-8"><style>
body{margin:0;background:#1e1e1e;font:13px/19px "DejaVu Sans Mono",monospace;color:#d4d4d4}
.title{background:#2d2d2d;color:#ccc;padding:6px 12px;font-family:sans-serif;font-size:12px}
.row{position:relative;white-space:pre}.num{display:inline-block;width:40px;text-align:right;color:#858585;margin-right:18px}
.squiggle{text-decoration:underline wavy #f14c4c}
.hover{position:absolute;left:380px;bottom:20px;z-index:2;white-space:pre-wrap;width:640px;background:#252526;border:1px solid #454545;padding:8px;color:#ccc;font-size:12px;line-height:17px}
.problem{position:absolute;z-index:3;left:700px;top:0;white-space:pre-wrap;width:520px;background:#3b1c1c;border:1px solid #f14c4c;padding:2px 6px;color:#f8d7d7;font-size:12px}
</style><div class="title">realisatiestimulans.rules — Regels grammar + regels lsp (hover on bijdrage_per_woning, a typo on line ${[...squiggles.keys()].map((l) => l + 1).join(', ')})</div>
${rows.join('\n')}`;
  fs.writeFileSync(path.join(extension, 'screenshot.html'), page);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
