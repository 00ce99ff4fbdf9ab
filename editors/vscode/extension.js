// The VS Code side of Regels: starts `regels lsp` (the path is the setting
// `regels.server.path`) and connects it to .rules files. Everything the editor shows
// beyond colours comes from the server, so this file stays small.
'use strict';

const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration('regels').get('server.path') || 'regels';
  const server = { command, args: ['lsp'], transport: TransportKind.stdio };
  client = new LanguageClient(
    'regels',
    'Regels',
    { run: server, debug: server },
    {
      documentSelector: [{ scheme: 'file', language: 'regels' }, { scheme: 'untitled', language: 'regels' }],
      synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/*.rules') },
    },
  );
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
