// The public contract of ConsentGate's JavaScript API (window.ConsentGate) and its events.
// Changes here are listed in CHANGELOG.md.

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
  method: "accept-all" | "reject-all" | "custom" | "api";
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
  /** Listens for an event; "ready" answers at once. Returns a function that removes the listener. */
  on(event: ConsentGateEvent, listener: (consent: ConsentRecord | null) => void): () => void;
  readonly version: string;
}

declare global {
  interface Window {
    /** Defined once ConsentGate has started; see the consent-gate:ready event. */
    ConsentGate?: ConsentGateApi;
  }
  interface DocumentEventMap {
    "consent-gate:ready": CustomEvent<ConsentRecord | null>;
    "consent-gate:change": CustomEvent<ConsentRecord | null>;
  }
}
