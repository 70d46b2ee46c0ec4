// No inline scripts of ours, and a Content-Security-Policy that allows none: every inline
// <script type="module"> of a built page (trunk's loader, the widget's) moves into a file of its own beside
// it, named by its content, and the page gets the policy. Runs after every build (scripts/build-widget, a
// trunk post_build hook), on each page given.
//   node scripts/externalize-scripts.mjs DIR/index.html [DIR/embed/index.html …]
//
// The policy is a <meta> after <meta charset>: a static Space injects its own inline
// <script>window.huggingface = …</script> right after <head>, which a <meta> policy does not govern, since it
// applies only to what follows it.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export const POLICY = "script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'none'";

for (const page of process.argv.slice(2)) {
  let html = readFileSync(page, 'utf8');
  html = html.replace(/<script type="module">([\s\S]*?)<\/script>/g, (_, code) => {
    const name = `boot-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.js`;
    writeFileSync(join(dirname(page), name), code.trim() + '\n');
    return `<script type="module" src="./${name}"></script>`;
  });
  if (/<script(?![^>]*\bsrc=)[^>]*>/.test(html)) {
    throw new Error(`${page} still has an inline script: move it into a file`);
  }
  if (!html.includes('http-equiv="Content-Security-Policy"')) {
    const meta = `<meta http-equiv="Content-Security-Policy" content="${POLICY}">`;
    if (!/<meta charset="utf-8">/i.test(html)) throw new Error(`${page} has no <meta charset="utf-8">`);
    html = html.replace(/<meta charset="utf-8">/i, (charset) => `${charset}\n    ${meta}`);
  }
  writeFileSync(page, html);
  console.log(`${basename(dirname(page))}/${basename(page)}: scripts in files, ${POLICY}`);
}
