/* Klaro 0.7 configuration for the benchmark page (the "config.js" of its README, loaded before
 * klaro.js). The page's gtag.js tag is marked type="text/plain" data-name="googleAnalytics";
 * Klaro turns it into a real script once that service is accepted. */
var klaroConfig = {
  version: 1,
  elementID: 'klaro',
  storageMethod: 'cookie',
  cookieName: 'klaro',
  cookieExpiresAfterDays: 365,
  default: false,
  mustConsent: false,
  acceptAll: true,
  hideDeclineAll: false,
  translations: {
    zz: { privacyPolicyUrl: '/#privacy' },
    en: {
      purposes: { analytics: 'Analytics' },
      googleAnalytics: { description: 'How the site is used.' },
    },
  },
  services: [
    {
      name: 'googleAnalytics',
      title: 'Google Analytics',
      purposes: ['analytics'],
      cookies: [/^_ga/],
      required: false,
      optOut: false,
      onlyOnce: true,
    },
  ],
};
