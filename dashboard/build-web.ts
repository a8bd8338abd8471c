// Builds the web page's assets into dist/dashboard (run by the setup command, `npm run dashboard:build`): one
// bundled, minified app.js with Chart.js, plus index.html and styles.css. The server only serves these files.
import { build } from 'esbuild';
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { WEB_ROOT } from './web-root';

const src = path.join(__dirname, 'web');
const out = WEB_ROOT;

async function main(): Promise<void> {
  await mkdir(out, { recursive: true });
  const result = await build({
    entryPoints: [path.join(src, 'main.ts')],
    bundle: true, minify: true, sourcemap: true, format: 'iife', target: ['chrome110', 'firefox110', 'safari16'],
    outfile: path.join(out, 'app.js'), metafile: true, logLevel: 'warning',
  });
  await copyFile(path.join(src, 'index.html'), path.join(out, 'index.html'));
  await copyFile(path.join(src, 'styles.css'), path.join(out, 'styles.css'));
  const bytes = Object.values(result.metafile.outputs).reduce((s, o) => s + o.bytes, 0);
  console.log(`dashboard: web page built into ${path.relative(process.cwd(), out) || out} (${Math.round(bytes / 1024)} KiB)`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
