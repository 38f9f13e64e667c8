//! The CLI as a user runs it: files and stdin in, JSON out, errors on stderr.
use std::io::Write;
use std::process::{Command, Output, Stdio};

fn run(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_margin-lab"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn margin-lab");
    let mut input = child.stdin.take().expect("stdin");
    input
        .write_all(stdin.unwrap_or("").as_bytes())
        .expect("write stdin");
    drop(input);
    child.wait_with_output().expect("wait")
}

fn json(out: &Output) -> serde_json::Value {
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON on stdout")
}

/// The default book in a file of its own: tests run in parallel, and one
/// rewriting a shared file while another reads it gave the reader an
/// empty file.
fn default_file() -> String {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("margin-lab-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("default-{n}.json"));
    std::fs::write(&path, margin_engine::samples::default_json()).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn evaluate_reports_liquidation_prices_in_the_documented_shape() {
    let v = json(&run(&["evaluate", &default_file()], None));
    let positions = v["positions"].as_array().unwrap();
    assert_eq!(positions.len(), 3);
    // Isolated BTC: its own price as a decimal string; cross positions: null.
    assert_eq!(
        positions[0]["liquidation_price"],
        "57236.180904522613065326633166"
    );
    assert!(positions[1]["liquidation_price"].is_null());
    assert!(positions[2]["liquidation_price"].is_null());
    // The cross account, per market: down and up.
    let liq = &v["cross"]["liquidation_prices"];
    assert!(liq["ETHUSDT"]["down"]
        .as_str()
        .unwrap()
        .starts_with("2325.80321285"));
    assert!(liq["ETHUSDT"]["up"].is_null());
    assert!(liq["SOLUSDT"]["up"]
        .as_str()
        .unwrap()
        .starts_with("183.358171882"));
    assert_eq!(v["comparison"]["verdict"], "neither");
}

#[test]
fn evaluate_at_given_prices_from_stdin() {
    let out = run(
        &["evaluate", "--prices", "BTCUSDT=45000"],
        Some(margin_engine::samples::default_json()),
    );
    let v = json(&out);
    assert_eq!(v["prices"]["BTCUSDT"], "45000");
    assert_eq!(v["comparison"]["verdict"], "cross_wiped_isolated_survives");
    assert_eq!(v["comparison"]["all_isolated"]["account_value"], "7000");
    assert_eq!(v["positions"][0]["liquidated"], true);
}

#[test]
fn bad_input_goes_to_stderr_with_a_named_field() {
    let bad = margin_engine::samples::default_json()
        .replace("\"leverage\": \"20\"", "\"leverage\": \"500\"");
    let out = run(&["evaluate", "-"], Some(&bad));
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("positions[0].leverage"), "{err}");
    assert!(err.contains("max leverage 100"), "{err}");

    let out = run(&["evaluate", "default", "--prices", "DOGE=1"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("prices.DOGE: unknown market"));

    let out = run(&["evaluate", "/no/such/file.json"], None);
    assert_eq!(out.status.code(), Some(1));

    let out = run(&["frobnicate"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("usage"));
}

#[test]
fn sweep_grid_and_path() {
    let file = default_file();
    let v = json(&run(
        &[
            "sweep", &file, "--market", "BTCUSDT", "--from", "40000", "--to", "70000", "--points",
            "31",
        ],
        None,
    ));
    assert_eq!(v["prices"].as_array().unwrap().len(), 31);
    assert_eq!(v["prices"][10], "50000");
    let series = v["series"].as_array().unwrap();
    assert_eq!(series.len(), 3);
    let all_cross = series.iter().find(|s| s["variant"] == "all_cross").unwrap();
    assert_eq!(all_cross["values"][10], "0", "wiped at 50,000");
    assert_eq!(all_cross["values"][11], "1000", "alive at 51,000");

    let v = json(&run(
        &[
            "grid",
            &file,
            "--x",
            "BTCUSDT",
            "--x-range",
            "40000:70000",
            "--y",
            "ETHUSDT",
            "--y-range",
            "2000:4000",
            "--points",
            "16",
        ],
        None,
    ));
    assert_eq!(v["cells"].as_array().unwrap().len(), 256);

    let v = json(&run(
        &[
            "path",
            &file,
            "--path",
            r#"[{}, {"BTCUSDT": "55000"}, {"BTCUSDT": "60000"}]"#,
        ],
        None,
    ));
    let configured = &v["variants"][0];
    assert_eq!(configured["variant"], "as_configured");
    assert_eq!(configured["events"][0]["kind"], "isolated");
    assert_eq!(
        configured["events"][0]["prices"][0],
        "57236.180904522613065326633166"
    );
    assert_eq!(configured["final_value"], "7000");
}

#[test]
fn evaluate_speaks_version_2_coin_collateral_and_inverse_contracts() {
    let dir = std::env::temp_dir().join(format!("margin-lab-cli-v2-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("coinm.json");
    // Binance COIN-M: a 101 BTC wallet, long 100,000 BTCUSD contracts of 100 USD.
    std::fs::write(
        &path,
        r#"{"version": 2, "quote": "USD",
            "assets": [{"asset": "BTC", "amount": "101", "price": {"market": "BTCUSD_PERP"}}],
            "markets": [{"symbol": "BTCUSD_PERP", "mark": "45000", "contract": "inverse_perpetual", "contract_size": "100", "tick": "0.1",
                         "tiers": [{"floor": "0", "cap": "100", "mmr": "0.00895", "max_leverage": "125"},
                                   {"floor": "100", "cap": null, "mmr": "0.125", "cum": "11.605", "max_leverage": "20"}]}],
            "positions": [{"market": "BTCUSD_PERP", "side": "long", "size": "100000", "entry": "45000", "leverage": "1", "mode": "cross"}]}"#,
    )
    .unwrap();
    let v = json(&run(&["evaluate", &path.to_string_lossy()], None));
    let liq = &v["cross"]["liquidation_prices"]["BTCUSD_PERP"]["down"];
    assert!(liq.as_str().unwrap().starts_with("33599.4186"), "{liq}");
    // On the 0.1 tick, rounded up (toward the price).
    assert_eq!(
        v["cross"]["liquidation_prices_at_tick"]["BTCUSD_PERP"]["down"],
        "33599.5"
    );
    // Figures in the coin beside the USD ones.
    assert!(v["positions"][0]["coin"]["notional"]
        .as_str()
        .unwrap()
        .starts_with("222.222"));
    assert_eq!(v["assets"][1]["asset"], "BTC");
    assert_eq!(v["assets"][1]["units"], "101");
    // The same wallet in stablecoins would liquidate elsewhere.
    assert_eq!(v["funding"]["coins"][0], "BTC");

    // A version-1 file with a version-2 field names it.
    std::fs::write(
        &path,
        r#"{"version": 1, "wallet": "100", "markets": [{"symbol": "X", "mark": "1", "preset": "binance-usdm-btcusdt-2024-10", "tick": "0.1"}]}"#,
    )
    .unwrap();
    let out = run(&["evaluate", &path.to_string_lossy()], None);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("markets[0].tick") && err.contains("version 2"),
        "{err}"
    );
}

#[test]
fn explain_gives_the_formula_of_the_number_evaluate_shows() {
    let file = default_file();
    let report = json(&run(&["evaluate", &file], None));
    let lp = report["positions"][0]["liquidation_price"].clone();
    let e = json(&run(
        &[
            "explain",
            &file,
            "--of",
            "liquidation_price",
            "--position",
            "0",
        ],
        None,
    ));
    assert_eq!(e["result"], lp);
    let last = e["steps"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["symbol"], "P");
    assert_eq!(last["value"], lp);
    assert_eq!(last["expr"]["op"], "quotient");
    assert_eq!(e["tiers"][0]["tier"], 2);
    // The cross account's, in the all-cross set-up, at other prices.
    let e = json(&run(
        &[
            "explain",
            &file,
            "--of",
            "cross_liquidation_price",
            "--market",
            "ETHUSDT",
            "--side",
            "below",
            "--variant",
            "all_cross",
            "--prices",
            "BTCUSDT=58000",
        ],
        None,
    ));
    assert!(e["result"].is_string(), "{e}");
    // As text, for a reader.
    let out = run(
        &[
            "explain",
            &file,
            "--of",
            "account_value",
            "--prices",
            "ETHUSDT=2000",
            "--text",
            "yes",
        ],
        None,
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Ec ≤ Mc: liquidated"), "{text}");
    // A bad subject names the request.
    let out = run(&["explain", &file, "--of", "everything"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("explain"));
    let out = run(
        &[
            "explain",
            &file,
            "--of",
            "liquidation_price",
            "--position",
            "1",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cross"));
}

#[test]
fn timeline_and_a_timed_path_with_funding() {
    let dir = std::env::temp_dir().join(format!("margin-lab-cli-time-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("funded.json");
    let mut sc: serde_json::Value =
        serde_json::from_str(margin_engine::samples::default_json()).unwrap();
    sc["version"] = 2.into();
    sc["markets"][0]["funding"] = serde_json::json!({"rate": "0.001", "schedule": ["0.002"]});
    std::fs::write(&path, sc.to_string()).unwrap();
    let file = path.to_string_lossy().into_owned();
    let t = json(&run(
        &["timeline", &file, "--market", "BTCUSDT", "--to", "24"],
        None,
    ));
    assert_eq!(t["hours"], serde_json::json!(["0", "8", "16", "24"]));
    let long = &t["lines"][0];
    assert_eq!(long["of"], "isolated");
    // 0.2 % then 0.1 % of 60,000.
    assert_eq!(
        long["funding_paid"],
        serde_json::json!(["0", "120", "180", "240"])
    );
    let p = json(&run(
        &[
            "path",
            &file,
            "--path",
            "[{}, {}, {}]",
            "--hours-per-step",
            "8",
        ],
        None,
    ));
    let events = p["variants"][0]["events"].as_array().unwrap();
    assert_eq!(events[0]["kind"], "funding");
    assert_eq!(events[0]["paid"], serde_json::json!(["120"]));
    let out = run(
        &["path", &file, "--path", "[{}]", "--hours-per-step", "-1"],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("hours_per_step"));
}
