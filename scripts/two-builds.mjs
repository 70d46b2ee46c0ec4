// The page starts one of two builds of the app: the lead build (dashboards included) for #/dashboard… and
// #/leaderboard addresses, the contributor's, lighter, for everything else. Trunk's loader, which starts the
// contributor's build alone, and its preloads (which would fetch that build on a dashboard too) give way to a
// loader that picks by the address and starts fetching the chosen Wasm at once. Run by scripts/build-lead.
//   node scripts/two-builds.mjs DIR/index.html ./together-lead-HASH.js ./together-lead-HASH_bg.wasm
import { readFileSync, writeFileSync } from 'node:fs';

const [page, leadJs, leadWasm] = process.argv.slice(2);
let html = readFileSync(page, 'utf8');
const loader = /<script type="module">([\s\S]*?)<\/script>/.exec(html);
const js = loader && /import init, \* as bindings from '([^']+\.js)'/.exec(loader[1]);
const wasm = loader && /module_or_path: '([^']+\.wasm)'/.exec(loader[1]);
if (!js || !wasm) throw new Error(`${page}: trunk's loader was not found`);

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
for (const file of [js[1], wasm[1]]) {
  html = html.replace(new RegExp(`\\s*<link [^>]*href="${escape(file)}"[^>]*>`, 'g'), '');
}
// Mirrors Route::parse and Route::is_lead (core/src/route.rs): the first segment of the path, decoded, is
// "dashboard", with at most a task after it, or "leaderboard" alone. A contributor's build that meets such an
// address reloads the page.
const code = `
const path = location.hash.replace(/^#/, '').split('?')[0].split('/').filter(Boolean);
let first = path[0] || '';
try { first = decodeURIComponent(first); } catch (_) {}
const lead = (first === 'dashboard' && path.length <= 2) || (first === 'leaderboard' && path.length === 1);
const [js, wasm] = lead ? ${JSON.stringify([leadJs, leadWasm])} : ${JSON.stringify([js[1], wasm[1]])};
const module = fetch(wasm);
const bindings = await import(js);
await bindings.default({ module_or_path: module });
window.wasmBindings = bindings;
dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { lead } }));
`;
html = html.replace(loader[0], () => `<script type="module">${code}</script>`);
writeFileSync(page, html);
console.log(`${page}: the lead build for #/dashboard… and #/leaderboard, the contributor's for the rest`);
