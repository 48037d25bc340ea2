//! The HTTP service: `POST /` takes a receipt as ConsentGate sends it (JSON as `text/plain`,
//! `keepalive`), `GET /health` says whether the database answers.
//!
//! A request is checked in this order: its `Origin` is one of the site's (else 403, with no
//! CORS header: a forged origin learns nothing), the client's rate limit (429), the content
//! type (`text/plain` or `application/json`, else 415), the size (413), the receipt (400
//! naming the field). Every answer to an allowed origin carries its CORS headers, errors too,
//! so the browser can read the status. A receipt is answered 201 (stored) or 200 (its
//! `consentId` was already stored) only once the database has committed it; when the database
//! cannot take it the answer is 503 and the visitor's outbox sends it again later.
//!
//! One writer task owns the database connection and commits whatever receipts are waiting in
//! one transaction (group commit), so a burst costs one disk sync, not one per receipt.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use futures::StreamExt as _;
use tokio::sync::{mpsc, oneshot};

use super::ratelimit::{self, RateLimit};
use super::receipt;
use super::retention::Retention;
use super::store::{Appended, DatabaseUrl, Incoming, Store, StoreError};

/// The largest body taken by default (a receipt of 64 categories and 400 services fits).
pub const DEFAULT_MAX_BODY: usize = 32 * 1024;
/// The most receipts committed in one transaction.
const MAX_BATCH: usize = 256;
/// Receipts waiting for the writer before the service answers 503.
const QUEUE: usize = 4096;
/// How long a request waits for its commit before it answers 503.
const COMMIT_TIMEOUT: Duration = Duration::from_secs(15);

/// The service's settings.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Where receipts are kept.
    pub database: DatabaseUrl,
    /// The address to listen on.
    pub listen: SocketAddr,
    /// The site origins whose pages may send receipts (`scheme://host[:port]`).
    pub origins: Vec<String>,
    /// The largest body taken, in bytes.
    pub max_body: usize,
    /// Receipts one client may send at once (0: no limit).
    pub rate_burst: u32,
    /// Receipts per second a client's allowance refills.
    pub rate_per_second: f64,
    /// Keep the client's truncated address (IPv4 /24, IPv6 /48) with each receipt.
    pub store_ip_prefix: bool,
    /// Take the client's address from the last `X-Forwarded-For` entry (behind a proxy).
    pub trust_forwarded_for: bool,
    /// How long receipts are kept.
    pub retention: Retention,
}

/// `text` as an origin (`scheme://host[:port]`, as browsers send it).
///
/// # Errors
/// A message quoting `text` when it is not an http(s) origin without a path.
pub fn origin(text: &str) -> Result<String, String> {
    let url = url::Url::parse(text).map_err(|e| format!("--origin {text:?}: {e}"))?;
    if !matches!(url.scheme(), "http" | "https")
        || url.path() != "/"
        || url.query().is_some()
        || url.fragment().is_some()
        || !url.username().is_empty()
    {
        return Err(format!(
            "--origin {text:?}: an origin is http(s)://HOST[:PORT], without a path"
        ));
    }
    Ok(url.origin().ascii_serialization())
}

enum Msg {
    Append(Box<Incoming>, oneshot::Sender<Result<Appended, StoreError>>),
    Ping(oneshot::Sender<Result<(), StoreError>>),
    Prune(String, oneshot::Sender<Result<u64, StoreError>>),
}

struct App {
    origins: Vec<String>,
    max_body: usize,
    limit: RateLimit,
    store_ip_prefix: bool,
    trust_forwarded_for: bool,
    writer: mpsc::Sender<Msg>,
}

/// A running service.
pub struct Running {
    /// The address it listens on.
    pub addr: SocketAddr,
    stop: oneshot::Sender<()>,
    done: tokio::task::JoinHandle<Result<(), String>>,
}

impl Running {
    /// Stops taking requests, finishes those under way and the writer's last commit.
    ///
    /// # Errors
    /// A message when the server failed.
    pub async fn stop(self) -> Result<(), String> {
        let _ = self.stop.send(());
        self.done.await.map_err(|e| e.to_string())?
    }
}

/// Opens the database, binds the address and starts serving.
///
/// # Errors
/// A message when the database cannot be opened or the address bound.
pub async fn start(settings: Settings) -> Result<Running, String> {
    let store = Store::open(&settings.database).await.map_err(|e| {
        format!(
            "cannot open the database {}: {e}",
            settings.database.shown()
        )
    })?;
    let listener = tokio::net::TcpListener::bind(settings.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", settings.listen))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let (tx, rx) = mpsc::channel(QUEUE);
    let writer = tokio::spawn(write_loop(store, rx));
    let pruner = tokio::spawn(prune_daily(tx.clone(), settings.retention));
    let app = Arc::new(App {
        origins: settings.origins,
        max_body: settings.max_body,
        limit: RateLimit::new(settings.rate_burst, settings.rate_per_second),
        store_ip_prefix: settings.store_ip_prefix,
        trust_forwarded_for: settings.trust_forwarded_for,
        writer: tx,
    });
    let router = Router::new()
        .route(
            "/",
            axum::routing::post(receive)
                .options(preflight)
                .fallback(other),
        )
        .route("/health", axum::routing::get(health))
        .fallback(other)
        .with_state(app);
    let (stop, stopped) = oneshot::channel::<()>();
    let done = tokio::spawn(async move {
        let served = axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(async {
            let _ = stopped.await;
        })
        .await;
        pruner.abort();
        let _ = pruner.await;
        let _ = writer.await;
        served.map_err(|e| format!("the server failed: {e}"))
    });
    Ok(Running { addr, stop, done })
}

/// Serves until SIGTERM or Ctrl-C, printing the address first.
///
/// # Errors
/// A message when the service cannot start or fails.
pub async fn run(settings: Settings) -> Result<(), String> {
    let shown = settings.database.shown();
    let origins = settings.origins.join(" ");
    let running = start(settings).await?;
    println!(
        "consent-gate records: listening on http://{} (database {shown}; origins {origins})",
        running.addr
    );
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        .map_err(|e| format!("cannot watch for SIGTERM: {e}"))?;
    tokio::select! {
        _ = term.recv() => {}
        _ = tokio::signal::ctrl_c() => {}
    }
    eprintln!("consent-gate records: stopping (finishing the requests under way)");
    running.stop().await
}

/// The writer: commits waiting receipts together, answers pings and prunes.
async fn write_loop(mut store: Store, mut rx: mpsc::Receiver<Msg>) {
    let mut next = None;
    loop {
        let msg = match next.take() {
            Some(m) => m,
            None => match rx.recv().await {
                Some(m) => m,
                None => return,
            },
        };
        match msg {
            Msg::Append(first, reply) => {
                let mut items = vec![*first];
                let mut replies = vec![reply];
                while items.len() < MAX_BATCH {
                    match rx.try_recv() {
                        Ok(Msg::Append(item, reply)) => {
                            items.push(*item);
                            replies.push(reply);
                        }
                        Ok(other) => {
                            next = Some(other);
                            break;
                        }
                        Err(_) => break,
                    }
                }
                match store.append(&items, &super::now_iso()).await {
                    Ok(outcomes) => {
                        for (reply, outcome) in replies.into_iter().zip(outcomes) {
                            let _ = reply.send(Ok(outcome));
                        }
                    }
                    Err(e) => {
                        eprintln!(
                            "consent-gate records: could not store {} receipt(s), answered 503: {e}",
                            items.len()
                        );
                        for reply in replies {
                            let _ = reply.send(Err(e.clone()));
                        }
                    }
                }
            }
            Msg::Ping(reply) => {
                let _ = reply.send(store.ping().await);
            }
            Msg::Prune(cutoff, reply) => {
                let _ = reply.send(store.prune(&cutoff, &super::now_iso()).await);
            }
        }
    }
}

/// Prunes at start and then once a day.
async fn prune_daily(writer: mpsc::Sender<Msg>, retention: Retention) {
    let mut every = tokio::time::interval(Duration::from_hours(24));
    loop {
        every.tick().await;
        let cutoff = retention.cutoff(super::now()).to_string();
        let (tx, rx) = oneshot::channel();
        if writer.send(Msg::Prune(cutoff.clone(), tx)).await.is_err() {
            return;
        }
        match rx.await {
            Ok(Ok(0)) | Err(_) => {}
            Ok(Ok(n)) => {
                eprintln!("consent-gate records: pruned {n} receipt(s) received before {cutoff}");
            }
            Ok(Err(e)) => eprintln!("consent-gate records: the daily prune failed: {e}"),
        }
    }
}

/// An answer with a JSON body, and the CORS headers when `origin` is allowed.
fn answer(status: StatusCode, origin: Option<&HeaderValue>, body: &serde_json::Value) -> Response {
    let mut response = (status, body.to_string()).into_response();
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::VARY, HeaderValue::from_static("Origin"));
    if let Some(origin) = origin {
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin.clone());
        h.insert(
            header::ACCESS_CONTROL_EXPOSE_HEADERS,
            HeaderValue::from_static("Retry-After"),
        );
    }
    response
}

fn error(status: StatusCode, origin: Option<&HeaderValue>, message: &str) -> Response {
    answer(status, origin, &serde_json::json!({ "error": message }))
}

impl App {
    /// The request's origin when it is one of the site's; else the 403 answer.
    fn origin<'h>(&self, headers: &'h HeaderMap) -> Result<&'h HeaderValue, Box<Response>> {
        let Some(value) = headers.get(header::ORIGIN) else {
            return Err(Box::new(error(
                StatusCode::FORBIDDEN,
                None,
                "the request has no Origin header; receipts come from the site's pages",
            )));
        };
        let text = value.to_str().unwrap_or("");
        if self.origins.iter().any(|o| o == text) {
            Ok(value)
        } else {
            let shown: String = String::from_utf8_lossy(value.as_bytes())
                .chars()
                .take(100)
                .collect();
            Err(Box::new(error(
                StatusCode::FORBIDDEN,
                None,
                &format!("the origin {shown:?} is not one of this service's sites"),
            )))
        }
    }

    /// The client's address: the peer, or behind a trusted proxy the last forwarded one.
    fn client(&self, peer: SocketAddr, headers: &HeaderMap) -> IpAddr {
        if self.trust_forwarded_for
            && let Some(ip) = headers
                .get_all("x-forwarded-for")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(','))
                .filter_map(|s| s.trim().parse::<IpAddr>().ok())
                .next_back()
        {
            return ip;
        }
        peer.ip()
    }
}

/// Whether the content type is one a receipt may come as (`text/plain` as ConsentGate sends
/// it, or `application/json`), in UTF-8.
fn content_type_ok(headers: &HeaderMap) -> Result<(), String> {
    let Some(value) = headers.get(header::CONTENT_TYPE) else {
        return Err("the request has no Content-Type; send the receipt as text/plain".into());
    };
    let text = value.to_str().unwrap_or("").to_ascii_lowercase();
    let mut parts = text.split(';').map(str::trim);
    let essence = parts.next().unwrap_or("");
    let utf8 = parts.all(|p| match p.split_once('=') {
        Some(("charset", v)) => matches!(v.trim_matches('"'), "utf-8" | "utf8"),
        _ => true,
    });
    if matches!(essence, "text/plain" | "application/json") && utf8 {
        Ok(())
    } else {
        let shown: String = String::from_utf8_lossy(value.as_bytes())
            .chars()
            .take(100)
            .collect();
        Err(format!(
            "the content type {shown:?} is not taken; send the receipt as text/plain (UTF-8)"
        ))
    }
}

/// The body, at most `max` bytes.
async fn read_body(body: Body, headers: &HeaderMap, max: usize) -> Result<Vec<u8>, StatusCode> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > max as u64) {
        return Err(StatusCode::PAYLOAD_TOO_LARGE);
    }
    let mut stream = body.into_data_stream();
    let mut bytes = Vec::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|_| StatusCode::BAD_REQUEST)?;
        if bytes.len() + chunk.len() > max {
            return Err(StatusCode::PAYLOAD_TOO_LARGE);
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

async fn receive(
    State(app): State<Arc<App>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let origin = match app.origin(&headers) {
        Ok(o) => o.clone(),
        Err(refused) => return *refused,
    };
    let origin = Some(&origin);
    let client = app.client(peer, &headers);
    if let Err(wait) = app.limit.take(client) {
        let mut r = error(
            StatusCode::TOO_MANY_REQUESTS,
            origin,
            &format!("too many receipts from this client; send again in {wait} s"),
        );
        r.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(wait));
        return r;
    }
    if let Err(message) = content_type_ok(&headers) {
        return error(StatusCode::UNSUPPORTED_MEDIA_TYPE, origin, &message);
    }
    let bytes = match read_body(body, &headers, app.max_body).await {
        Ok(b) => b,
        Err(status) if status == StatusCode::PAYLOAD_TOO_LARGE => {
            let message = format!("the body is larger than {} bytes", app.max_body);
            return error(status, origin, &message);
        }
        Err(status) => return error(status, origin, "the body could not be read"),
    };
    let receipt = match receipt::read(&bytes) {
        Ok(r) => r,
        Err(invalid) => return error(StatusCode::BAD_REQUEST, origin, &invalid.0),
    };
    let incoming = Incoming {
        receipt,
        ip_prefix: app.store_ip_prefix.then(|| ratelimit::ip_prefix(client)),
    };
    let unavailable = |why: &str| {
        let mut r = error(
            StatusCode::SERVICE_UNAVAILABLE,
            origin,
            &format!("the receipt was not stored ({why}); send it again later"),
        );
        r.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("30"));
        r
    };
    let (tx, rx) = oneshot::channel();
    if app
        .writer
        .try_send(Msg::Append(Box::new(incoming), tx))
        .is_err()
    {
        return unavailable("the service is busy");
    }
    match tokio::time::timeout(COMMIT_TIMEOUT, rx).await {
        Ok(Ok(Ok(Appended::New(_)))) => answer(
            StatusCode::CREATED,
            origin,
            &serde_json::json!({"stored": "new"}),
        ),
        Ok(Ok(Ok(Appended::Duplicate(_)))) => answer(
            StatusCode::OK,
            origin,
            &serde_json::json!({"stored": "duplicate"}),
        ),
        Ok(Ok(Err(_))) => unavailable("the database is unavailable"),
        Ok(Err(_)) | Err(_) => unavailable("the database did not answer in time"),
    }
}

async fn preflight(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    let origin = match app.origin(&headers) {
        Ok(o) => o.clone(),
        Err(refused) => return *refused,
    };
    let mut r = StatusCode::NO_CONTENT.into_response();
    let h = r.headers_mut();
    h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    h.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("POST"),
    );
    h.insert(
        header::ACCESS_CONTROL_ALLOW_HEADERS,
        HeaderValue::from_static("content-type"),
    );
    h.insert(
        header::ACCESS_CONTROL_MAX_AGE,
        HeaderValue::from_static("86400"),
    );
    h.insert(header::VARY, HeaderValue::from_static("Origin"));
    r
}

async fn health(State(app): State<Arc<App>>) -> Response {
    let (tx, rx) = oneshot::channel();
    let ok = app.writer.try_send(Msg::Ping(tx)).is_ok()
        && matches!(
            tokio::time::timeout(Duration::from_secs(10), rx).await,
            Ok(Ok(Ok(())))
        );
    if ok {
        answer(StatusCode::OK, None, &serde_json::json!({"status": "ok"}))
    } else {
        answer(
            StatusCode::SERVICE_UNAVAILABLE,
            None,
            &serde_json::json!({"status": "the database is unavailable"}),
        )
    }
}

async fn other(State(app): State<Arc<App>>, method: Method, headers: HeaderMap) -> Response {
    let origin = app.origin(&headers).ok().cloned();
    let (status, message) = if method == Method::GET || method == Method::HEAD {
        (StatusCode::NOT_FOUND, "not found: receipts go to POST /")
    } else {
        (
            StatusCode::METHOD_NOT_ALLOWED,
            "method not allowed: receipts go to POST /",
        )
    };
    error(status, origin.as_ref(), message)
}
