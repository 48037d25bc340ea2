/* The benchmark's fixed settings: where it lives, the Google tag it waits for (and answers with
 * a stub), the time windows of a run, and the Chromium flags. */

import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const REPO = path.resolve(BENCH, '..');

export const GA_ID = 'G-BENCH12345';
export const GTAG_URL = `https://www.googletagmanager.com/gtag/js?id=${GA_ID}`;
export const GOOGLE = /^https:\/\/([a-z0-9-]+\.)*(googletagmanager|google-analytics)\.com\//;
/** Long tasks and blocking time are counted in the first WINDOW ms after navigation start. */
export const WINDOW = 3000;
/** The accept click comes SETTLE ms after the banner showed at the earliest, as a visitor reads
 *  first. (tarteaucitron, for one, wires its buttons up 500 ms after it shows its banner.) */
export const SETTLE = 1000;
/** Upper bound for any single wait (banner, gtag.js, stored consent). */
export const TIMEOUT = 30000;

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--enable-precise-memory-info'];
