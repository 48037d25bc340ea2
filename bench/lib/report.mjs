/* The report's tables: one per condition (the METRICS rows and the functional CHECKS), the
 * targets of issue 17, text and Markdown renderings, and the machine and peer versions. */

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { BENCH, WINDOW } from './constants.mjs';
import { LIGHTHOUSE_PAGES } from './lighthouse.mjs';
import { KB, MB, fixed, median } from './stats.mjs';
import { VARIANTS } from './variants.mjs';

/** Rows of the table. `time` rows get ConsentGate's ratios to the floor and the fastest peer
 *  (none when a value is at or under `below`, the metric's resolution). */
const METRICS = [
  { label: 'Banner visible (ms)', get: (r) => r.bannerAt, fmt: fixed(0), time: true },
  { label: 'Bytes before banner, raw (KB)', get: (r) => r.bytes?.raw, fmt: KB },
  { label: 'Bytes before banner, gzip -9 (KB)', get: (r) => r.bytes?.gzip, fmt: KB },
  { label: 'Bytes before banner, brotli 11 (KB)', get: (r) => r.bytes?.brotli, fmt: KB },
  { label: 'Banner answers clicks at once (ms)', get: (r) => r.interactiveAt, fmt: fixed(0), time: true },
  { label: 'Bytes before that, brotli 11 (KB)', get: (r) => r.interactiveBytes?.brotli, fmt: KB },
  { label: `Long tasks, first ${WINDOW / 1000} s`, get: (r) => r.longTasks, fmt: fixed(0) },
  { label: `Total blocking time, first ${WINDOW / 1000} s (ms)`, get: (r) => r.tbt, fmt: fixed(0), time: true },
  { label: 'Cumulative layout shift', get: (r) => r.cls, fmt: fixed(3) },
  { label: 'Accept click -> gtag.js requested (ms)', get: (r) => r.acceptToGtag, fmt: fixed(1), time: true },
  // Event Timing reports only entries of 16 ms or more (durations are rounded to 8 ms); a run
  // without one counts as 0 here, and a median of 16 ms or less is shown as "<=16".
  { label: 'Accept click -> next paint (ms)', get: (r) => (r.acceptToGtag === undefined ? undefined : r.clickPaint ?? 0),
    fmt: (x) => (x <= 16 ? '<=16' : x.toFixed(0)), time: true, below: 16 },
  { label: 'Returning visit: nav -> gtag.js (ms)', get: (r) => r.returnToGtag, fmt: fixed(0), time: true },
  { label: 'Returning visit: files (besides the page and Google)', get: (r) => r.returning?.files, fmt: fixed(0) },
  { label: 'Returning visit: bytes, brotli 11 (KB)', get: (r) => r.returning?.brotli, fmt: KB },
  { label: 'JS heap at banner (MB)', get: (r) => r.heap, fmt: MB },
  { label: 'Wasm memory at banner (MB)', get: (r) => r.wasmBytes, fmt: MB, only: 'consent-gate' },
];

const CHECKS = [
  ['banner', 'banner shown'],
  ['noGtagBeforeConsent', 'no gtag.js before consent'],
  ['acceptLoadsGtag', 'accept -> gtag.js'],
  ['returningLoadsGtag', 'returning -> gtag.js'],
  ['returningNoBanner', 'returning: no banner'],
];

/** Builds the table for one condition: header row and rows of strings. */
export function buildTable(runsByVariant, variants, runs) {
  const cg = variants.find((v) => v.id === 'consent-gate');
  const floor = variants.find((v) => v.id === 'floor');
  const peers = variants.filter((v) => v.pkg);
  const ratios = cg && (floor || peers.length);
  const header = ['Metric (median)', ...variants.map((v) => v.label)];
  if (ratios) header.push('CG / floor', 'CG / best peer');
  const rows = METRICS.map((m) => {
    const ratio = (a, b) => (a === null || b === null || (m.below !== undefined && Math.min(a, b) <= m.below) ? '–'
      : b === 0 ? (a === 0 ? '1.0x' : '–') : `${(a / b).toFixed(1)}x`);
    const med = new Map(variants.map((v) => [v.id, median(runsByVariant[v.id].map(m.get))]));
    const cells = variants.map((v) => {
      if (m.only && v.id !== m.only) return '–';
      const x = med.get(v.id);
      return x === null ? 'n/a' : m.fmt(x);
    });
    const row = [m.label, ...cells];
    if (ratios) {
      if (m.time) {
        const peerMedians = peers.map((p) => med.get(p.id)).filter((x) => x !== null);
        const best = peerMedians.length ? Math.min(...peerMedians) : null;
        row.push(floor ? ratio(med.get('consent-gate'), med.get('floor')) : '–', ratio(med.get('consent-gate'), best));
      } else row.push('', '');
    }
    return row;
  });
  // How many runs passed every functional check; which checks failed is listed under the table.
  rows.push(['Runs passing all checks', ...variants.map((v) => {
    const list = runsByVariant[v.id];
    return `${list.filter((r) => CHECKS.every(([key]) => r.checks[key])).length}/${runs}`;
  }), ...(ratios ? ['', ''] : [])]);
  const notes = variants.flatMap((v) => {
    const list = runsByVariant[v.id];
    const failed = CHECKS.filter(([key]) => list.some((r) => !r.checks[key]));
    if (!failed.length) return [];
    const reasons = [...new Set(list.filter((r) => r.failure).map((r) => r.failure))];
    return [`${v.label} checks: ${failed.map(([key, text]) => `${text} ${list.filter((r) => r.checks[key]).length}/${runs}`).join(', ')}`
      + (reasons.length ? ` (${reasons.join('; ')})` : '')];
  });
  return { header, rows, notes };
}

/** Issue 17's targets, measured in this run, with the value each is compared against. */
export function targetTable(results, lighthouse, variants) {
  const ids = new Set(variants.map((v) => v.id));
  if (!ids.has('consent-gate') || !ids.has('vanilla-cookieconsent')) return null;
  const med = (c, id, get) => (results[c] ? median(results[c][id].map(get)) : null);
  const rows = [];
  const verdict = (ok) => (ok === null ? 'not measured' : ok ? 'yes' : 'no');
  const ms = (x) => (x === null ? 'n/a' : `${x.toFixed(0)} ms`);
  const c0 = results.default ? 'default' : Object.keys(results)[0];
  if (c0) {
    const bytes = med(c0, 'consent-gate', (r) => r.returning?.brotli);
    const own = results[c0]['consent-gate'].map((r) => r.returning?.paths.filter((p) => p.startsWith('/cg/')).length);
    rows.push(['returning visit: at most 20 KB brotli, one ConsentGate file',
      `${KB(bytes ?? 0)} KB with the config; ConsentGate files: ${[...new Set(own)].join('/')} (${[...new Set(results[c0]['consent-gate'].flatMap((r) => r.returning?.paths ?? []))].join(', ')})`,
      verdict(bytes !== null && bytes <= 20 * 1024 && own.every((n) => n === 1))]);
    const first = med(c0, 'consent-gate', (r) => r.bytes?.brotli);
    rows.push(['first visit: at most 90 KB brotli before the banner', `${KB(first ?? 0)} KB (vanilla ${KB(med(c0, 'vanilla-cookieconsent', (r) => r.bytes?.brotli) ?? 0)})`, verdict(first !== null && first <= 90 * 1024)]);
  }
  for (const c of Object.keys(results)) {
    const cg = med(c, 'consent-gate', (r) => r.returnToGtag);
    const vanilla = med(c, 'vanilla-cookieconsent', (r) => r.returnToGtag);
    rows.push([`returning visit, ${c}: gtag.js no later than with vanilla`, `${ms(cg)} vs ${ms(vanilla)} (${cg && vanilla ? (cg / vanilla).toFixed(2) : '–'}x)`, verdict(cg !== null && vanilla !== null ? cg <= vanilla : null)]);
    const banner = Object.fromEntries(variants.map((v) => [v.id, med(c, v.id, (r) => r.bannerAt)]));
    const others = ['klaro', 'tarteaucitron'].filter((id) => banner[id] !== undefined && banner[id] !== null);
    rows.push([`first visit, ${c}: banner before klaro and tarteaucitron`, `${ms(banner['consent-gate'])} vs ${others.map((id) => `${id} ${ms(banner[id])}`).join(', ')}`, verdict(others.length ? others.every((id) => banner['consent-gate'] < banner[id]) : null)]);
    if (c === 'mobile') {
      const ratio = banner['consent-gate'] / banner['vanilla-cookieconsent'];
      rows.push(['first visit, mobile: banner within 1.3x of vanilla', `${ms(banner['consent-gate'])} vs ${ms(banner['vanilla-cookieconsent'])} (${ratio.toFixed(2)}x)`, verdict(ratio <= 1.3)]);
    }
    const answers = med(c, 'consent-gate', (r) => r.interactiveAt);
    rows.push([`first visit, ${c}: (for the record) the banner answers clicks at once`, `${ms(answers)}, ${KB(med(c, 'consent-gate', (r) => r.interactiveBytes?.brotli) ?? 0)} KB (vanilla ${ms(banner['vanilla-cookieconsent'])}); clicks before then wait and are applied`, '–']);
    const cls = med(c, 'consent-gate', (r) => r.cls);
    rows.push([`nothing worse, ${c}: CLS 0, accept -> gtag.js`, `CLS ${cls === null ? 'n/a' : cls.toFixed(3)}; ${med(c, 'consent-gate', (r) => r.acceptToGtag)?.toFixed(1)} ms`, verdict(cls === 0)]);
    if (c === 'default') {
      const tasks = med(c, 'consent-gate', (r) => r.longTasks);
      rows.push(['nothing worse, no throttling: no long task', `${tasks} long tasks`, verdict(tasks === 0)]);
    }
  }
  for (const [page] of LIGHTHOUSE_PAGES) {
    const lcp = (id) => median(((lighthouse[page] || {})[id] || []).filter((r) => !r.failure).map((r) => r.lcp));
    const [cgLcp, vanillaLcp] = [lcp('consent-gate'), lcp('vanilla-cookieconsent')];
    rows.push([`Lighthouse mobile LCP within 1.25x of vanilla (median), ${page}`, cgLcp && vanillaLcp ? `${ms(cgLcp)} vs ${ms(vanillaLcp)} (${(cgLcp / vanillaLcp).toFixed(2)}x)` : 'n/a', verdict(cgLcp && vanillaLcp ? cgLcp <= 1.25 * vanillaLcp : null)]);
  }
  return { header: ['target', 'measured (ConsentGate vs peers)', 'met?'], rows, notes: [] };
}

export function formatText({ header, rows }) {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => String(r[i]).length)));
  const line = (r) => r.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function formatMarkdown({ header, rows }) {
  const esc = (c) => String(c).replace(/\|/g, '\\|');
  return [`| ${header.map(esc).join(' | ')} |`, `|${header.map((_, i) => (i ? ' ---: ' : ' --- ')).join('|')}|`,
    ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`)].join('\n');
}

/* Environment, for the report. */

export function machine() {
  let nproc = String(os.availableParallelism());
  try { nproc = execFileSync('nproc', { encoding: 'utf8' }).trim(); } catch { /* keep Node's count */ }
  let cpu = os.cpus()[0]?.model ?? 'unknown';
  try { cpu = /^model name\s*:\s*(.*)$/m.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpu; } catch { /* not Linux */ }
  return { nproc, cpu, ram: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB` };
}

export function peerVersions() {
  return VARIANTS.filter((v) => v.pkg).map((v) => {
    const pkg = JSON.parse(fs.readFileSync(path.join(BENCH, 'node_modules', v.pkg, 'package.json'), 'utf8'));
    return `${pkg.name}@${pkg.version}`;
  });
}
