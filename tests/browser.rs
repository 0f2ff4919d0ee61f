#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! The web workbench in a real browser: `fundpolicy::server` on a loopback port, headless
//! Chromium driven over WebDriver (chromedriver, started here on a free port). Opens the rules
//! page, follows a rule to its line in the policy file, switches language, fills and submits
//! the evaluate form (with an applicant id that is markup), adds and removes rows of a list
//! field, uploads a batch, filters and sorts its table and opens one explanation, and compares
//! two years — asserting what the pages show. Screenshots go to `target/screenshots/`.
//!
//! Needs the Debian packages `chromium` and `chromium-driver` (`.ci/run` installs them).
//! `FUNDPOLICY_CHROMIUM` / `FUNDPOLICY_CHROMEDRIVER` name other binaries;
//! `FUNDPOLICY_BROWSER_URL` a server already running (instead of starting `fundpolicy serve`).

use fantoccini::{Client, ClientBuilder, Locator};
use fundpolicy::api::{EvaluateOptions, Input, Policies};
use fundpolicy::engine::Status;
use fundpolicy::server::Config;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A child process killed when the test ends, however it ends.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `fundpolicy::server` serving the bundled policies folder on 127.0.0.1 and a free port; told
/// to stop when dropped.
struct Server {
    base: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Server {
    fn start() -> Server {
        let config = Config::new(Policies::folder(root().join("policies")).unwrap());
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).unwrap();
                fundpolicy::server::serve_until(listener, config, async {
                    let _ = rx.await;
                })
                .await
            })
        });
        Server {
            base,
            stop: Some(tx),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A port nobody listens on now (the OS picks it; it is released before use).
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn program(env: &str, names: &[&str]) -> PathBuf {
    if let Ok(p) = std::env::var(env) {
        return PathBuf::from(p);
    }
    for name in names {
        for dir in std::env::var("PATH").unwrap_or_default().split(':') {
            let p = Path::new(dir).join(name);
            if p.is_file() {
                return p;
            }
        }
    }
    panic!(
        "{} not found: install the Debian packages chromium and chromium-driver \
         (.ci/run does), or name the binary in {env}",
        names.join(" or ")
    );
}

/// Waits until something listens on `port` (bounded: the processes started here either come
/// up or the test fails saying which did not).
async fn listening(port: u16, what: &str, child: &mut Child) {
    for _ in 0..600 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return;
        }
        if let Ok(Some(status)) = child.try_wait() {
            panic!("{what} exited before listening: {status}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{what} is not listening on port {port}");
}

fn screenshot_dir() -> PathBuf {
    let dir = root().join("target").join("screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

async fn shot(c: &Client, name: &str) {
    let png = c.screenshot().await.unwrap();
    std::fs::write(screenshot_dir().join(format!("{name}.png")), png).unwrap();
}

async fn text(c: &Client, css: &str) -> String {
    c.wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .text()
        .await
        .unwrap()
}

/// How many elements match `css` and are shown.
async fn shown(c: &Client, css: &str) -> usize {
    let mut n = 0;
    for e in c.find_all(Locator::Css(css)).await.unwrap() {
        if e.is_displayed().await.unwrap() {
            n += 1;
        }
    }
    n
}

/// No `alert()` ran: the page has no dialog open.
async fn no_alert(c: &Client) {
    assert!(
        c.get_alert_text().await.is_err(),
        "a script from the application ran"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_workbench_in_a_browser() {
    let chromium = program("FUNDPOLICY_CHROMIUM", &["chromium", "chromium-browser"]);
    let chromedriver = program("FUNDPOLICY_CHROMEDRIVER", &["chromedriver"]);

    // The server: `fundpolicy::server` on a free loopback port, on its own thread and
    // runtime, stopped when the test ends; or one already running at FUNDPOLICY_BROWSER_URL
    // (to look at a server being developed).
    let (base, _server) = match std::env::var("FUNDPOLICY_BROWSER_URL") {
        Ok(url) => (url.trim_end_matches('/').to_string(), None),
        Err(_) => {
            let server = Server::start();
            (server.base.clone(), Some(server))
        }
    };

    let driver_port = free_port();
    let mut driver = Command::new(&chromedriver)
        .arg(format!("--port={driver_port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    listening(driver_port, "chromedriver", &mut driver).await;
    let _driver = Running(driver);

    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": chromium,
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                     "--disable-dev-shm-usage", "--window-size=1280,1600", "--lang=zh-CN"],
        }),
    );
    let c = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{driver_port}"))
        .await
        .unwrap();
    run(&c, &base).await;
    let _ = c.close().await;
}

/// The steps, on one browser session.
async fn run(c: &Client, base: &str) {
    let policies = Policies::folder(root().join("policies")).unwrap();
    let year = policies.load(2020).unwrap();
    let p = year.programme("cloud-award").unwrap();

    // The rules page, in Chinese.
    c.goto(&format!("{base}/web/2020/cloud-award?lang=zh"))
        .await
        .unwrap();
    let h1 = text(c, "h1").await;
    assert!(h1.contains(p.title.get(fundpolicy::Lang::Zh)), "{h1}");
    let rule = text(c, "#rule-investment").await;
    assert!(rule.contains("〔二（二）2〕"), "{rule}");
    assert!(
        rule.contains("cloud_investment >= investment_min"),
        "{rule}"
    );
    let link = c
        .find(Locator::Css("#rule-investment a.src"))
        .await
        .unwrap();
    let at = link.text().await.unwrap();
    assert!(at.starts_with("cloud-award.yaml:"), "{at}");
    shot(c, "rules-zh").await;

    // The rule's line in the policy file.
    let line: usize = at.trim_start_matches("cloud-award.yaml:").parse().unwrap();
    link.click().await.unwrap();
    let written = text(c, &format!("#L{line} td.code")).await;
    assert!(
        written.contains("cloud_investment >= investment_min"),
        "{written}"
    );
    shot(c, "policy-file").await;

    // Switch language.
    c.goto(&format!("{base}/web/2020/cloud-award?lang=zh"))
        .await
        .unwrap();
    c.find(Locator::Css("a.lang-switch"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let h1 = text(c, "h1").await;
    assert!(h1.contains("SME cloud-adoption award"), "{h1}");
    let html = c.find(Locator::Css("html")).await.unwrap();
    assert_eq!(html.attr("lang").await.unwrap().as_deref(), Some("en"));
    assert!(text(c, "#eligibility").await.contains("Eligibility"));
    shot(c, "rules-en").await;

    evaluate_one(c, base, &year).await;
    list_rows(c, base).await;
    batch(c, base, &year).await;

    // Two years compared.
    c.goto(&format!("{base}/web/compare?from=2020&to=2021&lang=zh"))
        .await
        .unwrap();
    let diff = text(c, "div.diff").await;
    assert!(diff.contains("2020 → 2021"), "{diff}");
    shot(c, "compare").await;

    // A batch under both years: the records whose results change, as the library finds them.
    let examples = root().join("policies/2021/examples/software-integration.yaml");
    let new = policies.load(2021).unwrap();
    let comparison = fundpolicy::api::compare(
        &year,
        &new,
        "software-integration",
        &[Input::path(&examples)],
        fundpolicy::Lang::Zh,
    )
    .unwrap();
    let changed: Vec<String> = comparison
        .records()
        .iter()
        .filter(|r| r.changed())
        .map(|r| r.id.clone())
        .collect();
    assert!(!changed.is_empty());
    c.find(Locator::Css("select[name=programme]"))
        .await
        .unwrap()
        .select_by_value("software-integration")
        .await
        .unwrap();
    c.find(Locator::Css("input[type=file][name=file]"))
        .await
        .unwrap()
        .send_keys(examples.to_str().unwrap())
        .await
        .unwrap();
    c.find(Locator::Css("form.upload button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    text(c, "p.compare-summary").await;
    let mut ids = Vec::new();
    for row in c
        .find_all(Locator::Css("table.changes tbody tr td:first-child"))
        .await
        .unwrap()
    {
        ids.push(row.text().await.unwrap());
    }
    assert_eq!(ids, changed);
    shot(c, "compare-batch").await;
}

/// The evaluate form, filled with example K01 (an id that is markup put in front of it),
/// submitted: eligible, its award, its explanation; the id shown as text.
async fn evaluate_one(c: &Client, base: &str, year: &fundpolicy::api::Year) {
    let p = year.programme("cloud-award").unwrap();
    let examples = root().join("policies/2020/examples/cloud-award.yaml");
    let evaluation = fundpolicy::api::evaluate(
        year,
        "cloud-award",
        &[Input::path(&examples)],
        &EvaluateOptions::default(),
    )
    .unwrap();
    let k01 = evaluation.outcome("K01").unwrap();
    assert_eq!(k01.status, Status::Eligible);
    let hostile = "<img src=x onerror=alert(1)>K01";

    c.goto(&format!("{base}/web/2020/cloud-award/evaluate?lang=zh"))
        .await
        .unwrap();
    let detail = k01.detail.as_ref().unwrap();
    for (f, v) in p.fields.iter().zip(&detail.fields) {
        use fundpolicy::policy::FieldKind;
        use fundpolicy::value::Value;
        let value = |v: &Value| match (v, &f.kind) {
            (Value::Bool(b), _) => b.to_string(),
            (Value::Money(d), _) => {
                // The form asks in the field's unit (shown beside the input).
                let unit = match f.kind {
                    FieldKind::Money(u) => u,
                    _ => rust_decimal::Decimal::ONE,
                };
                fundpolicy::value::plain(*d / unit)
            }
            (Value::Number(d), FieldKind::Percent) => {
                fundpolicy::value::plain(*d * rust_decimal::Decimal::ONE_HUNDRED)
            }
            (Value::Number(d), _) => fundpolicy::value::plain(*d),
            (other, _) => other.to_string().trim_matches('"').to_string(),
        };
        match (v, &f.kind) {
            (Value::Null, _) => {}
            (Value::List(items), FieldKind::List(_)) => {
                for item in items.iter() {
                    let css = format!(
                        "input[type=checkbox][name=\"{}\"][value=\"{}\"]",
                        f.id,
                        value(item)
                    );
                    c.find(Locator::Css(&css))
                        .await
                        .unwrap()
                        .click()
                        .await
                        .unwrap();
                }
            }
            (_, FieldKind::Bool | FieldKind::Enum) if f.open_flag.is_none() => {
                c.find(Locator::Css(&format!("select[name=\"{}\"]", f.id)))
                    .await
                    .unwrap()
                    .select_by_value(&value(v))
                    .await
                    .unwrap();
            }
            (_, FieldKind::Date) => {
                // A date input takes keys in the browser's locale; its value is ISO.
                let input = c
                    .find(Locator::Css(&format!("input[name=\"{}\"]", f.id)))
                    .await
                    .unwrap();
                c.execute(
                    "arguments[0].value = arguments[1];",
                    vec![serde_json::to_value(&input).unwrap(), value(v).into()],
                )
                .await
                .unwrap();
            }
            _ => {
                let text = if f.id == "id" {
                    hostile.to_string()
                } else {
                    value(v)
                };
                c.find(Locator::Css(&format!("input[name=\"{}\"]", f.id)))
                    .await
                    .unwrap()
                    .send_keys(&text)
                    .await
                    .unwrap();
            }
        }
    }
    shot(c, "evaluate-form").await;
    c.find(Locator::Css("form.evaluate button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let verdict = text(c, ".outcome .verdict").await;
    no_alert(c).await;
    assert!(verdict.contains(hostile), "{verdict}");
    assert!(verdict.contains("符合条件"), "{verdict}");
    assert_eq!(
        c.find_all(Locator::Css("main img")).await.unwrap().len(),
        0,
        "the id became an image"
    );
    let facts = text(c, ".outcome .facts").await;
    let award = fundpolicy::report::award_money(k01.award.unwrap(), fundpolicy::Lang::Zh);
    assert!(facts.contains(&award), "{facts} lacks {award}");
    let explanation = text(c, "details.explanation .explain").await;
    assert!(explanation.contains("✓"), "{explanation}");
    // The form comes back filled, the id as typed.
    let id = c
        .find(Locator::Css("form.evaluate input[name=\"id\"]"))
        .await
        .unwrap();
    assert_eq!(id.prop("value").await.unwrap().as_deref(), Some(hostile));
    shot(c, "evaluate-result").await;
}

/// A list-of-records field gets a row from the add button and loses one to a remove button.
async fn list_rows(c: &Client, base: &str) {
    c.goto(&format!("{base}/web/2020/loan-interest/evaluate?lang=zh"))
        .await
        .unwrap();
    let rows = "table.records-table tbody tr";
    let before = shown(c, rows).await;
    assert!(before > 0);
    c.find(Locator::Css("fieldset.records button.add-row"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert_eq!(shown(c, rows).await, before + 1);
    let names: Vec<String> = {
        let mut out = Vec::new();
        for e in c
            .find_all(Locator::Css(
                "table.records-table tbody tr:last-child input",
            ))
            .await
            .unwrap()
        {
            out.push(e.attr("name").await.unwrap().unwrap_or_default());
        }
        out
    };
    assert!(
        names.iter().all(|n| n.contains(&format!(".{before}."))),
        "{names:?}"
    );
    c.find(Locator::Css(
        "table.records-table tbody tr button.remove-row",
    ))
    .await
    .unwrap()
    .click()
    .await
    .unwrap();
    assert_eq!(shown(c, rows).await, before);

    // A list of plain values outside the catalogue (an open list): one more text input.
    c.goto(&format!("{base}/web/2020/cloud-award/evaluate?lang=zh"))
        .await
        .unwrap();
    let inputs = "div.plain-list[data-rows=\"mgmt_systems_on_cloud\"] .row input[type=text]";
    let before = shown(c, inputs).await;
    c.find(Locator::Css(
        "div.plain-list[data-rows=\"mgmt_systems_on_cloud\"] button.add-row",
    ))
    .await
    .unwrap()
    .click()
    .await
    .unwrap();
    assert_eq!(shown(c, inputs).await, before + 1);
    let last = c
        .find(Locator::Css(&format!(
            "div.plain-list[data-rows=\"mgmt_systems_on_cloud\"] .row:nth-of-type({}) input",
            before + 1
        )))
        .await
        .unwrap();
    assert_eq!(
        last.attr("name").await.unwrap().as_deref(),
        Some("mgmt_systems_on_cloud")
    );
}

/// A batch uploaded: counts, a filter, sorting, one explanation opened.
async fn batch(c: &Client, base: &str, year: &fundpolicy::api::Year) {
    let examples = root().join("policies/2020/examples/cloud-award.yaml");
    let evaluation = fundpolicy::api::evaluate(
        year,
        "cloud-award",
        &[Input::path(&examples)],
        &EvaluateOptions::default(),
    )
    .unwrap();
    let outcomes = evaluation.outcomes();
    let ineligible = outcomes
        .iter()
        .filter(|o| o.status == Status::Ineligible)
        .count();

    c.goto(&format!("{base}/web/2020/cloud-award/batch?lang=zh"))
        .await
        .unwrap();
    c.find(Locator::Css("input[type=file][name=file]"))
        .await
        .unwrap()
        .send_keys(examples.to_str().unwrap())
        .await
        .unwrap();
    c.find(Locator::Css("form.upload button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let counts = text(c, "table.counts").await;
    assert!(counts.contains(&outcomes.len().to_string()), "{counts}");
    let rows = "table.results tbody tr";
    assert_eq!(shown(c, rows).await, outcomes.len());
    assert!(
        c.find(Locator::Css("a.download[download]")).await.is_ok(),
        "no workbook to download"
    );
    shot(c, "batch").await;

    // Filter by status.
    c.find(Locator::Css("select[data-filter=status]"))
        .await
        .unwrap()
        .select_by_value("ineligible")
        .await
        .unwrap();
    assert_eq!(shown(c, rows).await, ineligible);
    c.find(Locator::Css("select[data-filter=status]"))
        .await
        .unwrap()
        .select_by_value("")
        .await
        .unwrap();
    assert_eq!(shown(c, rows).await, outcomes.len());

    // Sort by score, highest first: the first click sorts up, the second down.
    let score_head = "table.results thead th:nth-child(3)";
    for _ in 0..2 {
        c.find(Locator::Css(score_head))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
    }
    let best = outcomes
        .iter()
        .filter_map(|o| o.score.map(|s| (s, o.id.to_string())))
        .max_by(|a, b| a.0.cmp(&b.0))
        .unwrap();
    let first = text(c, "table.results tbody tr:first-child td:first-child").await;
    assert_eq!(first, best.1);

    // One record's explanation.
    let k09 = outcomes.iter().position(|o| &*o.id == "K09").unwrap();
    c.find(Locator::Css(&format!("a.open-explain[href=\"#x{k09}\"]")))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let details = c
        .find(Locator::Css(&format!("details#x{k09}")))
        .await
        .unwrap();
    assert!(
        details
            .prop("open")
            .await
            .unwrap()
            .is_some_and(|o| o == "true")
    );
    let sme = year
        .programme("cloud-award")
        .unwrap()
        .rules
        .iter()
        .find(|r| r.id == "sme")
        .unwrap();
    let shown_text = details.text().await.unwrap();
    assert!(
        shown_text.contains(sme.message.get(fundpolicy::Lang::Zh)),
        "{shown_text}"
    );
    assert!(shown_text.contains("✗"), "{shown_text}");
    shot(c, "batch-explanation").await;

    // A file whose ids and names are markup: shown as text, nothing runs.
    let dir = tempfile::tempdir().unwrap();
    let hostile = dir.path().join("hostile.csv");
    std::fs::write(
        &hostile,
        "id,name\n\"<script>alert(1)</script>\",\"\"\"><img src=x onerror=alert(2)>\"\n",
    )
    .unwrap();
    c.goto(&format!("{base}/web/2020/cloud-award/batch?lang=en"))
        .await
        .unwrap();
    c.find(Locator::Css("input[type=file][name=file]"))
        .await
        .unwrap()
        .send_keys(hostile.to_str().unwrap())
        .await
        .unwrap();
    c.find(Locator::Css("form.upload button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let first = text(c, "table.results tbody tr:first-child td:first-child").await;
    no_alert(c).await;
    assert_eq!(first, "<script>alert(1)</script>");
    assert_eq!(
        c.find_all(Locator::Css("main img")).await.unwrap().len(),
        0,
        "a name became an image"
    );
    shot(c, "batch-hostile").await;
}
