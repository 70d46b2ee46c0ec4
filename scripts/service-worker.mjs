// The service worker's list of the app shell, for a build in DIR: the files a contributor needs to start the app
// with no network (the page, its scripts, the contributor's Wasm, styles, icons, the demo tasks), and a version
// named by their content, written into DIR/sw.js (the copy of ./sw.js that trunk put there). A new build is a
// new worker, which the open tabs offer to take (offline.js). Run last by scripts/post-build.
//   node scripts/service-worker.mjs DIR
// Not in the shell: the lead build and the languages (fetched when used, then kept), the widget (embed/), and
// a deployment's config.json (added after the build, and read from the network first).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const dir = process.argv[2];
if (!dir) throw new Error('usage: node scripts/service-worker.mjs DIR');

function walk(folder) {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? walk(path) : [relative(dir, path).split(sep).join('/')];
  });
}

const shell = (file) =>
  !/^(sw\.js|config\.json|README\.md)$/.test(file) &&
  !/^(embed|i18n)\//.test(file) &&
  !/^together-lead-/.test(file);
const files = walk(dir).filter(shell).sort();
if (!files.includes('index.html') || !files.some((f) => /^together-[0-9a-f]+_bg\.wasm$/.test(f))) {
  throw new Error(`${dir} has no built app (index.html and the contributor's Wasm)`);
}
const hash = createHash('sha256');
for (const file of files) hash.update(file).update('\0').update(readFileSync(join(dir, file)));
const version = hash.digest('hex').slice(0, 16);

const worker = join(dir, 'sw.js');
const source = readFileSync(worker, 'utf8');
const line = /^const BUILD = .*;$/m;
if (!line.test(source)) throw new Error(`${worker}: no "const BUILD = …;" line to fill in`);
writeFileSync(worker, source.replace(line, () => `const BUILD = ${JSON.stringify({ version, files })};`));
const bytes = files.reduce((sum, file) => sum + statSync(join(dir, file)).size, 0);
console.log(`sw.js: version ${version}, ${files.length} shell files (${Math.round(bytes / 1024)} KB before compression)`);
