// Draws the app's icons (the favicon's indigo disc, with two linked rings: people working together) as SVG and
// as the PNG sizes an install prompt asks for. Run once after changing the drawing; the files are committed.
//   node scripts/icons.mjs
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const indigo = [0x4f, 0x46, 0xe5];
// Shapes in a 0..1 square: a disc (or, maskable, the whole square) and two white rings inside its safe zone.
const rings = [[0.42, 0.5], [0.58, 0.5]];
const inRing = (x, y) => rings.some(([cx, cy]) => Math.abs(Math.hypot(x - cx, y - cy) - 0.16) < 0.035);

function pixel(x, y, maskable) {
  const inside = maskable || Math.hypot(x - 0.5, y - 0.5) <= 0.47;
  if (!inside) return [0, 0, 0, 0];
  return inRing(x, y) ? [255, 255, 255, 255] : [...indigo, 255];
}

function png(size, maskable) {
  const samples = 4;
  const rows = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4);
    for (let x = 0; x < size; x++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < samples; sy++) for (let sx = 0; sx < samples; sx++) {
        const p = pixel((x + (sx + 0.5) / samples) / size, (y + (sy + 0.5) / samples) / size, maskable);
        for (let c = 0; c < 3; c++) sum[c] += p[c] * p[3];
        sum[3] += p[3];
      }
      const alpha = sum[3] / (samples * samples);
      for (let c = 0; c < 3; c++) row[1 + x * 4 + c] = sum[3] ? Math.round(sum[c] / sum[3]) : 0;
      row[1 + x * 4 + 3] = Math.round(alpha);
    }
    rows.push(row);
  }
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type), data]);
    const length = Buffer.alloc(4); length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0); header.writeUInt32BE(size, 4);
  header[8] = 8; header[9] = 6; // 8 bits, RGBA
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

function crc32(buffer) {
  let crc = ~0;
  for (const byte of buffer) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">
<circle cx="50" cy="50" r="47" fill="#4f46e5"/>
<g fill="none" stroke="#fff" stroke-width="7"><circle cx="42" cy="50" r="16"/><circle cx="58" cy="50" r="16"/></g>
</svg>
`;
writeFileSync('icons/icon.svg', svg);
writeFileSync('icons/icon-192.png', png(192, false));
writeFileSync('icons/icon-512.png', png(512, true));
console.log('icons/: icon.svg, icon-192.png, icon-512.png');
