// Calls every member of the documented API exactly as a site would. `tsc` checks it against
// www/consent-gate.d.ts (the test command), and tests/e2e/api.test.mjs checks the real
// object against MEMBERS, so the declaration, the README and the product cannot drift apart.
import type { ConsentGateApi, ConsentGateConfig, ConsentRecord } from "../../www/consent-gate";

/** Every member of window.ConsentGate. Must match ConsentGateApi exactly (checked below). */
export const MEMBERS = [
  "show",
  "showPreferences",
  "showPolicy",
  "acceptAll",
  "rejectAll",
  "accepted",
  "getConsent",
  "reset",
  "setLanguage",
  "on",
  "version",
] as const;

// A compile error here means MEMBERS and the declaration differ.
type Listed = (typeof MEMBERS)[number];
const everyMemberListed: Record<keyof ConsentGateApi, true> = {} as Record<Listed, true>;
const nothingExtraListed: Record<Listed, true> = {} as Record<keyof ConsentGateApi, true>;
void everyMemberListed;
void nothingExtraListed;

export function useEveryMember(cg: ConsentGateApi): void {
  cg.show();
  cg.showPreferences();
  cg.showPolicy();
  cg.acceptAll();
  cg.rejectAll();
  const granted: boolean = cg.accepted("analytics");
  const consent: ConsentRecord | null = cg.getConsent();
  if (consent) {
    const method: "accept-all" | "reject-all" | "custom" | "api" | "gpc" | "contextual" = consent.method;
    const when: string = consent.updated;
    void method;
    void when;
  }
  cg.reset();
  cg.setLanguage("de");
  const off: () => void = cg.on("change", (record) => void record?.categories);
  off();
  const offReady: () => void = cg.on("ready", () => {});
  offReady();
  const version: string = cg.version;
  void granted;
  void version;
}

export function useEvents(): void {
  document.addEventListener("consent-gate:change", (e) => {
    const record: ConsentRecord | null = e.detail;
    void record;
  });
  const cg = window.ConsentGate;
  if (cg) useEveryMember(cg);
}

// A config as a site would write it in a TypeScript or JavaScript build (every valid test
// config is typed the same way in configs.generated.ts, written by configs.mjs).
export const config: ConsentGateConfig = {
  categories: {
    analytics: {
      title: "Analytics",
      description: "...",
      services: { ga4: { title: "Google Analytics" } },
    },
  },
  google: { measurementId: "G-XXXX" },
};

export const refused: ConsentGateConfig[] = [
  {
    categories: { analytics: { title: "Analytics", description: "..." } },
    // @ts-expect-error a value outside an enum of the schema ("opt-in" or "opt-out")
    regions: { rules: [{ regions: ["*"], model: "opt-maybe" }] },
  },
  {
    categories: { analytics: { title: "Analytics", description: "..." } },
    // @ts-expect-error a key the schema does not have (a typo of "expiryDays")
    expiresDays: 30,
  },
  {
    categories: {
      // @ts-expect-error a category needs a description
      analytics: { title: "Analytics" },
    },
  },
];
