// The vendors' hosts, stubbed for the recipe tests (docs/recipes.md): each stub script notes
// that it ran and what it was told (window.__stubs, window.__calls), and sets the vendor's
// first-party cookies on the registrable domain (COOKIE_DOMAIN), as the real scripts do.
// Used by recipes-harness.mjs, which answers every request that leaves the site with these.

/** The registrable domain of the site (www.shop.example.test): the vendors set their cookies on it. */

export const COOKIE_DOMAIN = "example.test";

/** A stub script: notes itself in window.__stubs, sets cookies and storage, runs `run`. */
function script(name, { cookies = [], storage = {}, run = "" } = {}) {
  const set = (c) => `document.cookie = ${JSON.stringify(`${c}; path=/; max-age=3600; domain=${COOKIE_DOMAIN}`)};`;
  return `(function () {
  var record = function (who, args) {
    (window.__calls = window.__calls || []).push([who].concat(JSON.parse(JSON.stringify([].slice.call(args)))));
  };
  var setCookie = function (c) { document.cookie = c + "; path=/; max-age=3600; domain=${COOKIE_DOMAIN}"; };
  window.__stubs = (window.__stubs || []).concat(${JSON.stringify(name)});
  ${cookies.map(set).join("\n  ")}
  ${Object.entries(storage)
    .map(([k, v]) => `localStorage.setItem(${JSON.stringify(k)}, ${JSON.stringify(v)});`)
    .join("\n  ")}
  ${run}
})();`;
}

const html = (what) => ({ type: "text/html", body: `<!doctype html><title>${what}</title><p>${what}</p>` });
const js = (body) => ({ type: "text/javascript", body });

/** URL pattern -> answer (a function of the match). Every other outside request gets a 404. */
export const STUBS = [
  [
    /^https:\/\/widget\.intercom\.io\/widget\/([^/?#]+)$/,
    ([, app]) =>
      js(
        script("intercom", {
          cookies: [`intercom-id-${app}=9f3c`, `intercom-session-${app}=s1`, `intercom-device-id-${app}=d1`],
          run: `record("intercomSettings", [window.intercomSettings && window.intercomSettings.app_id]);
  var queued = (window.Intercom && window.Intercom.q) || [];
  window.Intercom = function () { record("Intercom", arguments); };
  queued.forEach(function (a) { record("Intercom", a); });`,
        }),
      ),
  ],
  [
    /^https?:\/\/js(-[a-z0-9]+)?\.hs-scripts\.com\/(\w+)\.js$/,
    () =>
      js(
        script("hubspot", {
          cookies: ["__hstc=1.2.3", "hubspotutk=abc", "__hssc=1.1.1", "__hssrc=1"],
          run: `record("disableHubSpotCookieBanner", [window.disableHubSpotCookieBanner]);
  var queued = window._hsp || [];
  window._hsp = { push: function (a) { record("_hsp", a); } };
  queued.forEach(function (a) { record("_hsp", a); });`,
        }),
      ),
  ],
  [
    /^https:\/\/connect\.facebook\.net\/[A-Za-z_]+\/fbevents\.js$/,
    () =>
      js(
        script("meta-pixel", {
          cookies: ["_fbp=fb.1.1700000000000.123456789"],
          run: `var click = /[?&]fbclid=([^&]+)/.exec(location.search);
  if (click) setCookie("_fbc=fb.1.1700000000000." + click[1]);
  var queued = window.fbq.queue.slice();
  window.fbq.callMethod = function () { record("fbq", arguments); };
  queued.forEach(function (a) { record("fbq", a); });`,
        }),
      ),
  ],
  [
    /^https:\/\/static\.hotjar\.com\/c\/hotjar-(\d+)\.js\?sv=(\d+)$/,
    ([, site]) =>
      js(
        script("hotjar", {
          cookies: [`_hjSessionUser_${site}=eyJpZCI6IjEifQ==`, `_hjSession_${site}=eyJpZCI6IjIifQ==`, "_hjAbsoluteSessionInProgress=0"],
          storage: { _hjUserAttributes: "e30=", hjActiveViewportIds: '{"v1":1}' },
          run: `sessionStorage.setItem("hjViewportId", "v1");
  record("hj", [window._hjSettings.hjid, window._hjSettings.hjsv]);`,
        }),
      ),
  ],
  [
    /^https:\/\/snap\.licdn\.com\/li\.lms-analytics\/insight\.min\.js$/,
    () =>
      js(
        script("linkedin-insight", {
          cookies: ["ln_or=eyIxIjoiZCJ9"],
          run: `var click = /[?&]li_fat_id=([^&]+)/.exec(location.search);
  if (click) { setCookie("li_fat_id=" + click[1]); setCookie("li_giant=" + click[1]); }
  record("partners", window._linkedin_data_partner_ids || []);`,
        }),
      ),
  ],
  [
    /^https:\/\/www\.clarity\.ms\/tag\/([^/?#]+)$/,
    // Like a project that requires consent: cookies only once analytics_Storage is granted.
    () =>
      js(
        script("clarity", {
          run: `var queued = (window.clarity && window.clarity.q) || [];
  window.clarity = function (command, consent) {
    record("clarity", arguments);
    if (command !== "consentv2") return;
    if (consent.analytics_Storage === "granted") { setCookie("_clck=1abc"); setCookie("_clsk=2def"); }
    else { ["_clck", "_clsk"].forEach(function (n) { document.cookie = n + "=; path=/; max-age=0; domain=${COOKIE_DOMAIN}"; }); }
  };
  queued.forEach(function (a) { window.clarity.apply(null, a); });`,
        }),
      ),
  ],
  [
    /^https:\/\/analytics\.tiktok\.com\/i18n\/pixel\/events\.js\?sdkid=([^&]+)&lib=ttq$/,
    ([, pixel]) =>
      js(
        script("tiktok-pixel", {
          cookies: ["_ttp=2abcDEF", "_tt_enable_cookie=1", "ttcsid=1700000000000.1", `ttcsid_${pixel}=1700000000000.1`],
          run: `var ttq = window.ttq, queued = ttq.slice();
  ttq.methods.forEach(function (m) { ttq[m] = function () { record("ttq", [m].concat([].slice.call(arguments))); }; });
  queued.forEach(function (a) { record("ttq", a); });`,
        }),
      ),
  ],
  [/^https:\/\/www\.youtube-nocookie\.com\/embed\/[^/?#]+/, () => html("YouTube player")],
  [/^https:\/\/player\.vimeo\.com\/video\/[^/?#]+\?dnt=1&/, () => html("Vimeo player")],
  [/^https:\/\/player\.vimeo\.com\/api\/player\.js$/, () => js(script("vimeo-player-api"))],
  [/^https:\/\/www\.google\.com\/maps\/embed\?pb=/, () => html("Google map")],
  [/^https:\/\/maps\.googleapis\.com\/maps\/api\/js\?/, () => js(script("google-maps-api"))],
];
