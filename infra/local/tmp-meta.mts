import { build } from 'esbuild';
import { bundlingDefine, bundlingOptions, lambdaEntry } from '#infra/cdk/bundling.ts';

const name = process.argv[2] ?? 'orders';
const r = await build({
  entryPoints: [lambdaEntry(name)],
  outfile: `/tmp/meta/${name}.mjs`,
  bundle: true,
  platform: 'node',
  target: 'node24',
  format: 'esm',
  minify: true,
  mainFields: bundlingOptions.mainFields,
  banner: { js: bundlingOptions.banner },
  external: bundlingOptions.externalModules,
  define: bundlingDefine(),
  metafile: true,
  logLevel: 'error',
});
const out = Object.values(r.metafile.outputs)[0]!;
const groups = new Map<string, number>();
for (const [file, { bytesInOutput }] of Object.entries(out.inputs)) {
  const m = file.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  const key = m ? m[1]! : file.split('/').slice(0, 2).join('/');
  groups.set(key, (groups.get(key) ?? 0) + bytesInOutput);
}
console.log(name, 'total KB', (out.bytes / 1024).toFixed(1));
for (const [k, v] of [...groups].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log((v / 1024).toFixed(1).padStart(7), k);
if (process.argv[3])
  for (const [file, { bytesInOutput }] of Object.entries(out.inputs)
    .filter(([f]) => f.includes(process.argv[3]!))
    .sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput)
    .slice(0, 40))
    console.log((bytesInOutput / 1024).toFixed(1).padStart(7), file);
