// The Vue app of docs/frameworks.md (tests/e2e/frameworks.test.mjs bundles it with esbuild,
// with Vue's build that compiles templates; in a single-file component the template is the same).
import { createApp, ref, onMounted, onUnmounted } from "vue";

/** Whether a category or service is granted now (false until ConsentGate has started). */
export function useConsent(id) {
  const granted = ref(false);
  const read = () => (granted.value = window.ConsentGate?.accepted(id) ?? false);
  onMounted(() => {
    read();
    document.addEventListener("consent-gate:ready", read);
    document.addEventListener("consent-gate:change", read);
  });
  onUnmounted(() => {
    document.removeEventListener("consent-gate:ready", read);
    document.removeEventListener("consent-gate:change", read);
  });
  return granted;
}

const ConsentStatus = {
  setup: () => ({
    analytics: useConsent("analytics"),
    settings: () => window.ConsentGate?.showPreferences(),
  }),
  template: `
    <p role="status">Analytics cookies: {{ analytics ? "allowed" : "not allowed" }}</p>
    <button type="button" @click="settings">Privacy settings</button>`,
};

// ConsentGate sets `src` from `data-src` once "marketing" is granted.
const Video = {
  template: `<iframe title="Video" data-consent="marketing" data-src="/t/fw/video.html"></iframe>`,
};

const base = "/t/fw/vue/";
createApp({
  components: { ConsentStatus, Video },
  setup() {
    const path = ref(location.pathname);
    const back = () => (path.value = location.pathname);
    onMounted(() => window.addEventListener("popstate", back));
    onUnmounted(() => window.removeEventListener("popstate", back));
    const go = (to) => {
      history.pushState(null, "", base + to);
      path.value = base + to;
    };
    return { path, go, base };
  },
  template: `
    <nav>
      <a :href="base" @click.prevent="go('')">Home</a>
      <a :href="base + 'video'" @click.prevent="go('video')">Video</a>
    </nav>
    <ConsentStatus />
    <Video v-if="path === base + 'video'" />
    <h1 v-else>Home</h1>`,
}).mount("#app");
