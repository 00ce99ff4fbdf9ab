// A fresh Debian 12 installs Node.js 18 (Debian's nodejs package) when npm is absent, so
// every package in the lockfile must declare that it runs there; package.json pins the
// few whose newest versions need Node 20 ("overrides").
'use strict';

const test = require('node:test');
const assert = require('node:assert');
const semver = require('semver');
const lock = require('../package-lock.json');

const debian12Node = '18.19.0';

test(`every locked package runs on Node ${debian12Node}`, () => {
  const needNewer = [];
  for (const [name, entry] of Object.entries(lock.packages)) {
    const wanted = entry.engines && entry.engines.node;
    if (name !== '' && wanted && !semver.satisfies(debian12Node, wanted)) {
      needNewer.push(`${name} (node ${wanted})`);
    }
  }
  assert.deepStrictEqual(needNewer, []);
});
