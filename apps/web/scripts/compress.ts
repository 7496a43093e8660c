// After `vite build`: a Brotli and a gzip copy beside every text file of dist/, made once at build
// time at the highest levels, so the server (@fastify/static with `preCompressed`) sends a third of
// the bytes to a phone on a slow link without compressing anything per request.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const dist = path.resolve(import.meta.dirname, '../dist');
const TEXT = /\.(js|css|html|svg|webmanifest|json|txt)$/;
let raw = 0;
let br = 0;
for (const rel of fs.readdirSync(dist, { recursive: true, encoding: 'utf8' })) {
  const file = path.join(dist, rel);
  if (!TEXT.test(file) || !fs.statSync(file).isFile()) continue;
  const body = fs.readFileSync(file);
  // Not worth a second request path for a few hundred bytes.
  if (body.length < 512) continue;
  const brotli = zlib.brotliCompressSync(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length,
    [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT } });
  fs.writeFileSync(`${file}.br`, brotli);
  fs.writeFileSync(`${file}.gz`, zlib.gzipSync(body, { level: 9 }));
  raw += body.length;
  br += brotli.length;
}
process.stdout.write(`compressed dist/: ${Math.round(raw / 1024)} KB of text, ${Math.round(br / 1024)} KB as Brotli\n`);
