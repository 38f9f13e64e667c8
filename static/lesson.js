// The lesson page's script: builds each embed's address from a shipped
// scenario (with the JS API), fills the table of numbers, sizes the embeds
// to the height they report, and shows a link in place of an embed that
// does not start within a few seconds.

// Where Margin Lab lives (this page is shipped beside it).
const SITE = new URL("./", import.meta.url);
const STARTS_WITHIN_MS = 5000;

const started = new WeakSet();

// Size each embed to its content: the embeds post their height.
window.addEventListener("message", (event) => {
  const d = event.data;
  if (!d || d.type !== "margin-lab:height" || !Number.isFinite(d.height)) return;
  for (const frame of document.querySelectorAll("iframe")) {
    if (frame.contentWindow === event.source) {
      started.add(frame);
      frame.style.height = `${Math.ceil(d.height)}px`;
      const fallback = document.querySelector(`.margin-lab-fallback[data-for="${frame.id}"]`);
      if (fallback) fallback.hidden = true;
    }
  }
});

/** Shows the link to the calculator if the embed has not reported in time. */
function watch(frame, openUrl) {
  const fallback = document.querySelector(`.margin-lab-fallback[data-for="${frame.id}"]`);
  if (!fallback) return;
  fallback.querySelector("a").href = openUrl;
  frame.addEventListener("load", () => {
    setTimeout(() => {
      if (!started.has(frame)) fallback.hidden = false;
    }, STARTS_WITHIN_MS);
  });
}

try {
  const ml = await import(new URL("margin-lab-web.js", SITE).href);
  await ml.default({ module_or_path: new URL("margin-lab-web_bg.wasm", SITE) });
  const samples = Object.fromEntries(ml.samples().map((s) => [s.id, s.scenario]));
  const isolated = (sc) => ({ ...sc, positions: sc.positions.map((p) => ({ ...p, mode: "isolated" })) });

  // Each iframe: its scenario as a share fragment, its options as query parameters.
  for (const frame of document.querySelectorAll("iframe[data-lesson]")) {
    let scenario = samples[frame.dataset.lesson];
    if (frame.dataset.isolated) scenario = isolated(scenario);
    const fragment = ml.shareFragment(scenario);
    const q = new URLSearchParams({ embed: "1", id: frame.id, panels: frame.dataset.panels,
      sliders: frame.dataset.sliders, lock: frame.dataset.lock, title: frame.title });
    if (frame.dataset.columns) q.set("columns", frame.dataset.columns);
    watch(frame, new URL(`index.html${fragment}`, SITE).href);
    frame.src = new URL(`index.html?${q}${fragment}`, SITE).href;
  }

  // The table: a few shocks per scenario.
  const rows = [
    ["Hedged pair", samples["hedged-pair"], { BTCUSDT: "67200", ETHUSDT: "3360" }],
    ["One bad trade", samples["one-bad-trade"], { SOLUSDT: "120" }],
    ["One bad trade", samples["one-bad-trade"], { SOLUSDT: "135" }],
    ["Alt drags BTC", samples["alt-drags-btc"], { SOLUSDT: "120" }],
  ];
  const words = { neither: "no liquidation", cross_wiped_isolated_survives: "cross wiped, isolated survives",
    isolated_loses_cross_survives: "isolated loses, cross survives", both: "both liquidated" };
  const money = (s) => Number(s).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const body = document.querySelector("#lesson-table tbody");
  body.replaceChildren(...rows.map(([name, sc, prices]) => {
    const c = ml.compare(sc, prices);
    const tr = document.createElement("tr");
    tr.dataset.verdict = c.verdict;
    for (const text of [name, Object.entries(prices).map(([k, v]) => `${k} ${v}`).join(", "),
      money(c.all_cross.account_value), money(c.all_isolated.account_value), words[c.verdict]]) {
      const td = document.createElement("td");
      td.textContent = text;
      tr.append(td);
    }
    return tr;
  }));
} catch (e) {
  const p = document.getElementById("lesson-error");
  p.hidden = false;
  p.textContent = `Margin Lab could not load: ${e?.message ?? e}`;
  for (const frame of document.querySelectorAll("iframe[data-lesson]")) {
    const fallback = document.querySelector(`.margin-lab-fallback[data-for="${frame.id}"]`);
    if (fallback) {
      fallback.querySelector("a").href = new URL("index.html", SITE).href;
      fallback.hidden = false;
    }
  }
}

if ("serviceWorker" in navigator && (location.protocol === "https:" || ["localhost", "127.0.0.1", "[::1]"].includes(location.hostname))) {
  navigator.serviceWorker.register(new URL("./sw.js", SITE)).catch(() => {});
}
