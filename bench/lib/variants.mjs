/* The variants: what each adds to the page, where its banner is, and how to accept (the
 * VARIANTS table); and the conditions, applied through CDP to every page before it navigates. */

import { GA_ID, GTAG_URL } from './constants.mjs';

/** The Google tag as Google gives it, for the peers that gate page markup. */
const GTAG_INLINE = `window.dataLayer = window.dataLayer || [];
function gtag(){dataLayer.push(arguments);}
gtag('js', new Date());
gtag('config', '${GA_ID}');`;

export const VARIANTS = [
  {
    id: 'floor',
    label: 'floor',
    // The least a banner can be: markup in the page, a few lines of inline script.
    head: `<style>
  .floor-banner { position: fixed; left: 1rem; right: 1rem; bottom: 1rem; z-index: 1000; display: flex; flex-wrap: wrap; gap: .75rem; align-items: center; padding: 1rem 1.25rem; background: #fff; border: 1px solid #d8d4cc; border-radius: .75rem; box-shadow: 0 .5rem 2rem rgba(0,0,0,.15); }
  .floor-banner[hidden] { display: none; }
  .floor-banner p { flex: 1 1 20rem; margin: 0; }
  .floor-banner button { padding: .6rem 1.2rem; border-radius: .5rem; border: 1px solid #1f6f5c; background: #1f6f5c; color: #fff; font: inherit; cursor: pointer; }
  .floor-banner button + button { background: #fff; color: #1f6f5c; }
</style>`,
    body: `<div id="floor-banner" class="floor-banner" role="dialog" aria-label="Cookie consent" hidden>
  <p>We use cookies to see how the site is used. Is that all right?</p>
  <button type="button" id="floor-accept">Accept all</button>
  <button type="button" id="floor-reject">Reject all</button>
</div>
<script>
(function () {
  var KEY = 'floor-consent';
  var banner = document.getElementById('floor-banner');
  function loadGtag() {
    var s = document.createElement('script');
    s.async = true;
    s.src = '${GTAG_URL}';
    document.head.appendChild(s);
    ${GTAG_INLINE.replace(/\n/g, '\n    ')}
  }
  function choose(value) {
    localStorage.setItem(KEY, value);
    banner.hidden = true;
    if (value === 'granted') loadGtag();
  }
  var stored = localStorage.getItem(KEY);
  if (stored === 'granted') { loadGtag(); return; }
  if (stored === 'denied') return;
  document.getElementById('floor-accept').onclick = function () { choose('granted'); };
  document.getElementById('floor-reject').onclick = function () { choose('denied'); };
  banner.hidden = false;
})();
</script>`,
    banner: { selector: '#floor-banner' },
    accept: (page) => page.locator('#floor-banner').getByRole('button', { name: 'Accept all', exact: true }),
    stored: () => localStorage.getItem('floor-consent') === 'granted',
  },
  {
    id: 'consent-gate',
    label: 'ConsentGate',
    // The tags of ConsentGate's README (dist/embed.html): the config's preload, then the script;
    // the config's google.measurementId makes it load gtag.js.
    head: '<link rel="preload" href="/cg-config.json" as="fetch" crossorigin>\n<script src="/cg/consent-gate.js" data-config="/cg-config.json" async></script>',
    body: '',
    banner: { host: 'consent-gate', selector: '.cg-banner', painted: '.cg-painted' },
    // CSS locators pierce open shadow roots.
    accept: (page) => page.locator('.cg-banner').getByRole('button', { name: 'Accept all', exact: true }),
    stored: () => localStorage.getItem('consent-gate') !== null,
  },
  {
    id: 'vanilla-cookieconsent',
    label: 'vanilla-cookieconsent',
    pkg: 'vanilla-cookieconsent',
    // Its docs: the stylesheet in <head>, the UMD bundle and a config file that calls
    // CookieConsent.run() at the end of <body>, third-party scripts marked with data-category.
    head: `<link rel="stylesheet" href="/vendor/vanilla-cookieconsent/cookieconsent.css">
<script type="text/plain" data-category="analytics" async src="${GTAG_URL}"></script>
<script type="text/plain" data-category="analytics">
${GTAG_INLINE}
</script>`,
    body: `<script defer src="/vendor/vanilla-cookieconsent/cookieconsent.umd.js"></script>
<script defer src="/site/vanilla-cookieconsent-config.js"></script>`,
    banner: { selector: '#cc-main .cm' },
    accept: (page) => page.locator('#cc-main .cm').getByRole('button', { name: 'Accept all', exact: true }),
    stored: () => /(^|;\s*)cc_cookie=/.test(document.cookie),
  },
  {
    id: 'klaro',
    label: 'klaro',
    pkg: 'klaro',
    // Its README: config.js then klaro.js, both deferred; services marked with data-name.
    head: `<script defer src="/site/klaro-config.js"></script>
<script defer src="/vendor/klaro/klaro.js"></script>
<script type="text/plain" data-type="text/javascript" data-name="googleAnalytics" async data-src="${GTAG_URL}"></script>
<script type="text/plain" data-type="text/javascript" data-name="googleAnalytics">
${GTAG_INLINE}
</script>`,
    body: '',
    banner: { selector: '#klaro .cookie-notice' },
    // The notice's accept button is "That's ok" (it accepts every service); "Accept all" is in the modal.
    accept: (page) => page.locator('#klaro .cookie-notice').getByRole('button', { name: "That's ok", exact: true }),
    stored: () => /(^|;\s*)klaro=/.test(document.cookie),
  },
  {
    id: 'tarteaucitron',
    label: 'tarteaucitron',
    pkg: 'tarteaucitronjs',
    // Its README: tarteaucitron.js and init() in <head> (it loads its language, services and CSS
    // files from its own folder), the gtag service declared before </body>. softConsentMode keeps
    // gtag.js unloaded until consent: by default its Consent Mode support loads gtag.js at once
    // with denied defaults, which is not the "load after consent" setup measured here.
    head: `<script src="/vendor/tarteaucitron/tarteaucitron.js"></script>
<script>
tarteaucitron.init({
  privacyUrl: '', bodyPosition: 'bottom', hashtag: '#tarteaucitron', cookieName: 'tarteaucitron',
  orientation: 'middle', groupServices: false, showDetailsOnClick: true, serviceDefaultState: 'wait',
  showAlertSmall: false, cookieslist: false, showIcon: true, iconPosition: 'BottomRight',
  adblocker: false, DenyAllCta: true, AcceptAllCta: true, highPrivacy: true, alwaysNeedConsent: false,
  handleBrowserDNTRequest: false, removeCredit: false, moreInfoLink: true, useExternalCss: false,
  useExternalJs: false, mandatory: true, mandatoryCta: true,
  googleConsentMode: true, softConsentMode: true
});
</script>`,
    body: `<script>
tarteaucitron.user.gtagUa = '${GA_ID}';
(tarteaucitron.job = tarteaucitron.job || []).push('gtag');
</script>`,
    banner: { selector: '#tarteaucitronAlertBig' },
    accept: (page) => page.locator('#tarteaucitronPersonalize2'),
    stored: () => /(^|;\s*)tarteaucitron=[^;]*gtag=true/.test(decodeURIComponent(document.cookie)),
  },
];

/** The conditions, applied through CDP to every page before it navigates. */

export const CONDITIONS = {
  default: { label: 'default (no throttling)' },
  cpu4x: { label: '4x CPU slowdown', cpu: 4 },
  // Lighthouse's mobile profile: 150 ms latency, 1.6 Mbit/s down, 750 kbit/s up.
  mobile: {
    label: 'mobile network (150 ms, 1.6 Mbit/s down, 750 kbit/s up)',
    network: { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8, connectionType: 'cellular4g' },
  },
};
