#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! `fundpolicy serve` as its users start it: the binary listens, answers, says where, and
//! stops on SIGTERM; the refusals to start are errors with their way out.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Stdio};

fn binary() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_fundpolicy"));
    cmd.env_remove("FUNDPOLICY_LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG");
    cmd
}

/// A plain HTTP/1.1 GET; the whole answer as text.
fn get(addr: &str, path: &str) -> String {
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    answer
}

/// A server process, killed if the test fails before it is stopped.
struct Running(std::process::Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn serve_listens_says_where_answers_and_stops_on_sigterm() {
    let mut server = Running(
        binary()
            .args(["serve", "--addr", "127.0.0.1:0", "--policies", "policies"])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stderr(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let child = &mut server.0;
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    stderr.read_line(&mut line).unwrap();
    // zh by default: 正在 http://127.0.0.1:PORT/ 提供服务（政策来源：policies）。
    assert!(line.starts_with("正在 http://127.0.0.1:"), "{line}");
    assert!(line.contains("政策来源：policies"), "{line}");
    let addr = line["正在 http://".len()..]
        .split('/')
        .next()
        .unwrap()
        .to_string();

    let health = get(&addr, "/healthz");
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    let years = get(&addr, "/api/v1/years");
    assert!(years.contains("\"year\":2020"), "{years}");
    let page = get(&addr, "/web/2020/cloud-award?lang=zh");
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    assert!(
        page.to_ascii_lowercase()
            .contains("content-security-policy"),
        "{page}"
    );
    assert!(page.contains("云"), "the rules page in Chinese: {page}");

    let stopped = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(stopped.success());
    let status = child.wait().unwrap();
    assert!(
        status.success(),
        "SIGTERM ends the server cleanly: {status:?}"
    );
}

#[test]
fn serve_refuses_an_exposed_address_without_a_token() {
    let out = binary()
        .args(["serve", "--addr", "0.0.0.0:0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8(out.stderr).unwrap();
    assert!(text.contains("0.0.0.0:0"), "{text}");
    assert!(text.contains("[serve::exposed]"), "{text}");
    assert!(text.contains("不是本机回环地址"), "{text}");
    assert!(
        text.contains("提示：") && text.contains("--token-file"),
        "{text}"
    );

    let out = binary()
        .args(["--lang", "en", "serve", "--addr", "0.0.0.0:0"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stderr).unwrap();
    assert!(text.contains("not a loopback address"), "{text}");
}

#[test]
fn serve_refuses_a_token_file_it_cannot_use() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("token");
    std::fs::write(&empty, "\n").unwrap();
    let out = binary()
        .args(["serve", "--token-file", empty.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stderr).unwrap();
    assert!(text.contains("是空的"), "{text}");
    assert!(text.contains("[serve::token]"), "{text}");

    let out = binary()
        .args(["serve", "--token-file", "token", "--no-auth"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "a token and no token at once");
}

/// An address already in use is refused with its code and the system's reason, at once.
#[test]
fn serve_says_an_address_it_cannot_listen_on() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    for (lang, words) in [("zh", "无法"), ("en", "Cannot listen on")] {
        let out = binary()
            .args(["--lang", lang, "serve", "--addr", &addr])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        let text = String::from_utf8(out.stderr).unwrap();
        assert!(text.contains("[serve::bind]"), "{text}");
        assert!(text.contains(&addr) && text.contains(words), "{text}");
    }
}

#[test]
fn serve_refuses_a_folder_that_holds_no_policies_and_watch_without_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = binary()
        .args(["serve", "--policies", dir.path().to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8(out.stderr).unwrap();
    assert!(text.contains(dir.path().to_str().unwrap()), "{text}");

    // Run where there is no policies folder: the built-in policies, which nothing can change.
    let out = binary()
        .args(["serve", "--watch"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8(out.stderr).unwrap();
    assert!(text.contains("--watch") && text.contains("内置"), "{text}");
    assert!(text.contains("--policies"), "{text}");
}

#[test]
fn a_short_token_is_warned_of_and_served() {
    let dir = tempfile::tempdir().unwrap();
    let token = dir.path().join("token");
    std::fs::write(&token, "abc\n").unwrap();
    let mut server = Running(
        binary()
            .args(["serve", "--addr", "127.0.0.1:0", "--token-file"])
            .arg(&token)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stderr(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let mut stderr = BufReader::new(server.0.stderr.take().unwrap());
    let mut warning = String::new();
    stderr.read_line(&mut warning).unwrap();
    assert!(warning.starts_with("警告：令牌文件"), "{warning}");
    assert!(warning.contains("只有 3 个字符"), "{warning}");
    let mut listening = String::new();
    stderr.read_line(&mut listening).unwrap();
    assert!(listening.starts_with("正在 http://"), "{listening}");
}
