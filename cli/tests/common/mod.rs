//! Test helpers: a tiny HTTP server on 127.0.0.1 (port 0) in the test process, the command
//! under test, and the skip rule for browser tests.

#![allow(dead_code)]

pub mod records;

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

/// What a path answers.
#[derive(Clone)]
pub enum Reply {
    /// 200 with this content type and body.
    Body(&'static str, Vec<u8>),
    /// Accept the request and never answer.
    Hang,
}

/// A site served from memory (and, optionally, one folder mounted at a prefix).
pub struct Site {
    /// `http://127.0.0.1:PORT`
    pub origin: String,
    /// The port.
    pub port: u16,
}

impl Site {
    /// Serves `routes` (and `mount` = (prefix, folder)) until the test process ends.
    pub fn serve(routes: Vec<(&str, Reply)>, mount: Option<(&str, PathBuf)>) -> Site {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let port = listener.local_addr().expect("local address").port();
        let routes: Arc<HashMap<String, Reply>> =
            Arc::new(routes.into_iter().map(|(p, r)| (p.to_owned(), r)).collect());
        let mount = Arc::new(mount.map(|(p, d)| (p.to_owned(), d)));
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let routes = Arc::clone(&routes);
                let mount = Arc::clone(&mount);
                std::thread::spawn(move || answer(stream, &routes, mount.as_ref().as_ref()));
            }
        });
        Site {
            origin: format!("http://127.0.0.1:{port}"),
            port,
        }
    }

    /// The URL of `path` on this site.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.origin)
    }
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "json" => "application/json; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn answer(
    mut stream: TcpStream,
    routes: &HashMap<String, Reply>,
    mount: Option<&(String, PathBuf)>,
) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let mut reader = BufReader::new(match stream.try_clone() {
        Ok(s) => s,
        Err(_) => return,
    });
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    loop {
        let mut header = String::new();
        match reader.read_line(&mut header) {
            Ok(0) | Err(_) => break,
            Ok(_) if header == "\r\n" || header == "\n" => break,
            Ok(_) => {}
        }
    }
    let target = request_line.split_whitespace().nth(1).unwrap_or("/");
    let path = target.split('?').next().unwrap_or("/");
    let reply = routes.get(path).cloned().or_else(|| {
        let (prefix, dir) = mount?;
        let rest = path.strip_prefix(prefix.as_str())?;
        if rest.split('/').any(|s| s == "..") {
            return None;
        }
        let file = dir.join(rest);
        let body = std::fs::read(&file).ok()?;
        Some(Reply::Body(content_type(&file), body))
    });
    match reply {
        Some(Reply::Body(kind, body)) => {
            let head = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: {kind}\r\ncontent-length: {}\r\ncache-control: no-store\r\nconnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
        }
        Some(Reply::Hang) => std::thread::sleep(Duration::from_mins(2)),
        None => {
            let _ = stream.write_all(
                b"HTTP/1.1 404 Not Found\r\ncontent-type: text/plain\r\ncontent-length: 9\r\nconnection: close\r\n\r\nnot found",
            );
        }
    }
}

/// An HTML reply.
pub fn html(text: &str) -> Reply {
    Reply::Body("text/html; charset=utf-8", text.as_bytes().to_vec())
}

/// A JSON reply.
pub fn json(text: &str) -> Reply {
    Reply::Body("application/json", text.as_bytes().to_vec())
}

/// A JavaScript reply.
pub fn js(text: &str) -> Reply {
    Reply::Body("text/javascript", text.as_bytes().to_vec())
}

/// Runs `consent-gate` with `args` in `dir`.
pub fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_consent-gate"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run consent-gate")
}

/// Runs `consent-gate` with `args`.
pub fn run(args: &[&str]) -> Output {
    run_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

/// Standard output as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Standard error as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The exit code.
#[track_caller]
pub fn code(o: &Output) -> i32 {
    o.status.code().expect("exited with a code")
}

pub const CHROMIUM: &str = "/usr/bin/chromium";

/// Whether browser tests can run; if not, says why on the terminal (past the test
/// harness's capture, so the skip is never silent).
pub fn chromium_or_skip(test: &str) -> bool {
    if Path::new(CHROMIUM).is_file() {
        return true;
    }
    let _ = writeln!(
        std::io::stderr(),
        "SKIPPED {test}: {CHROMIUM} is absent (install Debian's `chromium` to run the browser tests)"
    );
    false
}

/// One browser at a time: the machine has two cores, and timings matter.
pub fn browser_lock() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A port nothing listens on.
pub fn closed_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind");
    l.local_addr().expect("address").port()
}
