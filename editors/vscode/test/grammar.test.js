// The TextMate grammar, tokenised the way VS Code does it (vscode-textmate with the
// Oniguruma regular expressions compiled to WebAssembly):
// - every token of test/sample.rules gets the scope in test/sample.tokens (a golden file:
//   REGELS_UPDATE_GOLDEN=1 rewrites it; read its diff);
// - in every rule file of the repository, comments, amounts, dates, strings and
//   declaration keywords get their scopes, and nothing but names is left unscoped.
'use strict';

const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const vsctm = require('vscode-textmate');
const oniguruma = require('vscode-oniguruma');

const here = __dirname;
const extension = path.join(here, '..');
const repository = path.join(extension, '..', '..');

async function loadGrammar() {
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (sources) => new oniguruma.OnigScanner(sources),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName) => {
      if (scopeName !== 'source.regels') {
        return null;
      }
      const file = path.join(extension, 'syntaxes', 'regels.tmLanguage.json');
      return vsctm.parseRawGrammar(fs.readFileSync(file, 'utf8'), file);
    },
  });
  return registry.loadGrammar('source.regels');
}

// Tokens of a text: {line, column (1-based, UTF-16), text, scope (the innermost)}.
function tokenize(grammar, text) {
  const out = [];
  let stack = vsctm.INITIAL;
  text.split('\n').forEach((line, i) => {
    const r = grammar.tokenizeLine(line, stack);
    for (const t of r.tokens) {
      const value = line.substring(t.startIndex, t.endIndex);
      out.push({ line: i + 1, column: t.startIndex + 1, text: value, scopes: t.scopes });
    }
    stack = r.ruleStack;
  });
  return out;
}

function innermost(token) {
  return token.scopes[token.scopes.length - 1];
}

function ruleFiles(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules' && !entry.name.startsWith('.')) {
      out.push(...ruleFiles(full));
    } else if (entry.isFile() && entry.name.endsWith('.rules')) {
      out.push(full);
    }
  }
  return out.sort();
}

let grammarPromise;
function grammar() {
  grammarPromise = grammarPromise || loadGrammar();
  return grammarPromise;
}

test('every token of the sample has its expected scope', async () => {
  const g = await grammar();
  const sample = fs.readFileSync(path.join(here, 'sample.rules'), 'utf8');
  const lines = tokenize(g, sample)
    .filter((t) => t.text.trim() !== '')
    .map((t) => `${t.line}:${t.column} ${JSON.stringify(t.text)} ${innermost(t)}`);
  const golden = path.join(here, 'sample.tokens');
  const actual = lines.join('\n') + '\n';
  if (process.env.REGELS_UPDATE_GOLDEN === '1') {
    fs.writeFileSync(golden, actual);
  }
  assert.strictEqual(actual, fs.readFileSync(golden, 'utf8'));
});

test('the sample: amounts, dates, citations, keywords', async () => {
  const g = await grammar();
  const sample = fs.readFileSync(path.join(here, 'sample.rules'), 'utf8');
  const tokens = tokenize(g, sample);
  const scopeOf = (text, nth = 0) => {
    const found = tokens.filter((t) => t.text === text);
    assert.ok(found.length > nth, `no token ${JSON.stringify(text)}`);
    return innermost(found[nth]);
  };
  assert.strictEqual(scopeOf('€ 7.000,00'), 'constant.numeric.money.regels');
  assert.strictEqual(scopeOf('€ 100'), 'constant.numeric.money.regels');
  assert.strictEqual(scopeOf('2025-06-24'), 'constant.numeric.date.regels');
  assert.strictEqual(scopeOf('21%'), 'constant.numeric.percent.regels');
  assert.strictEqual(scopeOf('"circa € 7000,- per woning"'), 'string.quoted.double.quote.regels');
  assert.strictEqual(scopeOf('"Realisatiestimulans"'), 'string.quoted.double.section.regels');
  assert.strictEqual(scopeOf('source'), 'keyword.other.source.regels');
  assert.strictEqual(scopeOf('afspraak', 1), 'entity.name.document.regels');
  assert.strictEqual(scopeOf('definition'), 'storage.type.rule.regels');
  assert.strictEqual(scopeOf('telt_mee'), 'entity.name.function.regels');
  assert.strictEqual(scopeOf('# per maand'), 'comment.line.number-sign.regels');
  assert.strictEqual(scopeOf('except'), 'keyword.control.regels');
  assert.strictEqual(scopeOf('assumption'), 'keyword.other.mark.regels');
  assert.strictEqual(scopeOf('"het tarief is niet genoemd"'), 'string.quoted.double.mark.regels');
  assert.strictEqual(scopeOf('cite'), 'storage.type.cite.regels');
  assert.strictEqual(scopeOf('"Introductie"'), 'string.quoted.double.section.regels');
  assert.ok(tokens.find((t) => t.text === 'source').scopes.includes('meta.citation.regels'));
});

test("the repository's rule files: every comment, amount, date and string is scoped", async () => {
  const g = await grammar();
  // The real rules and examples (the test and fuzz inputs are broken on purpose).
  const files = ['rules', 'examples'].flatMap((d) => ruleFiles(path.join(repository, d)));
  assert.ok(files.length >= 20, `only ${files.length} rule files found`);
  const name = /^[\p{L}_][\p{L}\p{N}_]*$/u;
  let checked = 0;
  for (const file of files) {
    const tokens = tokenize(g, fs.readFileSync(file, 'utf8'));
    for (const t of tokens) {
      const scope = innermost(t);
      const where = `${path.relative(repository, file)}:${t.line}:${t.column} ${JSON.stringify(t.text)}`;
      const inComment = t.scopes.some((s) => s.startsWith('comment.'));
      const inString = t.scopes.some((s) => s.startsWith('string.'));
      if (inComment || inString) {
        continue;
      }
      const text = t.text.trim();
      if (text === '') {
        continue;
      }
      checked++;
      if (scope === 'source.regels' || scope === 'meta.citation.regels') {
        // Unscoped code is names (and the dots between qualified names) only.
        for (const part of text.split(/[.\s]+/).filter((p) => p !== '')) {
          assert.match(part, name, `unscoped non-name at ${where}`);
        }
      }
      if (/^€/.test(text)) {
        assert.strictEqual(scope, 'constant.numeric.money.regels', where);
      }
      if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
        assert.strictEqual(scope, 'constant.numeric.date.regels', where);
      }
      if (/^(definition|decision|assertion|parameter|record|enum|module|import|document)$/.test(text)) {
        assert.match(scope, /^(storage\.type|keyword\.other\.module)/, where);
      }
    }
    // Each line comment starts a comment token (outside strings).
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (/^\s*#/.test(line)) {
        const first = tokens.find((t) => t.line === i + 1 && t.text.trim() !== '');
        assert.ok(first && first.scopes.some((s) => s.startsWith('comment.')), `${file}:${i + 1}`);
      }
    });
  }
  assert.ok(checked > 1000, `only ${checked} tokens checked`);
});
