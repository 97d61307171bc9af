// The bundles' `node:http`, loaded by require (see `bundlingAliases` in bundling.ts).
// biome-ignore lint/style/useNodejsImportProtocol: 'node:http' is the name redirected here; 'http' is the module itself.
module.exports = require('http');
