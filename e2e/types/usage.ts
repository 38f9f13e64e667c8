// Compiled (not run) against the declarations Trunk generates in dist/: the
// JS API's hand-written types must describe how the API is really used.
import init, { evaluate, compare, liquidationPrices, sweep, grid, path, samples, shareFragment, explain, timeline } from "../../dist/margin-lab-web.js";
import type { Scenario, EvaluateReport, Verdict, MarginLabError, Explanation, Expr, Timeline } from "../../dist/margin-lab-web.js";

export async function demo(): Promise<string> {
  await init();
  const scenario: Scenario = samples()[0].scenario;
  const report: EvaluateReport = evaluate(scenario, { BTCUSDT: "52000" });
  const lp: string | null = report.positions[0].liquidation_price;
  const down: string | null = report.cross.liquidation_prices["ETHUSDT"]?.down ?? null;
  const verdict: Verdict | undefined = report.comparison?.verdict;
  const c = compare(JSON.stringify(scenario), null);
  const l = liquidationPrices(scenario, undefined);
  const s = sweep(scenario, { market: "BTCUSDT", from: "40000", to: "70000", points: 100 });
  const g = grid(scenario, { x_market: "BTCUSDT", x_from: "1", x_to: "2", y_market: "ETHUSDT", y_from: "1", y_to: "2" });
  const p = path(scenario, [{}, { BTCUSDT: "55000" }]);
  const timed = path(scenario, [{}, {}], { hours_per_step: "8" });
  const t: Timeline = timeline(scenario, { market: "BTCUSDT", to: "168" });
  const firstEvent = p.variants[0].events[0];
  const how: Explanation = explain(scenario, { subject: { of: "cross_liquidation_price", market: "ETHUSDT", side: "below" }, variant: "all_cross" });
  const last: Expr | undefined = how.steps[how.steps.length - 1]?.expr;
  const op: string | undefined = last?.op;
  const kind: "isolated" | "cross" | "funding" | undefined = firstEvent?.kind;
  try {
    evaluate({ ...scenario, wallet: "-1" }, null);
  } catch (err) {
    const e = err as MarginLabError;
    return `${e.field}: ${e.code}`;
  }
  return [lp, down, verdict, c.verdict, l.cross, s.series.length, g.cells.length, kind, how.result, op, timed.variants.length, t.hours.length, shareFragment(scenario, null)].join();
}
