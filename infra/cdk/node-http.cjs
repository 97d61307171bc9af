// The bundles' `node:http`, loaded by require (see `bundlingAliases` in bundling.ts).
module.exports = require('http');
