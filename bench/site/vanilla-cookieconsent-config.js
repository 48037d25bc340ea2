/* vanilla-cookieconsent 3.x configuration for the benchmark page (the "cookieconsent-config.js"
 * of its docs). Scripts in the page marked type="text/plain" data-category="analytics" run once
 * analytics is accepted (manageScriptTags, on by default); that is how the page loads gtag.js. */
CookieConsent.run({
  // Default true stops the plugin when navigator.webdriver is set, which it is in a browser
  // driven by Playwright; a real visitor's browser never sets it.
  hideFromBots: false,
  categories: {
    necessary: { enabled: true, readOnly: true },
    analytics: { autoClear: { cookies: [{ name: /^_ga/ }] } },
  },
  language: {
    default: 'en',
    translations: {
      en: {
        consentModal: {
          title: 'We use cookies',
          description: 'We use strictly necessary cookies, and with your consent analytics cookies to learn how the site is used.',
          acceptAllBtn: 'Accept all',
          acceptNecessaryBtn: 'Reject all',
          showPreferencesBtn: 'Manage preferences',
        },
        preferencesModal: {
          title: 'Cookie preferences',
          acceptAllBtn: 'Accept all',
          acceptNecessaryBtn: 'Reject all',
          savePreferencesBtn: 'Save preferences',
          closeIconLabel: 'Close',
          sections: [
            { title: 'Strictly necessary', description: 'Needed for the site to work.', linkedCategory: 'necessary' },
            { title: 'Analytics', description: 'How the site is used (Google Analytics).', linkedCategory: 'analytics' },
          ],
        },
      },
    },
  },
});
