// The public contract of ConsentGate's JavaScript API (window.ConsentGate) and its events,
// and the config's type (ConsentGateConfig).
// Changes here are listed in CHANGELOG.md. tests/types/usage.ts calls every member and is
// type-checked against this file by the test command; tests/e2e/api.test.mjs checks the real
// object against the same list.

/** The stored record, schema 1 (localStorage["consent-gate"]). */
export interface ConsentRecord {
  schema: 1;
  /** Random UUID v4 of this decision; every decision gets a new one. */
  id: string;
  /** First decision on this site (ISO-8601, UTC). */
  created: string;
  /** This decision (ISO-8601, UTC). */
  updated: string;
  /** When the banner asks again (ISO-8601, UTC). */
  expires: string;
  /** The config revision decided on. */
  revision: number;
  /** How: the banner's buttons, the preferences, the API, or Global Privacy Control withdrawing a stored grant. */
  method: "accept-all" | "reject-all" | "custom" | "api" | "gpc" | "contextual";
  /** Category id -> granted. Strictly necessary categories are always true. */
  categories: Record<string, boolean>;
  /** Service id -> granted (a service also needs its category). */
  services: Record<string, boolean>;
}

export type ConsentGateEvent = "ready" | "change";

export interface ConsentGateApi {
  /** Opens the banner. */
  show(): void;
  /** Opens the preferences dialog. */
  showPreferences(): void;
  /** Opens the privacy policy viewer (config `policy.url`). */
  showPolicy(): void;
  /** Grants every optional purpose (recorded with method "api"). */
  acceptAll(): void;
  /** Denies every optional purpose (recorded with method "api"). */
  rejectAll(): void;
  /** Whether a category or service id is granted now. Unknown ids are false. */
  accepted(categoryOrService: string): boolean;
  /** The current decision, or null before one. */
  getConsent(): ConsentRecord | null;
  /** Forgets the decision, withdraws everything and shows the banner (reloads if tags ran). */
  reset(): void;
  /**
   * Shows the interface in another language (a BCP 47 tag such as "de" or "pt-BR"), without a
   * reload. A language the config does not offer is refused with a console warning.
   */
  setLanguage(tag: string): void;
  /**
   * Listens for an event; "ready" answers at once (ConsentGate is ready once this object
   * exists). Always returns a function that removes the listener (a no-op for "ready" and for
   * arguments it refused with a console error).
   */
  on(event: ConsentGateEvent, listener: (consent: ConsentRecord | null) => void): () => void;
  /** The ConsentGate version, e.g. "0.5.0". */
  readonly version: string;
}

// The config (config.json, or the inline <script type="application/json"
// id="consent-gate-config">): the same keys as config.schema.json (its $defs are the sub-types
// below) and the README's "Config reference". The types cannot check what spans fields or needs
// a pattern (ids unique across categories and services, the Google category, texts per
// language, ID formats, contrast); ConsentGate and the schema do. tests/types/configs.mjs
// checks the keys, the required ones and the enums against the schema, and types every valid
// test config, www/config.json and www/shorthand.html's inline config with ConsentGateConfig.

/** A language tag (BCP 47) such as "en", "pt-BR" or "zh-Hant". */
export type LanguageTag = string;

/**
 * A text: a non-empty string for every language, or an object of non-empty strings keyed by
 * language tag ({"en": "Analytics", "de": "Analyse"}).
 */
export type LocalizedText = string | Record<LanguageTag, string>;

/**
 * A text that may be empty: a string for every language, or an object of strings keyed by
 * language tag.
 */
export type LocalizedTextMayBeEmpty = string | Record<LanguageTag, string>;

/** An http(s), mailto or relative URL (other schemes such as javascript: are refused). */
export type Link = string;

/** An http(s) or relative URL, or an object of them keyed by language tag. */
export type LocalizedLink = Link | Record<LanguageTag, Link>;

/**
 * An exact name, or a pattern when it starts with ^ or ends with $: . is any character, .* any
 * run, \ escapes the next character; no other regex syntax. No spaces, control characters, ;,
 * ,, = or ". A pattern that matches every name (^, ^.*, .*$) or only the empty one (^$) is refused.
 */
export type NamePattern = string;

/** A Google Consent Mode v2 type. */
export type ConsentType =
  | "ad_storage"
  | "ad_user_data"
  | "ad_personalization"
  | "analytics_storage"
  | "functionality_storage"
  | "personalization_storage"
  | "security_storage";

/** An opaque colour: #rgb, #rrggbb or rgb(r, g, b). */
export type Colour = string;

/** The config of ConsentGate. Every key but `categories` is optional; unknown keys are errors. */
export interface ConsentGateConfig {
  /** Ignored by ConsentGate; lets editors find this schema (e.g. "./config.schema.json"). */
  $schema?: string;
  /**
   * Bump it to ask every visitor again: earlier choices are suspended (nothing optional runs)
   * until the visitor decides again, with their old choices pre-filled. Integer, default 1.
   */
  revision?: number;
  /**
   * Shown in the banner when it asks again after a change (new revision or a new category or
   * service). Default: the built-in text `revisionNotice`.
   */
  revisionMessage?: LocalizedText;
  /**
   * How long a choice (refusals too) lasts, in days: 1 to 395 (13 months, the CNIL maximum).
   * Then the banner asks again. Default 182.
   */
  expiryDays?: number;
  /**
   * Show this language whatever the page (`<html lang>`) and the browser ask for. Without it:
   * the first of the page's and the browser's languages that is offered (BCP 47 lookup), else
   * the first of `languages`, else English. A language without built-in texts must give every
   * text in `texts`.
   */
  language?: LanguageTag;
  /**
   * The languages the site's texts are written in, its default first. The widget offers only
   * these (without `languages`: every built-in language). A text written per language (an
   * object keyed by language tag) must then have exactly these languages; a listed language
   * without built-in texts needs every text in `texts`.
   */
  languages?: LanguageTag[];
  /** The privacy policy the banner and preferences link to, shown in ConsentGate's viewer. */
  policy?: Policy;
  /**
   * Overrides interface texts (English and 46 other languages are built in): a non-empty
   * string, or one per language tag.
   */
  texts?: Texts;
  /**
   * The purposes the visitor grants or denies, in the order shown. Keys are ids (a letter, then
   * letters, digits, `_` or `-`; at most 40) that markup names in `data-consent`; category and
   * service ids must be unique across both. Required, at least one.
   */
  categories: Record<string, Category>;
  /** Google tags (GA4, Tag Manager) and Consent Mode v2. */
  google?: Google;
  /**
   * Microsoft's tags: UET (Microsoft Advertising) and Clarity, with their consent signals (UET
   * consent mode, Clarity consentv2), loaded only once consent grants them.
   */
  microsoft?: Microsoft;
  /** Proof of consent: a receipt of each decision is sent to the endpoint. */
  proof?: Proof;
  /** Show a floating "Privacy preferences" control once a choice exists. Default true. */
  reopenButton?: boolean;
  /**
   * The corner of the floating reopen control: bottom-start, bottom-end, top-start or top-end
   * (start and end follow the text direction). Default "bottom-start".
   */
  reopenPosition?: "bottom-start" | "bottom-end" | "top-start" | "top-end";
  /**
   * Reload the page when consent ends for something that already ran (its scripts cannot be
   * unloaded). Default true.
   */
  reloadOnWithdraw?: boolean;
  /**
   * Share one choice across the subdomains of this domain (the site's registrable domain, or a
   * parent of the page's host), e.g. "example.co.uk": the record is also kept in a first-party
   * cookie `consent-gate` on it, read by every page under it with the same config text and
   * revision. Not a public suffix (`com`, `co.uk`). Different registrable domains cannot share
   * a choice.
   */
  consentDomain?: string;
  /**
   * Region rules (docs/regions.md): where the banner asks first (opt-in) and where the optional
   * purposes run until the visitor objects (opt-out), by the visitor's region as the page gives
   * it (`data-region` on the script tag, or `<meta name="consent-region">`). The first rule
   * covering the region applies; with no region, one that is not an ISO 3166 code, or none
   * covering it, the strictest rule (opt-in before opt-out, GPC binding first). Without
   * `regions`: opt-in everywhere.
   */
  regions?: Regions;
  /**
   * Show a built-in placeholder in place of a marked iframe that names a service and may not
   * load yet: the service, its provider, Load once, Always allow <service> and the preferences,
   * in the visitor's language. An iframe may name an image on the site's own host in
   * data-thumbnail, shown behind the text. Default true.
   */
  placeholders?: boolean;
  /** Colours, font and corner radius of the interface. */
  theme?: Theme;
  /**
   * The first layer: "box" (floating over the page), "bar" (full width, top or bottom) or
   * "modal" (a centred dialog). Default "box".
   */
  layout?: "box" | "bar" | "modal";
  /**
   * Where the first layer sits, by layout: box: bottom (default), bottom-start, bottom-end,
   * top, top-start, top-end; bar: bottom (default), top; modal: center (its only one).
   */
  position?: "bottom" | "bottom-start" | "bottom-end" | "top" | "top-start" | "top-end" | "center";
  /** Modal layout only: a backdrop blocks the page until the visitor decides. Default false. */
  blocking?: boolean;
}

/** The privacy policy the banner and preferences link to, shown in ConsentGate's viewer. */
export interface Policy {
  /**
   * The privacy policy document (Markdown, optionally with TOML/YAML front matter, or plain
   * text) the viewer shows: an http(s) or relative URL (relative to the config file), or one
   * per language. Required.
   */
  url: LocalizedLink;
  /**
   * Where the policy links point (middle-click, no JavaScript), e.g. a standalone policy page:
   * an http(s) or relative URL, or one per language. Default: `policy.url`.
   */
  page?: LocalizedLink;
}

/**
 * Overrides interface texts (English and 46 other languages are built in): a non-empty string,
 * or one per language tag. i18n/README.md says where each shows.
 */
export interface Texts {
  /** Replaces the built-in text. English: "Cookies on this site" */
  bannerTitle?: LocalizedText;
  /**
   * Replaces the built-in text. English: "We use cookies that the site needs to work. With your
   * consent, we would also like to use optional cookies for these purposes: {purposes}. Nothing
   * optional is set until you choose, and you can change your mind at any time."
   */
  bannerText?: LocalizedText;
  /**
   * Replaces the built-in text. English: "We only use cookies that the site needs to work. They
   * do not require your consent."
   */
  bannerTextNecessary?: LocalizedText;
  /** Replaces the built-in text. English: ", " */
  listSeparator?: LocalizedText;
  /** Replaces the built-in text. English: ": " */
  fieldSeparator?: LocalizedText;
  /** Replaces the built-in text. English: "Accept all" */
  acceptAll?: LocalizedText;
  /** Replaces the built-in text. English: "Reject all" */
  rejectAll?: LocalizedText;
  /** Replaces the built-in text. English: "Manage preferences" */
  managePreferences?: LocalizedText;
  /** Replaces the built-in text. English: "Privacy policy" */
  policyLink?: LocalizedText;
  /** Replaces the built-in text. English: "Privacy preferences" */
  preferencesTitle?: LocalizedText;
  /**
   * Replaces the built-in text. English: "Choose which optional cookies and similar
   * technologies we may use. Strictly necessary ones are always on because the site cannot work
   * without them."
   */
  preferencesText?: LocalizedText;
  /** Replaces the built-in text. English: "Save preferences" */
  savePreferences?: LocalizedText;
  /** Replaces the built-in text. English: "Close" */
  close?: LocalizedText;
  /** Replaces the built-in text. English: "Always on" */
  alwaysOn?: LocalizedText;
  /** Replaces the built-in text. English: "Services" */
  services?: LocalizedText;
  /** Replaces the built-in text. English: "Provider" */
  provider?: LocalizedText;
  /** Replaces the built-in text. English: "Cookie" */
  cookie?: LocalizedText;
  /** Replaces the built-in text. English: "Lifetime" */
  lifetime?: LocalizedText;
  /** Replaces the built-in text. English: "Purpose" */
  purpose?: LocalizedText;
  /** Replaces the built-in text. English: "Shares data with a third party" */
  thirdParty?: LocalizedText;
  /** Replaces the built-in text. English: "Yes" */
  yes?: LocalizedText;
  /** Replaces the built-in text. English: "No" */
  no?: LocalizedText;
  /** Replaces the built-in text. English: "Privacy preferences" */
  reopenButton?: LocalizedText;
  /**
   * Replaces the built-in text. English: "We have changed how we use cookies since your last
   * visit. Please review your choice."
   */
  revisionNotice?: LocalizedText;
  /**
   * Replaces the built-in text. English: "Your browser sends a Global Privacy Control signal,
   * so this stays off."
   */
  gpcHonoured?: LocalizedText;
  /**
   * Replaces the built-in text. English: "Opt-out request honoured: your browser’s Global
   * Privacy Control signal counts as a request to opt out of the sale and sharing of your
   * personal information."
   */
  gpcOptOut?: LocalizedText;
  /** Replaces the built-in text. English: "Contents" */
  contents?: LocalizedText;
  /** Replaces the built-in text. English: "Last updated" */
  lastUpdated?: LocalizedText;
  /** Replaces the built-in text. English: "Cookie declaration" */
  cookieDeclaration?: LocalizedText;
  /** Replaces the built-in text. English: "Change your choice" */
  changeChoice?: LocalizedText;
  /** Replaces the built-in text. English: "Loading the privacy policy…" */
  policyLoading?: LocalizedText;
  /** Replaces the built-in text. English: "The privacy policy could not be loaded." */
  policyFailed?: LocalizedText;
  /** Replaces the built-in text. English: "Service" */
  service?: LocalizedText;
  /** Replaces the built-in text. English: "No cookies" */
  noCookies?: LocalizedText;
  /** Replaces the built-in text. English: "Your consent ID" */
  consentId?: LocalizedText;
  /** Replaces the built-in text. English: "Last decided" */
  decidedAt?: LocalizedText;
  /** Replaces the built-in text. English: "Your choices have been saved." */
  choicesSaved?: LocalizedText;
  /** Replaces the built-in text. English: "{service}, not loaded" */
  placeholderName?: LocalizedText;
  /**
   * Replaces the built-in text. English: "This content comes from {provider}. Loading it lets
   * {provider} set cookies and see that you visited this page."
   */
  placeholderText?: LocalizedText;
  /** Replaces the built-in text. English: "Load once" */
  placeholderLoadOnce?: LocalizedText;
  /** Replaces the built-in text. English: "Always allow {service}" */
  placeholderAlwaysAllow?: LocalizedText;
}

/** A category: a purpose the visitor grants or denies. */
export interface Category {
  /** The category's heading in the banner and preferences. Required. */
  title: LocalizedText;
  /** What the category is for. Required. */
  description: LocalizedText;
  /**
   * Strictly necessary: always on, shown disabled, never asked. Cannot hold Google tags, Google
   * cookies, ad or analytics Consent Mode types, or `gpc`. Default false.
   */
  required?: boolean;
  /**
   * Denied whenever the browser sends Global Privacy Control. Default: true for categories
   * granting an ad type (ad_storage, ad_user_data, ad_personalization).
   */
  gpc?: boolean;
  /**
   * The Consent Mode types this category grants. Default by id:
   * analytics/statistics/performance/measurement -> analytics_storage;
   * marketing/advertising/ads/targeting -> ad_storage, ad_user_data, ad_personalization;
   * functionality/functional/preferences/personalization -> functionality_storage,
   * personalization_storage; any other id: none. A strictly necessary category may only grant
   * functionality_storage, personalization_storage and security_storage.
   */
  consentMode?: ConsentType[];
  /**
   * Named tools inside the category, keyed by id (markup names it in `data-service`); a
   * service's scripts run only if both it and its category are granted.
   */
  services?: Record<string, Service>;
}

/** A named tool inside a category (an analytics tool, a video player, an ad pixel). */
export interface Service {
  /** The service's name. Required. */
  title: LocalizedText;
  /** What it does. */
  description?: LocalizedTextMayBeEmpty;
  /** Who runs it. */
  provider?: string;
  /** Whether data goes to someone other than the site. Default: true if `provider` is set. */
  thirdParty?: boolean;
  /** The cookies it sets: listed in the cookie declaration and deleted when its consent ends. */
  cookies?: Cookie[];
  /** The localStorage keys it writes (names or patterns); removed when its consent ends. */
  localStorage?: NamePattern[];
  /**
   * For iframemanager's markup, <div data-service="<this service>" data-id="...">: the embed's
   * https:// address with {data-id} where the div's data-id goes, e.g.
   * "https://www.youtube-nocookie.com/embed/{data-id}". Built in for youtube and vimeo.
   */
  embedUrl?: string;
}

/** A cookie a service sets. */
export interface Cookie {
  /**
   * The cookie's exact name, or a pattern when it starts with ^ or ends with $ (. any
   * character, .* any run, \ escapes), e.g. "^_ga_". Required.
   */
  name: NamePattern;
  /** How long it lives, shown as written ("2 years"). */
  lifetime?: LocalizedTextMayBeEmpty;
  /** Its purpose. */
  description?: LocalizedTextMayBeEmpty;
  /** The path it is set on (deleted there too): starts with /, no ; or spaces. Default "/". */
  path?: string;
}

/** Google tags (GA4, Tag Manager) and Consent Mode v2. */
export interface Google {
  /**
   * A GA4 measurement ID (G- then capital letters and digits, e.g. "G-AB12CD34EF"):
   * ConsentGate loads gtag.js for it after consent.
   */
  measurementId?: string;
  /**
   * A Tag Manager container ID (GTM- then capital letters and digits, e.g. "GTM-AB12CD3"):
   * ConsentGate loads gtm.js for it after consent.
   */
  containerId?: string;
  /**
   * The category or service id whose consent loads the Google tags; name the service (e.g.
   * "ga4") so switching that service off keeps them out. Must not be strictly necessary.
   * Default "analytics".
   */
  category?: string;
  /** Push Consent Mode v2 default and update commands through a real gtag. Default true. */
  consentMode?: boolean;
  /**
   * "basic" loads nothing before consent; "advanced" loads the tags at once with denied
   * defaults. Default "basic".
   */
  mode?: "basic" | "advanced";
  /**
   * Advanced mode only: `wait_for_update` in the default command, in milliseconds (0 to
   * 10000). Default 500.
   */
  waitForUpdate?: number;
  /**
   * Advanced mode only: an extra default per ISO 3166-2 region ("US", "US-CA") granting these
   * types before a choice, e.g. {"US": ["analytics_storage"]}. Not with `regions`, whose rules
   * give the defaults.
   */
  regions?: Record<string, ConsentType[]>;
  /** Advanced mode only: gtag('set', 'ads_data_redaction', true). Default true. */
  adsDataRedaction?: boolean;
  /** Advanced mode only: gtag('set', 'url_passthrough', true). Default false. */
  urlPassthrough?: boolean;
}

/**
 * Microsoft's tags: UET (Microsoft Advertising) and Clarity, with their consent signals (UET
 * consent mode, Clarity consentv2), loaded only once consent grants them.
 */
export interface Microsoft {
  /**
   * A UET tag ID (its digits, e.g. "343012345"): ConsentGate pushes UET's consent default and
   * updates, and loads bat.bing.com/bat.js once ad_storage is granted.
   */
  uetId?: string;
  /**
   * A Clarity project ID (up to 20 letters and digits, e.g. "abcde12345"): ConsentGate calls
   * clarity('consentv2', ...) on every decision and loads www.clarity.ms/tag/<id> once
   * analytics_storage is granted.
   */
  clarityId?: string;
}

/** Proof of consent: a receipt of each decision is sent to the endpoint. */
export interface Proof {
  /**
   * Where a receipt of each decision is sent (navigator.sendBeacon, a POST of JSON as
   * text/plain): an http(s) or relative URL. Required.
   */
  endpoint: string;
}

/** Region rules (docs/regions.md): opt-in or opt-out, and Global Privacy Control, by region. */
export interface Regions {
  /**
   * The rules, in order: the first that covers the visitor's region applies. Required, at least
   * one.
   */
  rules: RegionRule[];
}

/** A region rule. */
export interface RegionRule {
  /**
   * Where the rule applies: ISO 3166-1 countries (a country covers its subdivisions), ISO
   * 3166-2 subdivisions, the groups EU and EEA (their member states), or "*" (every region),
   * e.g. ["EU", "EEA", "GB", "CH"], ["US-CA", "US-CO"] or ["*"]. Required.
   */
  regions: string[];
  /**
   * opt-in: the banner asks, nothing optional runs before a choice. opt-out: no banner; every
   * optional category runs (less what Global Privacy Control refuses) until the visitor
   * objects through the reopen control or the preferences. Required.
   */
  model: "opt-in" | "opt-out";
  /**
   * Global Privacy Control is binding law here (e.g. California, Colorado): with the signal,
   * the preferences say the opt-out request was honoured and receipts record it
   * (`gpcBinding`). The signal is honoured everywhere regardless.
   */
  gpc?: "binding";
}

/**
 * Colours, font and corner radius of the interface. A page's own --cg-* custom properties still
 * win.
 */
export interface Theme {
  /**
   * The built-in palette: "light", "dark", or "auto" (the visitor's prefers-color-scheme).
   * Default "light".
   */
  scheme?: "light" | "dark" | "auto";
  /**
   * Colours over the built-in light palette; only the roles given are replaced. Text pairs
   * must reach a contrast of 4.5:1 and `accent` on `background` 3:1 (WCAG 2.2 AA), counting
   * built-in colours for the roles not given.
   */
  colors?: ThemeColors;
  /**
   * Colours over the built-in dark palette; only the roles given are replaced (only with
   * `scheme` "dark" or "auto"). Text pairs must reach a contrast of 4.5:1 and `accent` on
   * `background` 3:1 (WCAG 2.2 AA), counting built-in colours for the roles not given.
   */
  darkColors?: ThemeColors;
  /**
   * A CSS font-family list, e.g. "Georgia, serif" (names, quotes, commas, spaces and
   * hyphens). Default: the system UI font.
   */
  font?: string;
  /** Corner radius in px, 0 to 32. Default: 12. */
  radius?: number;
}

/**
 * Colours by role, each #rgb, #rrggbb or rgb(r, g, b), opaque (built-in light / dark in
 * brackets).
 */
export interface ThemeColors {
  /** Dialog and banner background (#ffffff / #1b1d23). */
  background?: Colour;
  /** Body text; needs 4.5:1 on `background` (#1b1b1f / #eceef2). */
  text?: Colour;
  /** Buttons and switches that are on; needs 3:1 on `background` (#1f3a5f / #a8c7fa). */
  accent?: Colour;
  /** Text on buttons; needs 4.5:1 on `accent` (#ffffff / #0b1d3a). */
  accentText?: Colour;
  /** Links; needs 4.5:1 on `background` (#1346a8 / #a8c7fa). */
  link?: Colour;
  /** Borders and separators (#c7c9d1 / #4a4f5a). */
  border?: Colour;
}

declare global {
  interface Window {
    /**
     * Defined once ConsentGate has started (see the consent-gate:ready event), and the same
     * object for the whole page view.
     */
    ConsentGate?: ConsentGateApi;
  }
  interface DocumentEventMap {
    "consent-gate:ready": CustomEvent<ConsentRecord | null>;
    "consent-gate:change": CustomEvent<ConsentRecord | null>;
  }
}
