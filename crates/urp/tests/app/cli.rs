//! The `urp` binary itself: start-up errors, the scripting commands, logs, shutdown.

use std::io::Write as _;
use std::process::{Command, Stdio};
use urp_store::test_support::TestDb;

fn urp() -> Command {
    Command::new(env!("CARGO_BIN_EXE_urp"))
}

#[test]
fn unreachable_database_is_one_line_with_the_password_masked() {
    let out = urp().args(["--database-url", "postgres://urp:s3greto@127.0.0.1:1/urp", "migrate"]).output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("postgres://urp:***@127.0.0.1:1/urp"), "{err}");
    assert!(!err.contains("s3greto"));
}

#[tokio::test]
async fn tenant_and_user_from_the_command_line() {
    let (url, _guard) = TestDb::empty().await.unwrap();
    let run = |args: &[&str], stdin: Option<&str>| {
        let mut child = urp()
            .args(["--database-url", &url])
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        if let Some(s) = stdin {
            child.stdin.take().unwrap().write_all(s.as_bytes()).unwrap();
        } else {
            drop(child.stdin.take());
        }
        child.wait_with_output().unwrap()
    };
    assert!(run(&["migrate"], None).status.success());
    let t = run(
        &[
            "tenant",
            "add",
            "--slug",
            "prova",
            "--name",
            "Comune di Prova",
            "--ipa-code",
            "c_p001",
            "--host",
            "prova.example",
            "--patron-day",
            "24/06",
        ],
        None,
    );
    assert!(t.status.success(), "{}", String::from_utf8_lossy(&t.stderr));
    let bad = run(&["tenant", "add", "--slug", "Bad Slug", "--name", "X", "--ipa-code", "c_x"], None);
    assert!(!bad.status.success());
    let u = run(
        &[
            "user",
            "add",
            "--email",
            "Capo@Prova.example",
            "--name",
            "Anna Capo",
            "--role",
            "manager",
            "--role",
            "referent",
            "--password-stdin",
        ],
        Some("Lungomare-Azzurro-9\n"),
    );
    assert!(u.status.success(), "{}", String::from_utf8_lossy(&u.stderr));
    let printed = format!("{}{}", String::from_utf8_lossy(&u.stdout), String::from_utf8_lossy(&u.stderr));
    assert!(!printed.contains("Lungomare-Azzurro-9"), "secrets are never printed");
    let weak = run(
        &["user", "add", "--email", "b@prova.example", "--name", "B", "--role", "admin", "--password-stdin"],
        Some("corta\n"),
    );
    assert!(!weak.status.success());
    let list = run(&["user", "list"], None);
    let out = String::from_utf8_lossy(&list.stdout);
    assert!(out.contains("capo@prova.example\tAnna Capo\tmanager,referent\tactive"), "{out}");
    assert!(!out.contains("b@prova.example"));

    let store = urp_store::connect(&urp_store::ConnectOptions::new(url.clone())).await.unwrap();
    let tenant = store.tenant_by_host("prova.example").await.unwrap().expect("host registered");
    assert_eq!(tenant.data.patron_day, Some((6, 24)));
    assert!(tenant.is_default, "the first ente is the default");
    assert_eq!(store.list_channels(tenant.id).await.unwrap().len(), 8, "default channels seeded");
    let creds = store.credentials_by_email(tenant.id, "capo@prova.example").await.unwrap().unwrap();
    assert!(creds.password_hash.starts_with("$argon2id$"));
    store.close().await;
}

/// `serve` logs JSON lines with the request id when asked, and stops cleanly on SIGTERM.
#[cfg(unix)]
#[tokio::test]
async fn serve_logs_json_and_stops_on_sigterm() {
    let (url, _guard) = TestDb::empty().await.unwrap();
    let search_dir = tempfile::tempdir().unwrap();
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let child = urp()
        .args([
            "--database-url",
            &url,
            "--log-format",
            "json",
            "--search-dir",
            &search_dir.path().display().to_string(),
            "serve",
            "--demo",
            "--bind",
            &format!("127.0.0.1:{port}"),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let client = reqwest::Client::new();
    let mut ready = false;
    for _ in 0..100 {
        if let Ok(r) = client.get(format!("http://127.0.0.1:{port}/readyz")).send().await
            && r.status() == 200
        {
            ready = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(ready, "server became ready");
    let res = client.get(format!("http://127.0.0.1:{port}/uffici")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let request_id = res.headers()["x-request-id"].to_str().unwrap().to_string();
    let pid = child.id().to_string();
    assert!(Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "graceful exit: {:?}", out.status);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("Valfiorita-Admin-2026"), "demo accounts are printed at start");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<serde_json::Value> = stderr.lines().filter_map(|l| serde_json::from_str(l).ok()).collect();
    assert!(!lines.is_empty(), "{stderr}");
    assert_eq!(lines.len(), stderr.lines().count(), "every log line is JSON: {stderr}");
    assert!(lines.iter().any(|l| l.to_string().contains(&request_id)), "a log line carries the request id");
    assert!(lines.iter().any(|l| l.to_string().contains("URP stopped")));
}
