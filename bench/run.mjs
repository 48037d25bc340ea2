#!/usr/bin/env node
/* ConsentGate performance benchmark.
 *
 * Serves one demo page (site/page.html) in five variants that differ only in the consent manager:
 * a plain-HTML "floor" banner, ConsentGate (the release build in --dist), vanilla-cookieconsent,
 * Klaro and tarteaucitron (from bench/node_modules). Debian's Chromium, driven by the repository's
 * playwright-core, loads each variant in a fresh browser context, N runs per variant, variants
 * interleaved run by run, under each requested condition (default, 4x CPU slowdown, mobile
 * network), and prints the medians. Every request to Google is answered by a stub; everything
 * else comes from a local HTTP server, brotli-compressed like a CDN (--no-compression: as is).
 *
 *   node bench/run.mjs [--runs N] [--dist DIR] [--conditions default,cpu4x,mobile] [--out FILE]
 *                      [--variants floor,consent-gate,...] [--verbose]
 *   node bench/run.mjs --serve      only serves the variant pages (to look at them), until Ctrl-C
 *
 * All times are read inside the page (performance.now(), Resource/Event/Long Task Timing), so
 * they share one clock whose zero is the navigation start. See README.md for the metrics.
 *
 * This file reads the options and runs everything; the parts are in lib/: constants.mjs (paths,
 * time windows, Chromium flags), variants.mjs (the VARIANTS table, the conditions), server.mjs
 * (the HTTP server), probe.mjs (the in-page probe), visit.mjs (one run: first visit, accept,
 * returning visit), lighthouse.mjs, stats.mjs (sizes, medians, formats) and report.mjs (tables,
 * text and Markdown). */

import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { BENCH, CHROMIUM_ARGS, REPO, WINDOW } from './lib/constants.mjs';
import { LIGHTHOUSE_PAGES, LIGHTHOUSE_VERSION, lighthouseOnce, lighthouseTable } from './lib/lighthouse.mjs';
import { buildTable, formatMarkdown, formatText, machine, peerVersions, targetTable } from './lib/report.mjs';
import { startServer } from './lib/server.mjs';
import { KB, compressedSizes, median } from './lib/stats.mjs';
import { CONDITIONS, VARIANTS } from './lib/variants.mjs';
import { runOnce } from './lib/visit.mjs';

// playwright-core is a dev dependency of the repository itself, not of the benchmark.
const { chromium } = createRequire(path.join(REPO, 'package.json'))('playwright-core');

async function main() {
  const { values: opts } = parseArgs({
    options: {
      // 7 runs x 5 variants x 3 conditions take about 9 minutes on the 2-core machine.
      runs: { type: 'string', default: '7' },
      dist: { type: 'string', default: path.join(REPO, 'dist', 'consent-gate') },
      conditions: { type: 'string', default: Object.keys(CONDITIONS).join(',') },
      variants: { type: 'string', default: VARIANTS.map((v) => v.id).join(',') },
      out: { type: 'string', default: path.join(BENCH, 'results.md') },
      verbose: { type: 'boolean', default: false },
      serve: { type: 'boolean', default: false },
      // Serve files uncompressed instead of brotli (as a server without compression would).
      'no-compression': { type: 'boolean', default: false },
      // Lighthouse runs per variant (mobile, PageSpeed's settings); 0 skips them.
      lighthouse: { type: 'string', default: '3' },
    },
  });
  const compress = !opts['no-compression'];
  const runs = Number(opts.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, got ${opts.runs}`);
  const conditions = opts.conditions.split(',').map((c) => c.trim()).filter(Boolean);
  for (const c of conditions) if (!CONDITIONS[c]) throw new Error(`unknown condition ${c} (known: ${Object.keys(CONDITIONS).join(', ')})`);
  const wanted = opts.variants.split(',').map((v) => v.trim());
  const variants = VARIANTS.filter((v) => wanted.includes(v.id));
  if (variants.length !== wanted.length) throw new Error(`unknown variant in ${opts.variants}`);
  const dist = path.resolve(opts.dist);
  for (const file of ['consent-gate.js', 'consent-gate-ui_bg.wasm']) {
    if (!fs.existsSync(path.join(dist, file))) throw new Error(`${file} not found in --dist ${dist}`);
  }
  for (const v of variants) {
    if (v.pkg && !fs.existsSync(path.join(BENCH, 'node_modules', v.pkg))) {
      throw new Error(`bench/node_modules/${v.pkg} is missing: run npm ci --prefix bench`);
    }
  }

  const { server, origin } = await startServer(dist, { compress });
  if (opts.serve) {
    // Only serve the variants, to look at them in a browser; stops with Ctrl-C.
    console.log(variants.map((v) => `${origin}/${v.id}.html`).join('\n'));
    return;
  }
  const lighthouseRuns = Number(opts.lighthouse);
  if (!Number.isInteger(lighthouseRuns) || lighthouseRuns < 0) throw new Error(`--lighthouse must be a whole number, got ${opts.lighthouse}`);
  const lighthouse = {};
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  const started = Date.now();
  const loadBefore = os.loadavg()[0];
  const results = {};
  try {
    // One discarded visit of each variant first: the browser's first contexts are slower.
    for (const v of variants) await runOnce(browser, origin, v, CONDITIONS.default);
    for (const c of conditions) {
      results[c] = Object.fromEntries(variants.map((v) => [v.id, []]));
      for (let i = 0; i < runs; i++) {
        // Interleave: every run visits each variant once, starting one further along each time.
        const order = variants.map((_, k) => variants[(i + k) % variants.length]);
        const line = [];
        for (const v of order) {
          const run = await runOnce(browser, origin, v, CONDITIONS[c]);
          results[c][v.id].push(run);
          line.push(run.failure ? `${v.id} FAILED` : `${v.id} ${run.bannerAt.toFixed(0)}ms`);
          if (opts.verbose) {
            if (run.failure) console.error(`  ${v.id}: ${run.failure}`);
            if (run.earlyFiles) console.error(`  ${v.id}: before the banner: ${run.earlyFiles.join(', ')}`);
            for (const e of new Set(run.errors)) console.error(`  ${v.id}: ${e}`);
          }
        }
        process.stderr.write(`[${c}] run ${i + 1}/${runs}: ${line.join(', ')}\n`);
      }
    }
    await browser.close().catch(() => {});
    for (const [page, prefix] of LIGHTHOUSE_PAGES) {
      lighthouse[page] = {};
      for (let i = 0; i < lighthouseRuns; i++) {
        const order = variants.map((_, k) => variants[(i + k) % variants.length]);
        const line = [];
        for (const v of order) {
          const run = await lighthouseOnce(`${origin}${prefix}${v.id}.html`);
          (lighthouse[page][v.id] ||= []).push(run);
          line.push(run.failure ? `${v.id} FAILED (${run.failure})` : `${v.id} LCP ${run.lcp.toFixed(0)}ms`);
        }
        process.stderr.write(`[lighthouse, ${page}] run ${i + 1}/${lighthouseRuns}: ${line.join(', ')}\n`);
      }
    }
  } finally {
    await browser.close().catch(() => {});
    server.close();
  }
  const elapsed = (Date.now() - started) / 1000;

  /* Tables and report. */
  const env = machine();
  const chromiumVersion = browser.version();
  const peers = peerVersions();
  // The build's files (the full build may be split into a gate and a UI part, loaded on demand).
  const distFiles = fs.readdirSync(dist).filter((f) => /^consent-gate.*\.(js|wasm)$/.test(f)).sort().map((f) => {
    const body = fs.readFileSync(path.join(dist, f));
    const s = compressedSizes(body);
    return `${f} ${KB(s.raw)} KB (gzip ${KB(s.gzip)}, brotli ${KB(s.brotli)})`;
  });
  const md = [
    '# ConsentGate benchmark results', '',
    `- Date: ${new Date().toISOString()}`,
    `- Machine: ${env.nproc} CPUs (nproc), ${env.cpu}, ${env.ram} RAM; load average ${loadBefore.toFixed(2)} at the start, ${os.loadavg()[0].toFixed(2)} at the end`,
    `- Chromium ${chromiumVersion} (headless, /usr/bin/chromium), Node ${process.version}`,
    `- Peers: ${peers.join(', ')}`,
    `- ConsentGate build: ${dist}: ${distFiles.join('; ')} (all of them, whether or not a page loads them)`,
    `- ${runs} runs per variant and condition, medians; variants interleaved run by run; ${elapsed.toFixed(0)} s in all`,
    `- Files served ${compress ? 'brotli-compressed (Content-Encoding: br), as a CDN would' : 'uncompressed (--no-compression)'}; the byte rows count decoded bodies`,
    `- Command: \`node bench/run.mjs ${process.argv.slice(2).join(' ')}\``.replace(/ `$/, '`'),
    '',
  ];
  for (const c of conditions) {
    const table = buildTable(results[c], variants, runs);
    console.log(`\n== ${CONDITIONS[c].label}: ${runs} runs, medians ==\n${formatText(table)}`);
    md.push(`## ${CONDITIONS[c].label}`, '', formatMarkdown(table), '');
    // The long-task window is fixed; say so where a banner only arrives near or after its end.
    for (const v of variants) {
      const at = median(results[c][v.id].map((r) => r.bannerAt));
      if (at !== null && at > WINDOW - 500) {
        const note = `${v.label}'s banner shows at ${at.toFixed(0)} ms: its start-up work falls partly or wholly after the ${WINDOW / 1000} s long-task window.`;
        console.log(`  note: ${note}`);
        md.push(`- Note: ${note}`);
      }
    }
    for (const note of table.notes) {
      console.log(`  ${note}`);
      md.push(`- ${note}`);
    }
    if (md[md.length - 1] !== '') md.push('');
  }
  if (lighthouseRuns) {
    for (const [page] of LIGHTHOUSE_PAGES) {
      const table = lighthouseTable(lighthouse[page], variants, lighthouseRuns);
      console.log(`\n== Lighthouse ${LIGHTHOUSE_VERSION}, mobile (simulated slow 4G, 4x CPU), ${page}: ${lighthouseRuns} runs, medians ==\n${formatText(table)}`);
      md.push(`## Lighthouse ${LIGHTHOUSE_VERSION}, mobile (PageSpeed's settings: simulated slow 4G, 4x CPU), first visit, ${page}`, '',
        formatMarkdown(table), '');
      for (const note of table.notes) md.push(`- ${note}`);
      if (table.notes.length) md.push('');
    }
  }
  const targets = targetTable(results, lighthouse, variants);
  if (targets) {
    console.log(`\n== The targets of issue 17 ==\n${formatText(targets)}`);
    md.splice(md.indexOf('') + 1, 0, '## The targets of issue 17, in this run', '', formatMarkdown(targets), '');
  }
  md.push('See bench/README.md for what each row measures.', '');
  fs.writeFileSync(opts.out, md.join('\n'));
  console.log(`\n${elapsed.toFixed(0)} s. Report written to ${path.relative(process.cwd(), opts.out) || opts.out}`);
}

main().catch((error) => {
  console.error(error.stack ?? error);
  process.exit(1);
});
