// Starts the page: loads the wasm module (the app mounts itself where the
// page asks for it), registers the service worker that keeps the site
// available offline, and says so in words when the browser cannot run it.
// An external file, not an inline script: the content security policy
// allows scripts from the site only.
import init from "./margin-lab-web.js";

const boot = document.getElementById("boot");

try {
  await init({ module_or_path: new URL("./margin-lab-web_bg.wasm", import.meta.url) });
  boot?.remove();
} catch (e) {
  if (boot) {
    boot.hidden = false;
    boot.textContent = `Margin Lab could not start in this browser (${e?.message ?? e}). It needs JavaScript and WebAssembly.`;
  }
}

if ("serviceWorker" in navigator && (location.protocol === "https:" || ["localhost", "127.0.0.1", "[::1]"].includes(location.hostname))) {
  // Offline copies of the app, the lesson page and the embeds. A refusal
  // (private mode, a sandbox) only means no offline use.
  navigator.serviceWorker.register(new URL("./sw.js", import.meta.url)).catch(() => {});
}
