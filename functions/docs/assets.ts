// Where the docs' files come from outside a Lambda: Swagger UI's files in node_modules, and
// the OpenAPI document built from the route table. The local server reads them from here;
// the CDK stack copies them into the docs function's asset at synth (see lambda.ts).

import { mkdtempSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import getAbsoluteFSPath from 'swagger-ui-dist/absolute-path.js';
import type { RendererFile } from './page.ts';
import { rendererFiles } from './page.ts';

const rendererDir = getAbsoluteFSPath();

/** One of Swagger UI's files, read from node_modules. */
export const rendererFileFromPackage = (name: RendererFile) => readFile(join(rendererDir, name), 'utf8');

/**
 * The files the docs function's asset holds beside its code (name → source path): the
 * OpenAPI document, written now (at synth) from the route table, and Swagger UI's files.
 */
export function docsAssetFiles(document: unknown): Record<string, string> {
  const documentFile = join(mkdtempSync(join(tmpdir(), 'omnistore-openapi-')), 'openapi.json');
  writeFileSync(documentFile, JSON.stringify(document));
  return { 'openapi.json': documentFile, ...Object.fromEntries(rendererFiles.map((name) => [name, join(rendererDir, name)])) };
}
