//! A fake of the slice of Twilio's REST API that twenv uses, on 127.0.0.1.
//!
//! Stateful (accounts with Auth Tokens, issued and deleted API keys), checks
//! Basic auth, answers with Twilio's status codes and JSON error bodies, and
//! records every request. Faults (error statuses, delays, dropped
//! connections) are queued for the next requests.

#![allow(dead_code)]

use std::collections::{BTreeMap, VecDeque};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use base64::Engine as _;

#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    /// Header names lowercased.
    pub headers: BTreeMap<String, String>,
    pub body: String,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(&name.to_ascii_lowercase())
            .map(String::as_str)
    }

    /// The Basic auth pair, decoded.
    pub fn basic_auth(&self) -> Option<(String, String)> {
        let encoded = self.header("authorization")?.strip_prefix("Basic ")?;
        let raw = base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .ok()?;
        let raw = String::from_utf8(raw).ok()?;
        let (user, pass) = raw.split_once(':')?;
        Some((user.to_string(), pass.to_string()))
    }

    /// A form field of the body, URL-decoded.
    pub fn form(&self, name: &str) -> Option<String> {
        self.body.split('&').find_map(|pair| {
            let (k, v) = pair.split_once('=')?;
            (url_decode(k) == name).then(|| url_decode(v))
        })
    }
}

#[derive(Debug, Clone)]
pub struct Key {
    pub account_sid: String,
    pub secret: String,
    pub friendly_name: String,
}

#[derive(Debug, Clone)]
pub enum Fault {
    /// Answer normally (to aim a later fault at a later request).
    Pass,
    /// Answer with this status and a Twilio-style error body.
    Status(u16),
    /// Wait this long, then answer normally.
    Delay(Duration),
    /// Close the connection without answering.
    Close,
    /// Answer 302 with this Location (an unauthenticated "success" would follow there).
    Redirect(String),
    /// Do the work as usual (a key is created), then answer with the body
    /// this function makes of the real one: a malformed 2xx reply.
    Mangle(fn(&str) -> String),
    /// Answer with this status and a Twilio error body of this code and message.
    Error(u16, u32, String),
}

#[derive(Default)]
struct State {
    accounts: BTreeMap<String, String>,
    keys: BTreeMap<String, Key>,
    deleted: Vec<String>,
    requests: Vec<Recorded>,
    faults: VecDeque<Fault>,
    next_key: u32,
    on_create_key: Option<Box<dyn FnMut() + Send>>,
    /// The accounts' `friendly_name` (default "Fake Account").
    account_name: Option<String>,
}

/// A connection the fake serves: plain TCP, or TLS over it (tests/it/tls.rs).
pub trait Connection: Read + Write + Send {
    /// Ends the connection without an answer (`Fault::Close`).
    fn close(&mut self);
}

impl Connection for TcpStream {
    fn close(&mut self) {
        let _ = self.shutdown(Shutdown::Both);
    }
}

pub struct FakeTwilio {
    pub port: u16,
    state: Arc<Mutex<State>>,
    stop: Arc<AtomicBool>,
}

impl FakeTwilio {
    pub fn start() -> Self {
        Self::start_with(|tcp| Some(Box::new(tcp)))
    }

    /// A fake whose accepted connections are first given to `wrap` (a TLS
    /// acceptor); `None` drops the connection.
    pub fn start_with(
        wrap: impl Fn(TcpStream) -> Option<Box<dyn Connection>> + Send + Sync + 'static,
    ) -> Self {
        let wrap = Arc::new(wrap);
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let port = listener.local_addr().expect("addr").port();
        let state = Arc::new(Mutex::new(State {
            next_key: 1,
            ..State::default()
        }));
        let stop = Arc::new(AtomicBool::new(false));
        let (st, sp) = (state.clone(), stop.clone());
        thread::spawn(move || {
            for conn in listener.incoming() {
                if sp.load(Ordering::Relaxed) {
                    break;
                }
                let Ok(conn) = conn else { continue };
                let _ = conn.set_read_timeout(Some(Duration::from_secs(30)));
                let (st, wrap) = (st.clone(), wrap.clone());
                thread::spawn(move || {
                    if let Some(conn) = wrap(conn) {
                        serve(conn, &st);
                    }
                });
            }
        });
        FakeTwilio { port, state, stop }
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// What every account reports as its `friendly_name`.
    pub fn set_account_name(&self, name: &str) {
        self.lock().account_name = Some(name.to_string());
    }

    pub fn add_account(&self, account_sid: &str, auth_token: &str) {
        self.lock()
            .accounts
            .insert(account_sid.to_string(), auth_token.to_string());
    }

    /// An API key issued earlier (outside the test), as if made in the Console.
    pub fn add_key(&self, account_sid: &str, key_sid: &str, secret: &str) {
        self.lock().keys.insert(
            key_sid.to_string(),
            Key {
                account_sid: account_sid.to_string(),
                secret: secret.to_string(),
                friendly_name: "console".to_string(),
            },
        );
    }

    /// Keys that exist now (issued and not deleted).
    pub fn keys(&self) -> BTreeMap<String, Key> {
        self.lock().keys.clone()
    }

    pub fn deleted(&self) -> Vec<String> {
        self.lock().deleted.clone()
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.lock().requests.clone()
    }

    pub fn fault(&self, fault: Fault, times: usize) {
        let mut s = self.lock();
        for _ in 0..times {
            s.faults.push_back(fault.clone());
        }
    }

    /// Runs `hook` when a key is created, before the reply is sent.
    pub fn on_create_key(&self, hook: impl FnMut() + Send + 'static) {
        self.lock().on_create_key = Some(Box::new(hook));
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Drop for FakeTwilio {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        // Wakes the accept loop so it sees the stop flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

fn serve(conn: Box<dyn Connection>, state: &Arc<Mutex<State>>) {
    // Requests are read through the buffer, answers written past it.
    let mut reader = BufReader::new(conn);
    // Keep-alive: one connection may carry several requests.
    while let Some(request) = read_request(&mut reader) {
        let fault = {
            let mut s = state.lock().unwrap_or_else(|e| e.into_inner());
            s.requests.push(request.clone());
            if request.method == "CONNECT" {
                None
            } else {
                s.faults.pop_front()
            }
        };
        // As an HTTP proxy: open the tunnel, then serve the requests inside it.
        if request.method == "CONNECT" {
            if reader
                .get_mut()
                .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
                .is_err()
            {
                return;
            }
            continue;
        }
        let mut location = None;
        let (status, body) = match fault {
            Some(Fault::Redirect(to)) => {
                location = Some(to);
                (302, String::new())
            }
            Some(Fault::Mangle(mangle)) => {
                let (status, body) = route(&request, state);
                (status, mangle(&body))
            }
            Some(Fault::Close) => {
                reader.get_mut().close();
                return;
            }
            Some(Fault::Delay(d)) => {
                thread::sleep(d);
                route(&request, state)
            }
            Some(Fault::Status(code)) => (code, error_body(code, fault_message(code))),
            Some(Fault::Error(status, code, message)) => {
                (status, error_body(status, (code, message)))
            }
            None | Some(Fault::Pass) => route(&request, state),
        };
        let reason = reason(status);
        let mut head = format!(
            "HTTP/1.1 {status} {reason}\r\nContent-Length: {}\r\n",
            body.len()
        );
        if !body.is_empty() {
            head.push_str("Content-Type: application/json\r\n");
        }
        if status == 429 {
            head.push_str("Retry-After: 0\r\n");
        }
        if let Some(to) = &location {
            head.push_str(&format!("Location: {to}\r\n"));
        }
        head.push_str("\r\n");
        let writer = reader.get_mut();
        if writer
            .write_all(head.as_bytes())
            .and_then(|()| writer.write_all(body.as_bytes()))
            .and_then(|()| writer.flush())
            .is_err()
        {
            return;
        }
    }
}

fn read_request(reader: &mut impl BufRead) -> Option<Recorded> {
    let mut line = String::new();
    if reader.read_line(&mut line).ok()? == 0 {
        return None;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_string();
    let path = parts.next()?.to_string();
    let mut headers = BTreeMap::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).ok()? == 0 {
            return None;
        }
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
        }
    }
    let len: usize = headers
        .get("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; len];
    reader.read_exact(&mut body).ok()?;
    Some(Recorded {
        method,
        path,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    })
}

/// Who the request authenticates as: `Some((account, by_token))`, or `None`.
fn authenticate(req: &Recorded, s: &State) -> Option<(String, bool)> {
    let (user, pass) = req.basic_auth()?;
    if let Some(token) = s.accounts.get(&user) {
        return (token == &pass).then_some((user, true));
    }
    let key = s.keys.get(&user)?;
    (key.secret == pass).then(|| (key.account_sid.clone(), false))
}

fn route(req: &Recorded, state: &Arc<Mutex<State>>) -> (u16, String) {
    let mut s = state.lock().unwrap_or_else(|e| e.into_inner());
    let Some((account, by_token)) = authenticate(req, &s) else {
        return (401, unauthorized());
    };
    let path = req.path.split('?').next().unwrap_or("");
    let Some(rest) = path.strip_prefix("/2010-04-01/Accounts/") else {
        return (404, not_found(path));
    };
    let segments: Vec<&str> = rest.split('/').collect();
    match (req.method.as_str(), segments.as_slice()) {
        ("GET", [sid_json]) if sid_json.strip_suffix(".json") == Some(account.as_str()) => (
            200,
            serde_json::json!({
                "sid": account,
                "friendly_name": s.account_name.as_deref().unwrap_or("Fake Account"),
                "status": "active",
                "type": "Full",
                "owner_account_sid": account,
            })
            .to_string(),
        ),
        ("POST", [sid, "Keys.json"]) if *sid == account => {
            // Like Twilio: a Standard API key may not manage keys.
            if !by_token {
                return (401, policy_failed());
            }
            let n = s.next_key;
            s.next_key += 1;
            let key_sid = format!("SK{:032x}", 0xfeed_0000_u64 + u64::from(n));
            let secret = format!("fakesecret{n:022}");
            let friendly_name = req.form("FriendlyName").unwrap_or_default();
            s.keys.insert(
                key_sid.clone(),
                Key {
                    account_sid: account.clone(),
                    secret: secret.clone(),
                    friendly_name: friendly_name.clone(),
                },
            );
            if let Some(mut hook) = s.on_create_key.take() {
                drop(s);
                hook();
                s = state.lock().unwrap_or_else(|e| e.into_inner());
                s.on_create_key = Some(hook);
            }
            (
                201,
                serde_json::json!({
                    "sid": key_sid,
                    "friendly_name": friendly_name,
                    "date_created": "Mon, 13 Jun 2016 22:50:08 +0000",
                    "date_updated": "Mon, 13 Jun 2016 22:50:08 +0000",
                    "secret": secret,
                })
                .to_string(),
            )
        }
        ("DELETE", [sid, "Keys", key_json]) if *sid == account => {
            if !by_token {
                return (401, policy_failed());
            }
            let key_sid = key_json.strip_suffix(".json").unwrap_or(key_json);
            match s.keys.get(key_sid) {
                Some(k) if k.account_sid == account => {
                    s.keys.remove(key_sid);
                    s.deleted.push(key_sid.to_string());
                    (204, String::new())
                }
                _ => (404, not_found(path)),
            }
        }
        _ => (404, not_found(path)),
    }
}

fn error_body(status: u16, (code, message): (u32, String)) -> String {
    serde_json::json!({
        "code": code,
        "message": message,
        "more_info": format!("https://www.twilio.com/docs/errors/{code}"),
        "status": status,
    })
    .to_string()
}

/// Twilio's exact reply to a wrong Account SID or Auth Token.
fn unauthorized() -> String {
    serde_json::json!({
        "code": 20003,
        "detail": "Your AccountSid or AuthToken was incorrect.",
        "message": "Authenticate",
        "more_info": "https://www.twilio.com/docs/errors/20003",
        "status": 401,
    })
    .to_string()
}

fn policy_failed() -> String {
    error_body(401, (20003, "Policy evaluation failed".to_string()))
}

fn not_found(path: &str) -> String {
    error_body(
        404,
        (
            20404,
            format!("The requested resource {path} was not found"),
        ),
    )
}

fn fault_message(status: u16) -> (u32, String) {
    match status {
        429 => (20429, "Too Many Requests".to_string()),
        503 => (20503, "Service Unavailable".to_string()),
        _ => (20500, "Internal Server Error".to_string()),
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        401 => "Unauthorized",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

fn url_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
                match u8::from_str_radix(hex, 16) {
                    Ok(b) => {
                        out.push(b);
                        i += 2;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
