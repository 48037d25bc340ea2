/* Sizes and statistics: the raw, gzip and brotli sizes of a body, medians, and the number
 * formats of the tables. */

import crypto from 'node:crypto';
import zlib from 'node:zlib';

/** Raw, gzip -9 and brotli q11 sizes of one body (cached: the same files come back every run). */
const sizeCache = new Map();
export function compressedSizes(body) {
  const key = crypto.createHash('sha1').update(body).digest('hex');
  let sizes = sizeCache.get(key);
  if (!sizes) {
    sizes = {
      raw: body.length,
      gzip: zlib.gzipSync(body, { level: 9 }).length,
      brotli: zlib.brotliCompressSync(body, { params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length } }).length,
    };
    sizeCache.set(key, sizes);
  }
  return sizes;
}

export function median(values) {
  const v = values.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

export const fixed = (digits) => (x) => x.toFixed(digits);
export const KB = (x) => (x / 1024).toFixed(1);
export const MB = (x) => (x / (1024 * 1024)).toFixed(1);
