/* Lighthouse: each variant's first visit in a fresh Chromium, PageSpeed's mobile settings, on
 * the pages of LIGHTHOUSE_PAGES; and the table of its medians. */

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { BENCH, CHROMIUM_ARGS } from './constants.mjs';
import { fixed, median } from './stats.mjs';

/** The version of lighthouse that ran (set by the first lighthouseOnce; a live binding for
 *  importers). */
export let LIGHTHOUSE_VERSION = '';
/** The pages Lighthouse measures: the benchmark's page (its heading is the largest contentful
 *  paint with every variant), and a short page where the banner is. */
export const LIGHTHOUSE_PAGES = [['the benchmark page', '/'], ['a short page (the banner is the largest paint)', '/short/']];
export async function lighthouseOnce(url) {
  // From bench/node_modules (bench/package.json), imported only when Lighthouse runs.
  const { default: lighthouse } = await import('lighthouse');
  const chromeLauncher = await import('chrome-launcher');
  LIGHTHOUSE_VERSION ||= JSON.parse(fs.readFileSync(path.join(BENCH, 'node_modules/lighthouse/package.json'), 'utf8')).version;
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-bench-lh-'));
  const chrome = await chromeLauncher.launch({
    chromePath: '/usr/bin/chromium',
    chromeFlags: CHROMIUM_ARGS.filter((f) => f !== '--headless').concat('--headless=new'),
    userDataDir,
  });
  try {
    const result = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance'] });
    const a = result.lhr.audits;
    if (result.lhr.runtimeError) return { failure: result.lhr.runtimeError.code };
    const element = a['largest-contentful-paint-element']?.details?.items?.[0]?.items?.[0]?.node;
    return {
      lcp: a['largest-contentful-paint'].numericValue,
      fcp: a['first-contentful-paint'].numericValue,
      tbt: a['total-blocking-time'].numericValue,
      cls: a['cumulative-layout-shift'].numericValue,
      score: result.lhr.categories.performance.score * 100,
      lcpElement: element ? element.nodeLabel || element.snippet : null,
    };
  } catch (error) {
    return { failure: error.message.split('\n')[0] };
  } finally {
    await chrome.kill();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
}

export function lighthouseTable(runsByVariant, variants, runs) {
  const rows = [
    ['Largest contentful paint (ms)', (r) => r.lcp, fixed(0)],
    ['First contentful paint (ms)', (r) => r.fcp, fixed(0)],
    ['Total blocking time (ms)', (r) => r.tbt, fixed(0)],
    ['Cumulative layout shift', (r) => r.cls, fixed(3)],
    ['Performance score', (r) => r.score, fixed(0)],
  ].map(([label, get, fmt]) => {
    const med = variants.map((v) => median((runsByVariant[v.id] || []).filter((r) => !r.failure).map(get)));
    const vanilla = med[variants.findIndex((v) => v.id === 'vanilla-cookieconsent')];
    const cg = med[variants.findIndex((v) => v.id === 'consent-gate')];
    return [label, ...med.map((x) => (x === null ? 'n/a' : fmt(x))), cg && vanilla ? `${(cg / vanilla).toFixed(2)}x` : '–'];
  });
  rows.push(['Runs', ...variants.map((v) => `${(runsByVariant[v.id] || []).filter((r) => !r.failure).length}/${runs}`), '']);
  const notes = variants.map((v) => {
    const elements = [...new Set((runsByVariant[v.id] || []).map((r) => r.lcpElement).filter(Boolean))];
    return `${v.label}: the LCP element was ${elements.map((e) => `\`${e.replace(/\s+/g, ' ').slice(0, 60)}\``).join(', ') || 'not reported'}`;
  });
  return { header: ['Metric (median)', ...variants.map((v) => v.label), 'CG / vanilla'], rows, notes };
}
