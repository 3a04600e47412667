#!/usr/bin/env node
// After `vite build`: writes .br and .gz beside every text asset of dist/web, which the server sends
// to browsers that accept them (@fastify/static preCompressed). Remote communes sit on slow links.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const root = path.resolve(process.argv[2] ?? 'dist/web');
const TEXT = /\.(js|mjs|css|html|svg|json|txt|map)$/;
let count = 0;
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) walk(file);
    else if (TEXT.test(name) && statSync(file).size > 1024) {
      const data = readFileSync(file);
      writeFileSync(`${file}.br`, zlib.brotliCompressSync(data, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }));
      writeFileSync(`${file}.gz`, zlib.gzipSync(data, { level: 9 }));
      count += 1;
    }
  }
}
walk(root);
console.log(`compressed ${count} assets in ${path.relative(process.cwd(), root)}`);
