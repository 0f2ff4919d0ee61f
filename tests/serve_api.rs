#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! `fundpolicy serve` against a real server on a loopback port: every endpoint, every error
//! status, the OpenAPI document checked against real answers, evaluate's answers equal to
//! the command line's for every bundled example, and hostile clients.

use fundpolicy::api::Policies;
use fundpolicy::server::Config;
use serde_json::{Value as Json, json};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

fn policies() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("policies")
}

/// A server on 127.0.0.1 and a free port, stopped when dropped.
struct Server {
    base: String,
    addr: std::net::SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    done: Option<std::thread::JoinHandle<Result<(), fundpolicy::server::ServeError>>>,
}

impl Server {
    fn start(change: impl FnOnce(&mut Config)) -> Server {
        let mut config = Config::new(Policies::folder(policies()).unwrap());
        change(&mut config);
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let addr = listener.local_addr().unwrap();
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let done = std::thread::spawn(move || {
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
            base: format!("http://{addr}"),
            addr,
            stop: Some(tx),
            done: Some(done),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// Stops the server and waits until it has finished.
    fn stop(mut self) -> Result<(), fundpolicy::server::ServeError> {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        self.done.take().unwrap().join().unwrap()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .into()
}

/// An answer: status, headers, body.
struct Answer {
    status: u16,
    headers: ureq::http::HeaderMap,
    body: Vec<u8>,
}

impl Answer {
    fn json(&self) -> Json {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .map(|v| v.to_str().unwrap_or_default().to_string())
    }
}

fn answer(r: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Answer {
    let mut r = r.unwrap();
    let status = r.status().as_u16();
    let headers = r.headers().clone();
    let body = r
        .body_mut()
        .with_config()
        .limit(512 * 1024 * 1024)
        .read_to_vec()
        .unwrap();
    Answer {
        status,
        headers,
        body,
    }
}

fn get(url: &str) -> Answer {
    answer(agent().get(url).call())
}

fn get_with(url: &str, header: (&str, &str)) -> Answer {
    answer(agent().get(url).header(header.0, header.1).call())
}

fn post(url: &str, content_type: &str, body: &[u8]) -> Answer {
    answer(
        agent()
            .post(url)
            .header("Content-Type", content_type)
            .send(body),
    )
}

fn post_named(url: &str, content_type: &str, name: &str, body: &[u8]) -> Answer {
    answer(
        agent()
            .post(url)
            .header("Content-Type", content_type)
            .header(
                "Content-Disposition",
                &format!("attachment; filename=\"{name}\""),
            )
            .send(body),
    )
}

/// The error answer of `a`: its status, and `{code, message, details}` with a message.
fn assert_error(a: &Answer, status: u16, code: &str) -> Json {
    assert_eq!(a.status, status, "{}", a.text());
    let body = a.json();
    assert_eq!(body["code"], code, "{body}");
    assert!(
        body["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{body}"
    );
    assert!(body.get("details").is_some(), "{body}");
    body
}

/// Every answer carries the CSP and nosniff.
fn assert_safe_headers(a: &Answer) {
    let csp = a.header("content-security-policy").unwrap_or_default();
    assert!(csp.contains("default-src 'self'"), "{csp}");
    assert!(csp.contains("script-src 'self'"), "{csp}");
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert_eq!(
        a.header("x-content-type-options").as_deref(),
        Some("nosniff")
    );
}

fn cli(dir: &Path, args: &[&str]) -> Vec<u8> {
    let out = Command::new(env!("CARGO_BIN_EXE_fundpolicy"))
        .current_dir(dir)
        .arg("--policies")
        .arg(policies())
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

// ---------- OpenAPI ----------

fn openapi(server: &Server) -> Json {
    let a = get(&server.url("/api/v1/openapi.json"));
    assert_eq!(a.status, 200);
    a.json()
}

fn pointer_part(s: &str) -> String {
    s.replace('~', "~0")
        .replace('/', "~1")
        .replace('{', "%7B")
        .replace('}', "%7D")
}

/// Checks `body` against the schema the OpenAPI document gives for this answer.
fn conforms(doc: &Json, path: &str, method: &str, status: u16, body: &Json) {
    let plain = format!(
        "/paths/{}/{method}/responses/{status}/content/application~1json/schema",
        path.replace('~', "~0").replace('/', "~1")
    );
    let pointer = format!(
        "#/paths/{}/{method}/responses/{status}/content/application~1json/schema",
        pointer_part(path)
    );
    assert!(
        doc.pointer(&plain).is_some(),
        "the OpenAPI document has no schema for {method} {path} {status}"
    );
    let mut root = doc.clone();
    root["$ref"] = json!(pointer);
    root["$schema"] = json!("https://json-schema.org/draft/2020-12/schema");
    let validator = jsonschema::validator_for(&root).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(body)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{method} {path} {status}: {errors:?}\n{body}"
    );
}

#[test]
fn openapi_is_3_1_and_describes_every_api_route() {
    let server = Server::start(|_| {});
    let doc = openapi(&server);
    assert_eq!(doc["openapi"], "3.1.0");
    for path in [
        "/healthz",
        "/metrics",
        "/api/v1/years",
        "/api/v1/years/{year}",
        "/api/v1/years/{year}/programmes/{id}",
        "/api/v1/years/{year}/programmes/{id}/evaluate",
        "/api/v1/years/{year}/programmes/{id}/explain",
        "/api/v1/years/{year}/programmes/{id}/template.xlsx",
        "/api/v1/diff/{from}/{to}",
    ] {
        assert!(doc["paths"].get(path).is_some(), "{path}");
    }
    // The document kept in the repository is the one served.
    assert_eq!(
        doc,
        serde_json::from_str::<Json>(include_str!("../src/server/openapi.json")).unwrap()
    );
}

// ---------- years, programmes, health ----------

#[test]
fn years_year_and_programme_as_data() {
    let server = Server::start(|_| {});
    let doc = openapi(&server);

    let a = get(&server.url("/api/v1/years"));
    assert_eq!(a.status, 200);
    assert_safe_headers(&a);
    let years = a.json();
    conforms(&doc, "/api/v1/years", "get", 200, &years);
    let numbers: Vec<u64> = years["years"]
        .as_array()
        .unwrap()
        .iter()
        .map(|y| y["year"].as_u64().unwrap())
        .collect();
    assert_eq!(numbers, vec![2020, 2021]);

    let a = get(&server.url("/api/v1/years/2020"));
    assert_eq!(a.status, 200);
    let year = a.json();
    conforms(&doc, "/api/v1/years/{year}", "get", 200, &year);
    assert!(year["digest"].as_str().unwrap().starts_with("sha256:"));
    assert_eq!(year["reload_problems"], json!([]));
    let ids: Vec<&str> = year["programmes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"cloud-award"), "{ids:?}");

    // The programme as data, in the language asked by query or by Accept-Language.
    let url = server.url("/api/v1/years/2020/programmes/cloud-award");
    let zh = get(&url);
    assert_eq!(zh.status, 200);
    let zh = zh.json();
    conforms(
        &doc,
        "/api/v1/years/{year}/programmes/{id}",
        "get",
        200,
        &zh,
    );
    assert_eq!(zh["id"], "cloud-award");
    assert!(!zh["fields"].as_array().unwrap().is_empty());
    assert!(!zh["rules"].as_array().unwrap().is_empty());
    let en_query = get(&format!("{url}?lang=en")).json();
    let en_header = get_with(&url, ("Accept-Language", "en-GB,en;q=0.9")).json();
    assert_eq!(en_query, en_header);
    assert_ne!(zh, en_query, "the language changes the words");
    let direct = fundpolicy::api::describe(
        &fundpolicy::api::Policies::folder(policies())
            .unwrap()
            .load(2020)
            .unwrap(),
        "cloud-award",
        fundpolicy::Lang::En,
    )
    .unwrap();
    assert_eq!(
        en_query, direct,
        "the service answers what the library does"
    );

    // Errors: unknown year, unknown programme, a language there is not.
    let e = get(&server.url("/api/v1/years/1999"));
    assert_error(&e, 404, "unknown_year");
    conforms(&doc, "/api/v1/years/{year}", "get", 404, &e.json());
    assert_error(
        &get(&server.url("/api/v1/years/latest")),
        404,
        "unknown_year",
    );
    let e = get(&server.url("/api/v1/years/2020/programmes/cloud-awrd"));
    let body = assert_error(&e, 404, "unknown_programme");
    assert!(
        body["message"].as_str().unwrap().contains("cloud-award"),
        "{body}"
    );
    conforms(
        &doc,
        "/api/v1/years/{year}/programmes/{id}",
        "get",
        404,
        &body,
    );
    let e = get(&server.url("/api/v1/years?lang=fr"));
    assert_error(&e, 400, "bad_request");
    conforms(&doc, "/api/v1/years", "get", 400, &e.json());
    let e = get(&server.url("/api/v1/nothing"));
    assert_error(&e, 404, "not_found");
    assert_safe_headers(&e);
}

#[test]
fn health_and_metrics() {
    let server = Server::start(|_| {});
    let doc = openapi(&server);
    let h = get(&server.url("/healthz"));
    assert_eq!(h.status, 200);
    conforms(&doc, "/healthz", "get", 200, &h.json());
    assert_eq!(h.json()["years"], json!([2020, 2021]));

    let body = std::fs::read(policies().join("2020/examples/cloud-award-batch.jsonl")).unwrap();
    let a = post(
        &server.url("/api/v1/years/2020/programmes/cloud-award/evaluate"),
        "application/jsonl",
        &body,
    );
    assert_eq!(a.status, 200, "{}", a.text());
    let records = a.json()["summary"]["records"].as_u64().unwrap();
    assert_eq!(get(&server.url("/api/v1/years/1999")).status, 404);

    let m = get(&server.url("/metrics"));
    assert_eq!(m.status, 200);
    assert!(m.header("content-type").unwrap().starts_with("text/plain"));
    let text = m.text();
    assert!(
        text.contains(
            "fundpolicy_http_requests_total{route=\"/healthz\",method=\"GET\",status=\"200\"} 1"
        ),
        "{text}"
    );
    assert!(
        text.contains("fundpolicy_http_requests_total{route=\"/api/v1/years/{year}\",method=\"GET\",status=\"404\"} 1"),
        "{text}"
    );
    assert!(
        text.contains(&format!("fundpolicy_records_evaluated_total {records}")),
        "{text}"
    );
    assert!(
        text.contains("fundpolicy_http_request_duration_seconds_count{route=\"/api/v1/years/{year}/programmes/{id}/evaluate\"} 1"),
        "{text}"
    );
    assert!(
        text.contains("fundpolicy_policy_reloads_total{result=\"ok\"} 1"),
        "{text}"
    );
}

// ---------- evaluate, explain, template, diff: the command line's answers ----------

/// Every bundled example: the service's JSON is the command line's, byte for byte.
#[test]
fn evaluate_answers_what_the_command_line_prints() {
    let server = Server::start(|_| {});
    let doc = openapi(&server);
    let mut seen = 0;
    for year in ["2020", "2021"] {
        let dir = policies().join(year).join("examples");
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        files.sort();
        for name in files {
            let programme = name
                .trim_end_matches(".yaml")
                .trim_end_matches(".jsonl")
                .trim_end_matches(".xlsx")
                .trim_end_matches("-batch")
                .to_string();
            let content_type = match name.rsplit('.').next().unwrap() {
                "yaml" => "application/yaml",
                "jsonl" => "application/jsonl",
                "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                other => panic!("an example of a kind not covered: {other}"),
            };
            let bytes = std::fs::read(dir.join(&name)).unwrap();
            let expected = cli(
                &dir,
                &[
                    "evaluate",
                    "--year",
                    year,
                    "--programme",
                    &programme,
                    &name,
                    "--format",
                    "json",
                ],
            );
            let url = server.url(&format!(
                "/api/v1/years/{year}/programmes/{programme}/evaluate"
            ));
            let a = post_named(&url, content_type, &name, &bytes);
            assert_eq!(a.status, 200, "{name}: {}", a.text());
            assert_eq!(
                a.header("content-type").as_deref(),
                Some("application/json")
            );
            assert_eq!(
                a.text(),
                String::from_utf8(expected).unwrap(),
                "{year} {name}"
            );
            conforms(
                &doc,
                "/api/v1/years/{year}/programmes/{id}/evaluate",
                "post",
                200,
                &a.json(),
            );

            // CSV: the command line's file.
            let expected_csv = cli(
                &dir,
                &[
                    "evaluate",
                    "--year",
                    year,
                    "--programme",
                    &programme,
                    &name,
                    "--format",
                    "csv",
                ],
            );
            let csv = post_named(&format!("{url}?format=csv"), content_type, &name, &bytes);
            assert_eq!(csv.status, 200);
            assert!(csv.header("content-type").unwrap().starts_with("text/csv"));
            assert_eq!(csv.body, expected_csv, "{year} {name} csv");
            seen += 1;
        }
    }
    assert!(seen >= 6, "{seen} examples");
}

/// The results of two answers are the same but for where each error was read (another
/// format puts a record on another line, in another file).
fn same_results(a: &Json, b: &Json) -> bool {
    fn unplaced(v: &Json) -> Json {
        match v {
            Json::Object(m) => Json::Object(
                m.iter()
                    .filter(|(k, _)| *k != "location")
                    .map(|(k, v)| (k.clone(), unplaced(v)))
                    .collect(),
            ),
            Json::Array(items) => Json::Array(items.iter().map(unplaced).collect()),
            other => other.clone(),
        }
    }
    let (a, b) = (unplaced(&a["results"]), unplaced(&b["results"]));
    assert!(a.as_array().is_some_and(|r| !r.is_empty()));
    a == b
}

#[test]
fn evaluate_takes_json_csv_multipart_and_answers_xlsx() {
    let server = Server::start(|_| {});
    let url = server.url("/api/v1/years/2020/programmes/cloud-award/evaluate");
    let jsonl =
        std::fs::read_to_string(policies().join("2020/examples/cloud-award-batch.jsonl")).unwrap();
    let records: Vec<Json> = jsonl
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let from_lines = post(&url, "application/x-ndjson", jsonl.as_bytes()).json();
    // A JSON array of the same records: the same results.
    let array = post(
        &url,
        "application/json; charset=utf-8",
        serde_json::to_string(&records).unwrap().as_bytes(),
    );
    assert_eq!(array.status, 200, "{}", array.text());
    assert!(same_results(&array.json(), &from_lines));
    // One object: one result.
    let one = post(&url, "application/json", records[0].to_string().as_bytes()).json();
    assert_eq!(one["summary"]["records"], 1);
    // Multipart with one file part.
    let boundary = "XyZbOuNdArY";
    let mut form = Vec::new();
    write!(
        form,
        "--{boundary}\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"batch.jsonl\"\r\nContent-Type: application/octet-stream\r\n\r\n{jsonl}\r\n--{boundary}--\r\n"
    )
    .unwrap();
    let multi = post(
        &url,
        &format!("multipart/form-data; boundary={boundary}"),
        &form,
    );
    assert_eq!(multi.status, 200, "{}", multi.text());
    assert!(same_results(&multi.json(), &from_lines));
    // xlsx out: a workbook.
    let book = post(
        &format!("{url}?format=xlsx"),
        "application/jsonl",
        jsonl.as_bytes(),
    );
    assert_eq!(book.status, 200);
    assert_eq!(&book.body[..2], b"PK");
    assert!(
        book.header("content-disposition")
            .unwrap()
            .contains(".xlsx")
    );
    assert_error(
        &post(
            &format!("{url}?format=pdf"),
            "application/json",
            records[0].to_string().as_bytes(),
        ),
        400,
        "bad_request",
    );
}

#[test]
fn explain_template_and_diff_answer_what_the_command_line_prints() {
    let server = Server::start(|_| {});
    let doc = openapi(&server);
    let dir = policies().join("2020/examples");
    let name = "cloud-award-batch.jsonl";
    let bytes = std::fs::read(dir.join(name)).unwrap();
    let first: Json =
        serde_json::from_str(std::str::from_utf8(&bytes).unwrap().lines().next().unwrap()).unwrap();
    let id = first["id"].as_str().unwrap().to_string();
    let expected = cli(
        &dir,
        &[
            "explain",
            "--year",
            "2020",
            "--programme",
            "cloud-award",
            name,
            "--id",
            &id,
            "--format",
            "json",
        ],
    );
    let url = server.url("/api/v1/years/2020/programmes/cloud-award/explain");
    let a = post_named(&format!("{url}?id={id}"), "application/jsonl", name, &bytes);
    assert_eq!(a.status, 200, "{}", a.text());
    let expected: Json = serde_json::from_slice(&expected).unwrap();
    assert_eq!(a.json(), expected);
    conforms(
        &doc,
        "/api/v1/years/{year}/programmes/{id}/explain",
        "post",
        200,
        &a.json(),
    );
    let e = post(&format!("{url}?id=NO-SUCH-ID"), "application/jsonl", &bytes);
    assert_error(&e, 404, "unknown_record");
    conforms(
        &doc,
        "/api/v1/years/{year}/programmes/{id}/explain",
        "post",
        404,
        &e.json(),
    );
    // Refused before the body is read: a small one, so the client is done sending.
    assert_error(
        &post(&url, "application/json", first.to_string().as_bytes()),
        400,
        "bad_request",
    );

    // The template: a workbook named by the server.
    let t = get(&server.url("/api/v1/years/2020/programmes/cloud-award/template.xlsx"));
    assert_eq!(t.status, 200);
    assert_eq!(&t.body[..2], b"PK");
    assert_eq!(
        t.header("content-disposition").as_deref(),
        Some("attachment; filename=\"2020-cloud-award-template.xlsx\"")
    );
    assert_error(
        &get(&server.url("/api/v1/years/2020/programmes/nope/template.xlsx")),
        404,
        "unknown_programme",
    );

    // diff: the command line's JSON.
    let expected = cli(&policies(), &["diff", "2020", "2021", "--format", "json"]);
    let d = get(&server.url("/api/v1/diff/2020/2021"));
    assert_eq!(d.status, 200);
    assert_eq!(d.json(), serde_json::from_slice::<Json>(&expected).unwrap());
    conforms(&doc, "/api/v1/diff/{from}/{to}", "get", 200, &d.json());
    let e = get(&server.url("/api/v1/diff/2020/2042"));
    assert_error(&e, 404, "unknown_year");
    conforms(&doc, "/api/v1/diff/{from}/{to}", "get", 404, &e.json());
}

// ---------- errors of input ----------

#[test]
fn bad_input_gets_the_right_status_and_located_details() {
    let server = Server::start(|c| c.limits.records = 3);
    let doc = openapi(&server);
    let url = server.url("/api/v1/years/2020/programmes/cloud-award/evaluate");
    let path = "/api/v1/years/{year}/programmes/{id}/evaluate";

    // 415: a type that is not an input, or none.
    let e = post(&url, "text/html", b"<p>hi</p>");
    assert_error(&e, 415, "unsupported_media_type");
    conforms(&doc, path, "post", 415, &e.json());
    assert_error(
        &answer(agent().post(&url).send(&b"{}"[..])),
        415,
        "unsupported_media_type",
    );

    // 400: JSON that does not parse, with the place of the problem.
    let e = post_named(
        &url,
        "application/json",
        "apps.json",
        b"[{\"id\": \"A1\",\n  oops]",
    );
    let body = assert_error(&e, 400, "bad_input");
    conforms(&doc, path, "post", 400, &body);
    let details = body["details"].as_array().unwrap();
    assert!(!details.is_empty(), "{body}");
    assert!(
        body.to_string().contains("apps.json"),
        "the problem names the input: {body}"
    );

    // 400: CSV that is not CSV of this programme.
    let e = post(&url, "text/csv", b"\"unterminated,quote\nA,B\n");
    assert!(matches!(e.status, 400 | 422), "{}", e.text());

    // 422: a workbook that is not one.
    let e = post(
        &url,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        b"PK\x03\x04 this is not a zip",
    );
    assert_error(&e, 422, "unusable_file");
    conforms(&doc, path, "post", 422, &e.json());

    // 400 / 422: multipart that is malformed, or holds no file.
    let e = post(&url, "multipart/form-data", b"--x\r\n\r\n");
    assert_error(&e, 400, "bad_multipart");
    let e = post(
        &url,
        "multipart/form-data; boundary=b",
        b"--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\nid,x\r\n", // never closed
    );
    assert_error(&e, 400, "bad_multipart");
    let e = post(
        &url,
        "multipart/form-data; boundary=b",
        b"--b\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhi\r\n--b--\r\n",
    );
    assert_error(&e, 422, "no_file");

    // 413: more records than a request may hold.
    let many: Vec<Json> = (0..5).map(|i| json!({"id": format!("R{i}")})).collect();
    let e = post(&url, "application/json", json!(many).to_string().as_bytes());
    assert_error(&e, 413, "too_many_records");
    conforms(&doc, path, "post", 413, &e.json());

    // 404: unknown year or programme before the body matters.
    assert_error(
        &post(
            &server.url("/api/v1/years/1999/programmes/cloud-award/evaluate"),
            "application/json",
            b"{}",
        ),
        404,
        "unknown_year",
    );
    assert_error(
        &post(
            &server.url("/api/v1/years/2020/programmes/x/evaluate"),
            "application/json",
            b"{}",
        ),
        404,
        "unknown_programme",
    );
}

#[test]
fn errors_are_worded_in_the_language_asked() {
    let server = Server::start(|_| {});
    let zh = get(&server.url("/api/v1/years/1999")).json();
    let en = get(&server.url("/api/v1/years/1999?lang=en")).json();
    let header = get_with(&server.url("/api/v1/years/1999"), ("Accept-Language", "en")).json();
    assert_eq!(en, header);
    assert!(zh["message"].as_str().unwrap().contains("没有"), "{zh}");
    assert!(
        en["message"].as_str().unwrap().contains("There is no"),
        "{en}"
    );
}

#[test]
fn record_errors_are_worded_in_the_language_asked_on_every_thread() {
    let server = Server::start(|_| {});
    let url = server.url("/api/v1/years/2020/programmes/cloud-award/evaluate?lang=en");
    // Records are read and built on worker threads: their errors follow the request too.
    let csv = "id,revenue_2019\nA1,-1\n";
    let doc = post(&url, "text/csv", csv.as_bytes()).json();
    let errors = doc["results"][0]["errors"].to_string();
    assert!(
        errors.contains("below the lowest allowed value"),
        "{errors}"
    );
    assert!(
        !errors
            .chars()
            .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "{errors}"
    );
    let doc = post(&url, "application/json", b"[1, 2]").json();
    let errors = doc["results"].to_string();
    assert!(!errors.contains("应为"), "{errors}");
}

#[test]
fn a_second_file_or_a_broken_multipart_body_is_said_in_words() {
    let server = Server::start(|_| {});
    let url = server.url("/api/v1/years/2020/programmes/cloud-award/evaluate");
    let boundary = "B0uNd";
    let part = |name: &str, body: &str| {
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/json\r\n\r\n{body}\r\n"
        )
    };
    let form = format!(
        "{}{}--{boundary}--\r\n",
        part("a.json", r#"{"id": "A1"}"#),
        part("b.json", r#"{"id": "B1"}"#)
    );
    let kind = format!("multipart/form-data; boundary={boundary}");
    let e = post(&url, &kind, form.as_bytes());
    let body = assert_error(&e, 400, "several_files");
    let message = body["message"].as_str().unwrap();
    assert!(
        message.contains("a.json") && message.contains("b.json"),
        "{message}"
    );
    // No boundary; cut off part way: Chinese words, not the parser's English.
    let e = post(&url, "multipart/form-data", form.as_bytes());
    let body = assert_error(&e, 400, "bad_multipart");
    assert!(
        body["message"].as_str().unwrap().contains("boundary"),
        "{body}"
    );
    assert!(
        !body["message"].as_str().unwrap().contains("not found"),
        "{body}"
    );
    let e = post(&url, &kind, &form.as_bytes()[..60]);
    let body = assert_error(&e, 400, "bad_multipart");
    assert!(
        body["message"].as_str().unwrap().contains("不完整"),
        "{body}"
    );
}

#[test]
fn an_oversized_body_is_413_without_being_read_whole() {
    let server = Server::start(|c| c.limits.body_bytes = 1024);
    let url = server.url("/api/v1/years/2020/programmes/cloud-award/evaluate");
    let big = vec![b' '; 4096];
    let e = post(&url, "application/json", &big);
    assert_error(&e, 413, "too_large");
    assert_safe_headers(&e);
    // Sent in chunks, without a length announced.
    let e = answer(
        agent()
            .post(&url)
            .header("Content-Type", "application/json")
            .send(ureq::SendBody::from_reader(&mut &big[..])),
    );
    assert_error(&e, 413, "too_large");
    // The server still answers.
    assert_eq!(get(&server.url("/healthz")).status, 200);
}

/// Bodies in flight share a memory budget: past it, 503 with `Retry-After`, not growth.
#[test]
fn bodies_past_the_memory_budget_are_503() {
    let server = Server::start(|c| c.limits.buffered_bytes = 2048);
    let url = server.url("/api/v1/years/2020/programmes/cloud-award/evaluate");
    let e = post(&url, "application/json", &vec![b' '; 8192]);
    let body = assert_error(&e, 503, "overloaded");
    assert_eq!(e.header("retry-after").as_deref(), Some("1"));
    conforms(
        &openapi(&server),
        "/api/v1/years/{year}/programmes/{id}/evaluate",
        "post",
        503,
        &body,
    );
    // Its share is given back: a small body is evaluated.
    let a = post(&url, "application/json", br#"{"id": "A1"}"#);
    assert_eq!(a.status, 200, "{}", a.text());
}

// ---------- hostile clients ----------

#[test]
fn applicant_text_is_data_never_markup() {
    let server = Server::start(|_| {});
    let hostile = "<script>alert(1)</script>\"><img src=x onerror=alert(2)>";
    let record = json!({"id": hostile, "company_name": hostile});
    let url = server.url("/api/v1/years/2020/programmes/cloud-award/evaluate");
    let a = post(&url, "application/json", record.to_string().as_bytes());
    assert_eq!(a.status, 200, "{}", a.text());
    assert_eq!(
        a.header("content-type").as_deref(),
        Some("application/json")
    );
    assert_safe_headers(&a);
    assert_eq!(a.json()["results"][0]["id"], hostile, "returned as data");

    // The batch page shows it as text.
    let boundary = "b0undary";
    let mut form = Vec::new();
    write!(
        form,
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x<script>.json\"\r\nContent-Type: application/json\r\n\r\n{record}\r\n--{boundary}--\r\n"
    )
    .unwrap();
    let page = post(
        &server.url("/web/2020/cloud-award/batch"),
        &format!("multipart/form-data; boundary={boundary}"),
        &form,
    );
    assert_eq!(page.status, 200, "{}", page.text());
    assert_safe_headers(&page);
    let html = page.text();
    assert!(!html.contains("<script>alert"), "{html}");
    assert!(!html.contains("<img src=x"), "{html}");
    assert!(html.contains("&lt;script&gt;alert(1)"), "{html}");
}

/// A client that sends part of a body and stops is answered 408 at the request timeout.
#[test]
fn a_slow_client_times_out() {
    let server = Server::start(|c| c.limits.request_timeout = Duration::from_millis(500));
    let mut s = TcpStream::connect(server.addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(
        s,
        "POST /api/v1/years/2020/programmes/cloud-award/evaluate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n[{{\"id\":"
    )
    .unwrap();
    let mut got = Vec::new();
    let _ = s.read_to_end(&mut got);
    let text = String::from_utf8_lossy(&got);
    assert!(text.starts_with("HTTP/1.1 408"), "{text}");
    assert!(text.contains("\"timeout\""), "{text}");
    assert!(
        text.to_ascii_lowercase()
            .contains("content-security-policy"),
        "{text}"
    );
}

/// A client that never finishes its headers is disconnected.
#[test]
fn a_client_that_never_finishes_its_headers_is_dropped() {
    let server = Server::start(|c| c.limits.header_timeout = Duration::from_millis(300));
    let mut s = TcpStream::connect(server.addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(s, "GET /healthz HTTP/1.1\r\nHost: x\r\n").unwrap();
    let mut got = Vec::new();
    let ended = s.read_to_end(&mut got);
    assert!(ended.is_ok(), "the server closed the connection: {ended:?}");
    assert_eq!(get(&server.url("/healthz")).status, 200);
}

/// Many connections at once: each is answered (200, or 503 past the connection limit), none
/// crashes the server, which answers afterwards.
#[test]
fn many_concurrent_connections_get_answers_not_a_crash() {
    let server = Server::start(|c| c.limits.connections = 16);
    let addr = server.addr;
    let mut held = Vec::new();
    // Open connections that say nothing, past the limit.
    for _ in 0..40 {
        held.push(TcpStream::connect(addr).unwrap());
    }
    // The ones past the limit are answered 503 at once.
    let mut refused = 0;
    for s in &mut held[16..] {
        s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        let mut got = Vec::new();
        let _ = s.read_to_end(&mut got);
        let text = String::from_utf8_lossy(&got);
        assert!(text.starts_with("HTTP/1.1 503"), "{text}");
        assert!(text.contains("Retry-After: 1"), "{text}");
        refused += 1;
    }
    assert_eq!(refused, 24);
    drop(held);
    // Then 1,000 requests from 50 threads: every one answered 200 or 503.
    let threads: Vec<_> = (0..50)
        .map(|_| {
            let url = format!("http://{addr}/api/v1/years/2020");
            std::thread::spawn(move || {
                let agent = agent();
                (0..20)
                    .map(|_| match agent.get(&url).call() {
                        Ok(r) => r.status().as_u16(),
                        Err(_) => 0,
                    })
                    .collect::<Vec<u16>>()
            })
        })
        .collect();
    let statuses: Vec<u16> = threads
        .into_iter()
        .flat_map(|t| t.join().unwrap())
        .collect();
    assert_eq!(statuses.len(), 1000);
    assert!(
        statuses.iter().all(|s| matches!(s, 200 | 503 | 0)),
        "{statuses:?}"
    );
    assert!(statuses.contains(&200));
    assert_eq!(get(&server.url("/healthz")).status, 200);
}

// ---------- safe to run in an office ----------

#[test]
fn a_token_is_asked_for_and_compared() {
    let server = Server::start(|c| c.token = Some("s3cret-token".to_string()));
    let doc = openapi_with_token(&server);
    let url = server.url("/api/v1/years");
    let e = get(&url);
    let body = assert_error(&e, 401, "unauthorized");
    conforms(&doc, "/api/v1/years", "get", 401, &body);
    assert!(e.header("www-authenticate").unwrap().starts_with("Bearer"));
    assert_safe_headers(&e);
    assert_error(
        &get_with(&url, ("Authorization", "Bearer s3cret-tokeN")),
        401,
        "unauthorized",
    );
    assert_error(
        &get_with(&url, ("Authorization", "Basic s3cret-token")),
        401,
        "unauthorized",
    );
    assert_eq!(
        get_with(&url, ("Authorization", "Bearer s3cret-token")).status,
        200
    );
    // Health stays open, for the load balancer.
    assert_eq!(get(&server.url("/healthz")).status, 200);
    assert_eq!(get(&server.url("/metrics")).status, 401);
    // Pages ask a browser for the token as a password.
    let page = get(&server.url("/"));
    assert_eq!(page.status, 401);
    assert!(
        page.header("www-authenticate")
            .unwrap()
            .starts_with("Basic")
    );
    // Who cancels the password box reads a page saying what to type, not the API's JSON.
    assert!(
        page.header("content-type")
            .unwrap()
            .starts_with("text/html")
    );
    assert!(
        page.text().contains("密码填管理员给您的访问令牌"),
        "{}",
        page.text()
    );
    assert!(
        !page.text().contains("2020"),
        "no policy shown before the token"
    );
    // `staff:s3cret-token`
    let page = get_with(
        &server.url("/"),
        ("Authorization", "Basic c3RhZmY6czNjcmV0LXRva2Vu"),
    );
    assert_eq!(page.status, 200);
}

fn openapi_with_token(server: &Server) -> Json {
    get_with(
        &server.url("/api/v1/openapi.json"),
        ("Authorization", "Bearer s3cret-token"),
    )
    .json()
}

#[test]
fn a_non_loopback_address_needs_a_token_or_no_auth() {
    let mut config = Config::new(Policies::builtin());
    config.addr = "0.0.0.0:0".parse().unwrap();
    let refused = fundpolicy::server::run(config.clone());
    assert!(
        matches!(refused, Err(fundpolicy::server::ServeError::Exposed { .. })),
        "{refused:?}"
    );
    let e = refused.unwrap_err();
    let message = fundpolicy::Lang::En.with_messages(|| e.to_string());
    assert!(message.contains("0.0.0.0"), "{message}");
    assert!(message.contains("loopback"), "{message}");
    assert!(
        message.contains("--token-file"),
        "the way out is said: {message}"
    );
}

#[test]
fn a_token_file_is_read_and_an_empty_one_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("token");
    std::fs::write(&file, "  abc123\n").unwrap();
    assert_eq!(fundpolicy::server::read_token(&file).unwrap(), "abc123");
    std::fs::write(&file, "\n").unwrap();
    assert!(matches!(
        fundpolicy::server::read_token(&file),
        Err(fundpolicy::server::ServeError::EmptyToken { .. })
    ));
    assert!(matches!(
        fundpolicy::server::read_token(&dir.path().join("missing")),
        Err(fundpolicy::server::ServeError::TokenFile { .. })
    ));
}

/// Stopping lets a request in flight finish: its body is sent after the stop.
#[test]
fn stopping_finishes_requests_in_flight() {
    let server = Server::start(|_| {});
    let body = std::fs::read(policies().join("2020/examples/cloud-award-batch.jsonl")).unwrap();
    let mut s = TcpStream::connect(server.addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    // `Expect: 100-continue`: the server says `100 Continue` when the handler starts
    // reading the body, so the request is known to be in flight before the stop.
    write!(
        s,
        "POST /api/v1/years/2020/programmes/cloud-award/evaluate HTTP/1.1\r\nHost: x\r\nConnection: close\r\nExpect: 100-continue\r\nContent-Type: application/jsonl\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .unwrap();
    s.flush().unwrap();
    let mut seen = Vec::new();
    let mut byte = [0u8; 1];
    while !seen.ends_with(b"\r\n\r\n") {
        s.read_exact(&mut byte).unwrap();
        seen.push(byte[0]);
    }
    assert!(
        seen.starts_with(b"HTTP/1.1 100"),
        "{}",
        String::from_utf8_lossy(&seen)
    );
    s.write_all(&body[..10]).unwrap();
    let addr = server.addr;
    let stopping = std::thread::spawn(move || server.stop());
    // The stop takes effect while the rest of the body is on its way.
    std::thread::sleep(Duration::from_millis(200));
    s.write_all(&body[10..]).unwrap();
    let mut got = Vec::new();
    s.read_to_end(&mut got).unwrap();
    let text = String::from_utf8_lossy(&got);
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
    assert!(text.contains("\"summary\""), "{text}");
    assert!(stopping.join().unwrap().is_ok());
    // Stopped: no one listens any more.
    assert!(TcpStream::connect(addr).is_err());
}

// ---------- --watch ----------

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

/// Waits (up to 30 s) until `f` holds of the year's answer.
fn until(server: &Server, f: impl Fn(&Json) -> bool) -> Json {
    for _ in 0..300 {
        let y = get(&server.url("/api/v1/years/2020")).json();
        if f(&y) {
            return y;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("the change was not picked up");
}

#[test]
fn watch_keeps_the_last_good_version_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("policies");
    copy_dir(&policies(), &root);
    let server = Server::start(|c| {
        c.policies = Policies::folder(root.clone()).unwrap();
        c.watch = true;
        c.watch_every = Duration::from_millis(100);
    });
    let good = get(&server.url("/api/v1/years/2020")).json();
    assert_eq!(good["reload_problems"], json!([]));

    // Broken: the last good version stays in service, with the problems.
    let file = root.join("2020/cloud-award.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, format!("{text}\n  : : broken: [\n")).unwrap();
    let broken = until(&server, |y| {
        y["reload_problems"]
            .as_array()
            .is_some_and(|p| !p.is_empty())
    });
    assert_eq!(
        broken["digest"], good["digest"],
        "still the last good version"
    );
    assert_eq!(broken["programmes"], good["programmes"]);
    let problem = &broken["reload_problems"][0];
    assert!(problem["message"].as_str().is_some(), "{problem}");
    let loc = problem["location"].to_string();
    assert!(loc.contains("cloud-award.yaml"), "{problem}");
    assert_eq!(get(&server.url("/healthz")).json()["reload_problems"], true);
    // The pages show a banner.
    let page = get(&server.url("/")).text();
    assert!(page.contains("cloud-award.yaml"), "{page}");
    // In the language asked for: the same problems worded in English.
    let zh = problem["message"].as_str().unwrap();
    assert!(
        zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "{zh}"
    );
    let en = get(&server.url("/api/v1/years/2020?lang=en")).json();
    let en = en["reload_problems"][0]["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        !en.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "{en}"
    );
    let page = get(&server.url("/?lang=en")).text();
    let zh_words: String = zh
        .chars()
        .skip_while(|c| !('\u{4e00}'..='\u{9fff}').contains(c))
        .take_while(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
        .collect();
    assert!(page.contains("cloud-award.yaml"), "{page}");
    assert!(
        !page.contains(&zh_words),
        "the English banner without {zh_words}: {page}"
    );

    // A file that checks again, with other bytes (so another digest), is served.
    let changed = format!("{text}\n# edited\n");
    std::fs::write(&file, changed).unwrap();
    let fixed = until(&server, |y| y["reload_problems"] == json!([]));
    assert_ne!(
        fixed["digest"], good["digest"],
        "the edited files are served"
    );
    let metrics = get(&server.url("/metrics")).text();
    assert!(
        metrics.contains("fundpolicy_policy_reloads_total{result=\"failed\"} 1"),
        "{metrics}"
    );
}

/// A year that has never loaded is listed with its problems and answered 503 with them.
#[test]
fn a_year_that_never_loaded_is_503_with_its_problems() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("policies");
    copy_dir(&policies(), &root);
    let file = root.join("2021/software-integration.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, format!("{text}\n  : : broken: [\n")).unwrap();
    let server = Server::start(|c| c.policies = Policies::folder(root.clone()).unwrap());
    let doc = openapi(&server);
    let years = get(&server.url("/api/v1/years")).json();
    conforms(&doc, "/api/v1/years", "get", 200, &years);
    let broken = &years["years"][1];
    assert_eq!(broken["year"], 2021);
    assert_eq!(broken["programmes"], json!([]));
    assert!(!broken["reload_problems"].as_array().unwrap().is_empty());
    let e = get(&server.url("/api/v1/years/2021"));
    let body = assert_error(&e, 503, "policy_unusable");
    conforms(&doc, "/api/v1/years/{year}", "get", 503, &body);
    assert!(
        body["details"]
            .to_string()
            .contains("software-integration.yaml"),
        "{body}"
    );
    // 2020 is served all the same.
    assert_eq!(get(&server.url("/api/v1/years/2020")).status, 200);
}

// ---------- pages ----------

#[test]
fn pages_are_served_with_their_assets() {
    let server = Server::start(|_| {});
    let index = get(&server.url("/"));
    assert_eq!(index.status, 200);
    assert!(
        index
            .header("content-type")
            .unwrap()
            .starts_with("text/html")
    );
    assert_safe_headers(&index);
    assert!(index.text().contains("cloud-award"));
    let rules = get(&server.url("/web/2020/cloud-award"));
    assert_eq!(rules.status, 200);
    let en = get(&server.url("/web/2020/cloud-award?lang=en"));
    assert_eq!(en.status, 200);
    assert_ne!(rules.text(), en.text());
    assert_eq!(
        get(&server.url("/web/2020/cloud-award/source/0")).status,
        200
    );
    assert_eq!(
        get(&server.url("/web/2020/cloud-award/source/99")).status,
        404
    );
    assert_eq!(
        get(&server.url("/web/2020/cloud-award/evaluate")).status,
        200
    );
    assert_eq!(get(&server.url("/web/2020/cloud-award/batch")).status, 200);
    assert_eq!(
        get(&server.url("/web/compare?from=2020&to=2021")).status,
        200
    );
    assert_eq!(
        get(&server.url("/web/compare?from=2020&to=1999")).status,
        404
    );
    let js = get(&server.url("/static/workbench.js"));
    assert_eq!(js.status, 200);
    assert!(js.header("content-type").unwrap().contains("javascript"));
    assert_eq!(get(&server.url("/static/../Cargo.toml")).status, 404);
    assert_eq!(get(&server.url("/static/nothing.js")).status, 404);
    let redirect = answer(
        ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .build()
            .new_agent()
            .get(&server.url("/years/2020/programmes/cloud-award"))
            .call(),
    );
    assert_eq!(redirect.status, 308);
    assert_eq!(
        redirect.header("location").as_deref(),
        Some("/web/2020/cloud-award")
    );
    let missing = get(&server.url("/web/1999/cloud-award"));
    assert_eq!(missing.status, 404);
    assert!(
        missing
            .header("content-type")
            .unwrap()
            .starts_with("text/html")
    );
    let missing = get(&server.url("/no/such/page"));
    assert_eq!(missing.status, 404);
    assert_safe_headers(&missing);
}

#[test]
fn the_evaluate_form_is_answered_with_the_result() {
    let server = Server::start(|_| {});
    let url = server.url("/web/2020/cloud-award/evaluate");
    let a = post(
        &url,
        "application/x-www-form-urlencoded",
        b"lang=en&id=F-%3Cb%3E1&no_such_field=1",
    );
    assert_eq!(a.status, 400, "an unknown field is named: {}", a.text());
    let a = post(
        &url,
        "application/x-www-form-urlencoded",
        b"lang=en&id=F-%3Cb%3E1",
    );
    assert_eq!(a.status, 200, "{}", a.text());
    let html = a.text();
    assert!(html.contains("F-&lt;b&gt;1"), "{html}");
    assert!(!html.contains("F-<b>1"), "{html}");
}

#[test]
fn the_compare_page_takes_a_batch() {
    let server = Server::start(|_| {});
    let file = std::fs::read_to_string(policies().join("2021/examples/software-integration.yaml"))
        .unwrap();
    let boundary = "cmpb";
    let mut form = Vec::new();
    write!(
        form,
        "--{boundary}\r\nContent-Disposition: form-data; name=\"programme\"\r\n\r\nsoftware-integration\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"apps.yaml\"\r\n\r\n{file}\r\n--{boundary}--\r\n"
    )
    .unwrap();
    let a = post(
        &server.url("/web/compare?from=2020&to=2021"),
        &format!("multipart/form-data; boundary={boundary}"),
        &form,
    );
    assert_eq!(a.status, 200, "{}", a.text());
}

#[test]
fn a_method_a_route_does_not_answer_is_405_in_words_and_counted_once() {
    let server = Server::start(|_| {});
    let e = get(&server.url("/api/v1/years/2020/programmes/cloud-award/evaluate"));
    let body = assert_error(&e, 405, "method_not_allowed");
    assert!(body["message"].as_str().unwrap().contains("GET"), "{body}");
    let page = answer(
        agent()
            .delete(&server.url("/web/2020/cloud-award?lang=en"))
            .call(),
    );
    assert_eq!(page.status, 405);
    assert!(
        page.text().contains("does not answer DELETE"),
        "{}",
        page.text()
    );
    // Invented methods share one label in the metrics.
    for m in ["FOOBAR1", "FOOBAR2"] {
        // Sent by hand: HTTP clients refuse to send a method they do not know.
        use std::io::{Read, Write};
        let mut stream = std::net::TcpStream::connect(server.addr).unwrap();
        write!(
            stream,
            "{m} /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut text = String::new();
        stream.read_to_string(&mut text).unwrap();
        assert!(text.starts_with("HTTP/1.1 405"), "{text}");
    }
    let metrics = get(&server.url("/metrics")).text();
    assert!(!metrics.contains("FOOBAR"), "{metrics}");
    assert!(
        metrics.contains("route=\"/healthz\",method=\"other\",status=\"405\"} 2"),
        "{metrics}"
    );
}

#[test]
fn pages_follow_the_browsers_language_unless_the_link_says_one() {
    let server = Server::start(|_| {});
    let en = get_with(
        &server.url("/web/2020/cloud-award"),
        ("Accept-Language", "en-GB,en;q=0.9,zh;q=0.5"),
    );
    assert_eq!(en.status, 200);
    assert!(
        en.header("vary")
            .unwrap_or_default()
            .contains("accept-language")
    );
    let text = en.text();
    assert!(
        text.contains("lang=\"en\""),
        "{}",
        &text[..300.min(text.len())]
    );
    let zh = get_with(
        &server.url("/web/2020/cloud-award?lang=zh"),
        ("Accept-Language", "en"),
    );
    assert!(zh.text().contains("lang=\"zh"), "the link's choice wins");
    let plain = get(&server.url("/web/2020/cloud-award")).text();
    assert!(plain.contains("lang=\"zh"), "Chinese by default");
    // A language the workbench lacks is refused in the browser's language, not shown in
    // Chinese as if asked for (the value escaped like any text on a page).
    for (accept, said) in [("en", "Unsupported language"), ("zh-CN", "不支持的语言")] {
        let fr = get_with(
            &server.url("/web/2020/cloud-award?lang=%3Cb%3Efr"),
            ("Accept-Language", accept),
        );
        assert_eq!(fr.status, 400);
        let text = fr.text();
        assert!(text.contains(said), "{text}");
        assert!(text.contains("&lt;b&gt;fr"), "{text}");
        assert!(!text.contains("<b>fr"), "{text}");
    }
    // A key given twice is refused in the service's words, as a page or as the API's JSON.
    let twice = get(&server.url("/web/2020/cloud-award?lang=en&lang=fr"));
    assert_eq!(twice.status, 400);
    let text = twice.text();
    assert!(text.contains("gives lang twice"), "{text}");
    assert!(text.contains("<!doctype html>"), "{text}");
    let api = get(&server.url("/api/v1/years?lang=zh&lang=zh"));
    assert_eq!(api.status, 400);
    let body = api.json();
    assert_eq!(body["code"], "bad_request", "{body}");
    let said = body["message"].as_str().unwrap_or_default();
    assert!(said.contains("查询参数 lang 给了两次"), "{body}");
    let upper = get(&server.url("/web/2020/cloud-award?lang=EN"));
    assert_eq!(upper.status, 200);
    assert!(upper.text().contains("lang=\"en\""));
}
