// The receipt service end to end (issue 18): the demo's shop page in real Chromium sends its
// decisions to `consent-gate records serve` on another port (cross-origin: the service answers
// CORS for the page's origin), and they arrive; with the service down they wait in the
// visitor's outbox and arrive once it is back; `records export` holds each exactly once.
//
// Needs the native command built first: target/debug/consent-gate, which scripts/test's step
// "consent-gate command" (cargo test -p consent-gate-cli) builds before this end-to-end step.
// Run alone: cargo build -p consent-gate-cli && node --test tests/e2e/records.test.mjs
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launch, Visitor, banner, preferences, button, reopen, DEMO_CONFIG } from "./harness.mjs";

const BIN = new URL("../../target/debug/consent-gate", import.meta.url).pathname;

let env;
let dir;
before(async () => {
  assert.ok(existsSync(BIN), `${BIN} is missing: run cargo build -p consent-gate-cli first`);
  env = await launch();
  dir = mkdtempSync(join(tmpdir(), "cg-records-e2e-"));
});
after(async () => {
  await env.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A port nothing listens on now. */
function freePort() {
  return new Promise((ok) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

/** Starts `records serve` for the test server's origin; resolves once it listens. */
function serve(database, port) {
  const child = spawn(BIN, ["records", "serve", "--database", database, "--listen", `127.0.0.1:${port}`, "--origin", env.base], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((ok, fail) => {
    let out = "";
    const timer = setTimeout(() => fail(new Error(`records serve did not start: ${out}`)), 30_000);
    child.stdout.on("data", (d) => {
      out += d;
      if (out.includes("listening on")) {
        clearTimeout(timer);
        ok(child);
      }
    });
    child.on("exit", (code) => fail(new Error(`records serve exited (${code}): ${out}`)));
  });
}

function stop(child) {
  return new Promise((ok) => {
    child.removeAllListeners("exit");
    child.on("exit", ok);
    child.kill("SIGTERM");
  });
}

/** `records export` as JSON objects. */
function exported(database) {
  const text = execFileSync(BIN, ["records", "export", "--database", database], { encoding: "utf8" });
  return text.split("\n").filter(Boolean).map((l) => JSON.parse(l));
}

/** The demo's shop page with its config's receipts going to `endpoint`. The page itself comes
 * from the test server (127.0.0.1, like the service): a page answered by a route has no
 * address space, and Chromium's Local Network Access would refuse its requests to 127.0.0.1. */
async function page(v, endpoint) {
  const config = JSON.stringify({ ...DEMO_CONFIG, proof: { endpoint } });
  await v.context.route(`${env.base}/www/config.json`, (route) =>
    route.fulfill({ status: 200, contentType: "application/json", body: config }),
  );
}
const PAGE = "/";

/** Resolves once the page's outbox is empty (every receipt answered 2xx). */
const outboxEmpty = (p) => p.waitForFunction(() => localStorage.getItem("consent-gate-outbox") === null, null, { timeout: 15_000 });

test("the page's decisions arrive in the service cross-origin, each once, as the browser sent them", async () => {
  const database = `sqlite:${join(dir, "live.db")}`;
  const port = await freePort();
  const service = await serve(database, port);
  try {
    const v = await Visitor.create(env);
    const sent = [];
    v.page.on("request", (r) => r.url().startsWith(`http://127.0.0.1:${port}/`) && sent.push(r.postData()));
    await page(v, `http://127.0.0.1:${port}/`);
    await v.goto(PAGE);
    await button(banner(v.page), "Manage preferences").click();
    await preferences(v.page).getByRole("switch", { name: "Analytics" }).check();
    await button(preferences(v.page), "Save preferences").click();
    await v.changes(1);
    await outboxEmpty(v.page);
    const first = await v.stored();
    await reopen(v.page).click();
    // Withdrawing analytics after its scripts ran reloads the page (reloadOnWithdraw).
    const reloaded = v.page.waitForEvent("load");
    await button(preferences(v.page), "Reject all").click();
    await reloaded;
    await v.ready();
    await outboxEmpty(v.page);
    const second = await v.stored();
    const rows = exported(database);
    assert.deepEqual(rows.map((r) => [r.consentId, r.method, r.previousConsentId]), [
      [first.id, "custom", null],
      [second.id, "reject-all", first.id],
    ]);
    assert.deepEqual(rows.map((r) => r.receipt), sent, "stored byte for byte as the browser sent it");
    assert.equal(rows[0].categories.analytics, true);
    assert.equal(rows[1].categories.analytics, false);
    assert.deepEqual(v.consoleErrors(), [], "the cross-origin answers were readable (CORS)");
    const show = execFileSync(BIN, ["records", "show", "--database", database, second.id], { encoding: "utf8" });
    assert.match(show, new RegExp(`earlier decision ${first.id}`));
    await v.close();
  } finally {
    await stop(service);
  }
});

test("with the service down the receipts wait in the outbox and arrive once it is back, exactly once", async () => {
  const database = `sqlite:${join(dir, "outage.db")}`;
  const port = await freePort();
  const v = await Visitor.create(env);
  await page(v, `http://127.0.0.1:${port}/`);
  await v.goto(PAGE);
  const kept = v.page.waitForEvent("console", { predicate: (m) => /it is kept/.test(m.text()) });
  await button(banner(v.page), "Accept all").click();
  await v.changes(1);
  await kept;
  const pending = await v.page.evaluate(() => JSON.parse(localStorage.getItem("consent-gate-outbox")));
  const id = (await v.stored()).id;
  assert.deepEqual(pending.map((p) => p.id), [id], "kept for later");

  const service = await serve(database, port);
  try {
    // The next page view sends what waited.
    const later = await v.newPage();
    await v.goto(PAGE, later);
    await v.ready(later);
    await outboxEmpty(later);
    // A third page view sends nothing more.
    const third = await v.newPage();
    await v.goto(PAGE, third);
    await v.ready(third);
    await third.waitForLoadState("networkidle");
    const rows = exported(database);
    assert.deepEqual(rows.map((r) => [r.consentId, r.method]), [[id, "accept-all"]], "exactly once");
    const verified = execFileSync(BIN, ["records", "verify", "--database", database], { encoding: "utf8" });
    assert.match(verified, /^ok: 1 row\(s\) verified/);
    await v.close();
  } finally {
    await stop(service);
  }
});
