//! Helpers for the receipt service's tests: a PostgreSQL cluster of the test binary's own
//! (in a temp folder, on 127.0.0.1 and a free port, as the `postgres` user when the tests run
//! as root; stopped when the test process ends), a fresh database per test on either backend,
//! the service as a child process, and plain HTTP requests.
//!
//! `CG_TEST_POSTGRES_URL` (e.g. `postgres://postgres@127.0.0.1:5432/postgres`) uses an existing
//! server instead for the shared cluster; tests that stop PostgreSQL still start their own.

use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use consent_gate_cli::records::audit::sample;
use consent_gate_cli::records::bench::uuid_from;

/// The site origin the tests' service takes.
pub const SITE: &str = "http://shop.localhost:8080";

/// A backend the same tests run against.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A fresh, empty database (the SQLite file's folder lives as long as this).
pub struct Db {
    pub url: String,
    pub backend: Backend,
    _dir: Option<tempfile::TempDir>,
}

impl Backend {
    /// A new empty database on this backend.
    pub fn fresh(self) -> Db {
        match self {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("temp dir");
                Db {
                    url: format!("sqlite:{}", dir.path().join("receipts.db").display()),
                    backend: self,
                    _dir: Some(dir),
                }
            }
            Backend::Postgres => Db {
                url: shared_postgres().create_database(),
                backend: self,
                _dir: None,
            },
        }
    }
}

/// Runs each named test function (taking a [`Backend`]) once per backend.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $( #[test] fn $name() { super::$name($crate::common::records::Backend::Sqlite) } )*
        }
        mod postgres {
            $( #[test] fn $name() { super::$name($crate::common::records::Backend::Postgres) } )*
        }
    };
}

// ---- PostgreSQL ---------------------------------------------------------------------------

/// A PostgreSQL server for tests: a cluster of our own, or `CG_TEST_POSTGRES_URL`.
pub struct Postgres {
    /// `postgres://postgres@127.0.0.1:PORT` (no database).
    pub base: String,
    cluster: Option<Cluster>,
}

struct Cluster {
    bin: PathBuf,
    dir: String,
    port: u16,
}

static DATABASES: AtomicU64 = AtomicU64::new(0);

/// The test binary's shared server, started on first use.
pub fn shared_postgres() -> &'static Postgres {
    static SHARED: OnceLock<Postgres> = OnceLock::new();
    SHARED.get_or_init(|| match std::env::var("CG_TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => Postgres {
            base: url
                .rsplit_once('/')
                .map_or(url.clone(), |(b, _)| b.to_owned()),
            cluster: None,
        },
        _ => Postgres::start(),
    })
}

fn postgres_bin() -> PathBuf {
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path().join("bin"))
        .filter(|b| b.join("initdb").is_file())
        .collect();
    found.sort_by_key(|p| {
        p.parent()
            .and_then(|v| v.file_name())
            .and_then(|v| v.to_str())
            .and_then(|v| v.parse::<u32>().ok())
            .unwrap_or(0)
    });
    found.pop().unwrap_or_else(|| {
        panic!(
            "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): run scripts/setup.sh test, \
             apt-get install postgresql, or set CG_TEST_POSTGRES_URL"
        )
    })
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// A command run as the `postgres` user when we are root (PostgreSQL refuses root).
fn as_postgres(program: &Path) -> Command {
    if is_root() {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(program);
        c
    } else {
        Command::new(program)
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

#[track_caller]
fn run_ok(mut c: Command, what: &str) {
    let out = c.output().unwrap_or_else(|e| panic!("{what}: {e}"));
    assert!(
        out.status.success(),
        "{what} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

impl Postgres {
    /// Starts a cluster of our own; it is stopped and removed when the test process ends.
    pub fn start() -> Postgres {
        let bin = postgres_bin();
        let mut mk = if is_root() {
            let mut c = Command::new("runuser");
            c.args([
                "-u",
                "postgres",
                "--",
                "mktemp",
                "-d",
                "/tmp/cg-records-pg-XXXXXX",
            ]);
            c
        } else {
            let mut c = Command::new("mktemp");
            c.args(["-d", "/tmp/cg-records-pg-XXXXXX"]);
            c
        };
        let out = mk.output().expect("mktemp");
        let dir = String::from_utf8_lossy(&out.stdout).trim().to_owned();
        assert!(!dir.is_empty(), "mktemp gave no folder");
        let mut init = as_postgres(&bin.join("initdb"));
        init.args([
            "-D",
            &format!("{dir}/data"),
            "-U",
            "postgres",
            "--auth=trust",
            "--no-sync",
            "-E",
            "UTF8",
        ]);
        run_ok(init, "initdb");
        let cluster = Cluster {
            bin,
            dir: dir.clone(),
            port: free_port(),
        };
        // Stop and remove the cluster when this test process ends (polled twice a second).
        let me = std::process::id();
        let ctl = cluster.bin.join("pg_ctl");
        let runner = if is_root() {
            "runuser -u postgres -- "
        } else {
            ""
        };
        let _ = Command::new("sh")
            .arg("-c")
            .arg(format!(
                "while kill -0 {me} 2>/dev/null; do sleep 0.5; done; \
                 {runner}{} -D {dir}/data stop -m immediate >/dev/null 2>&1; rm -rf {dir}",
                ctl.display()
            ))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
        cluster.start();
        Postgres {
            base: format!("postgres://postgres@127.0.0.1:{}", cluster.port),
            cluster: Some(cluster),
        }
    }

    /// Stops the server (a test's own cluster only).
    pub fn stop(&self) {
        self.cluster.as_ref().expect("our own cluster").stop();
    }

    /// Starts it again on the same port.
    pub fn restart(&self) {
        self.cluster.as_ref().expect("our own cluster").start();
    }

    /// A new, empty database; its URL.
    pub fn create_database(&self) -> String {
        let name = format!(
            "cg_{}_{}",
            std::process::id(),
            DATABASES.fetch_add(1, Ordering::SeqCst)
        );
        let admin = format!("{}/postgres", self.base);
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        rt.block_on(async {
            let (client, conn) = tokio_postgres::connect(&admin, tokio_postgres::NoTls)
                .await
                .unwrap_or_else(|e| panic!("connect to {admin}: {e}"));
            tokio::spawn(conn);
            client
                .batch_execute(&format!("CREATE DATABASE {name}"))
                .await
                .expect("create database");
        });
        format!("{}/{name}", self.base)
    }

    /// Runs SQL on the database at `url` (to tamper with rows, as an attacker would).
    pub fn execute(url: &str, sql: &str) {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        rt.block_on(async {
            let (client, conn) = tokio_postgres::connect(url, tokio_postgres::NoTls)
                .await
                .expect("connect");
            tokio::spawn(conn);
            client.batch_execute(sql).await.expect("sql");
        });
    }
}

impl Cluster {
    fn start(&self) {
        let mut c = as_postgres(&self.bin.join("pg_ctl"));
        c.args([
            "-D",
            &format!("{}/data", self.dir),
            "-l",
            &format!("{}/log", self.dir),
            "-w",
            "-t",
            "60",
            "-o",
            &format!(
                "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=200",
                self.port, self.dir
            ),
            "start",
        ]);
        run_ok(c, "pg_ctl start");
    }

    fn stop(&self) {
        let mut c = as_postgres(&self.bin.join("pg_ctl"));
        c.args([
            "-D",
            &format!("{}/data", self.dir),
            "-w",
            "-m",
            "fast",
            "stop",
        ]);
        run_ok(c, "pg_ctl stop");
    }
}

/// Runs SQL on a test database of either backend.
pub fn execute(db: &Db, sql: &str) {
    match db.backend {
        Backend::Sqlite => {
            let path = db.url.strip_prefix("sqlite:").expect("sqlite url");
            let conn = rusqlite::Connection::open(path).expect("open");
            conn.execute_batch(sql).expect("sql");
        }
        Backend::Postgres => Postgres::execute(&db.url, sql),
    }
}

// ---- the service --------------------------------------------------------------------------

/// The service as a child process.
pub struct Service {
    child: Child,
    /// `127.0.0.1:PORT`
    pub addr: String,
    pub database: String,
    args: Vec<String>,
}

impl Service {
    /// Starts `records serve` on `database` and a free port, taking [`SITE`], plus `extra` flags.
    pub fn start(database: &str, extra: &[&str]) -> Service {
        Service::start_on(database, "127.0.0.1:0", extra)
    }

    /// Starts it on `listen`.
    pub fn start_on(database: &str, listen: &str, extra: &[&str]) -> Service {
        let mut args: Vec<String> = [
            "records",
            "serve",
            "--database",
            database,
            "--listen",
            listen,
            "--origin",
            SITE,
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        args.extend(extra.iter().map(|s| (*s).to_owned()));
        let mut child = Command::new(env!("CARGO_BIN_EXE_consent-gate"))
            .args(&args)
            .env_remove("CG_RECORDS_DATABASE")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start consent-gate records serve");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let line = rx
            .recv_timeout(Duration::from_mins(1))
            .unwrap_or_else(|_| panic!("records serve {args:?} did not say where it listens"));
        let addr = line
            .split("listening on http://")
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .unwrap_or_else(|| panic!("unexpected first line: {line}"))
            .to_owned();
        Service {
            child,
            addr,
            database: database.to_owned(),
            args,
        }
    }

    /// Kills it with SIGKILL (no chance to finish anything) and waits for it to be gone.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Starts it again on the same address.
    pub fn restart(&mut self) {
        self.kill();
        let extra: Vec<&str> = self.args[8..].iter().map(String::as_str).collect();
        let again = Service::start_on(&self.database.clone(), &self.addr.clone(), &extra);
        *self = again;
    }

    /// Posts `body` as ConsentGate does (text/plain, the site's origin).
    pub fn post(&self, body: &str) -> Reply {
        http(
            &self.addr,
            "POST",
            "/",
            &[
                ("origin", SITE),
                ("content-type", "text/plain;charset=UTF-8"),
            ],
            body.as_bytes(),
        )
    }

    /// `http://ADDR/`
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }
}

impl Drop for Service {
    fn drop(&mut self) {
        self.kill();
    }
}

/// An HTTP answer.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Reply {
    /// A header's value (names case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// One HTTP/1.1 request on its own connection; `status` 0 when nothing answered.
pub fn http(addr: &str, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Reply {
    let none = Reply {
        status: 0,
        headers: Vec::new(),
        body: String::new(),
    };
    let Ok(mut stream) = TcpStream::connect(addr) else {
        return none;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nhost: {addr}\r\nconnection: close\r\ncontent-length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        let _ = write!(head, "{k}: {v}\r\n");
    }
    head.push_str("\r\n");
    if stream.write_all(head.as_bytes()).is_err() {
        return none;
    }
    let _ = stream.write_all(body);
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).into_owned();
    let Some((head, body)) = text.split_once("\r\n\r\n") else {
        return none;
    };
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    Reply {
        status,
        headers,
        body: body.to_owned(),
    }
}

/// A receipt's JSON: `n` of this test's series, after `previous`.
pub fn receipt(seed: &str, n: u64, previous: Option<&str>, method: &str) -> (String, String) {
    let id = uuid_from(seed, n);
    let body = sample(&id, previous, "2026-11-25T09:00:00.000Z", method).to_json();
    (id, body)
}

/// Runs `consent-gate` with `args`, returning (exit code, stdout, stderr).
pub fn cli(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_consent-gate"))
        .args(args)
        .env_remove("CG_RECORDS_DATABASE")
        .output()
        .expect("run consent-gate");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The consent ids of `records export` (JSON lines), in chain order.
pub fn exported_ids(database: &str) -> Vec<String> {
    let (code, out, err) = cli(&["records", "export", "--database", database]);
    assert_eq!(code, 0, "export failed: {err}");
    out.lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("an export line");
            v["consentId"].as_str().expect("consentId").to_owned()
        })
        .collect()
}

/// Polls `f` every 50 ms until it holds or `limit` passes.
pub fn eventually(limit: Duration, what: &str, mut f: impl FnMut() -> bool) {
    let started = Instant::now();
    while !f() {
        assert!(started.elapsed() < limit, "{what}: not within {limit:?}");
        std::thread::sleep(Duration::from_millis(50));
    }
}
