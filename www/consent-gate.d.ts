// The public contract of ConsentGate's JavaScript API (window.ConsentGate) and its events.
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
