//! A fake of the slice of Twilio's REST API that twenv uses, on 127.0.0.1:
//! the 2010 API's accounts and keys, and IAM v1's keys (`/v1/Keys`: create
//! standard or restricted, list, fetch, update, delete), on one port.
//!
//! Stateful (accounts with Auth Tokens, issued and deleted API keys), checks
//! Basic auth, answers with Twilio's status codes and JSON error bodies, and
//! records every request. Like Twilio, a Standard or Restricted key may not
//! manage keys (20003 "Policy evaluation failed"), and a Restricted key may
//! not read the account. Stricter than Twilio is known to be: a key made
//! through one API is unknown to the other one's DELETE, so tests prove
//! twenv deletes a key through the API that made it. Faults (error statuses,
//! delays, dropped connections) are queued for the next requests.

#![allow(dead_code)]

use std::collections::{BTreeMap, VecDeque};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use base64::Engine as _;

use crate::leaks::{Kind, Secrets};

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
    /// "v2010" or "iam": the API that created it.
    pub api: &'static str,
    /// A restricted key's permissions; `None` for a standard key.
    pub allow: Option<Vec<String>>,
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

impl State {
    fn report(&self, value: &str, kind: Kind) {
        if let Some(secrets) = &self.secrets {
            secrets.add(value, kind);
        }
    }
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
    /// The 2010 API refuses to create keys, as in accounts where only IAM may.
    only_iam_creates_keys: bool,
    /// The leak guard of the test using this fake: told every token and secret.
    secrets: Option<Secrets>,
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
        let mut s = self.lock();
        s.report(auth_token, Kind::AuthToken);
        s.accounts
            .insert(account_sid.to_string(), auth_token.to_string());
    }

    /// Tells the test's leak guard every Auth Token this fake accepts and every
    /// API secret it has issued or will issue.
    pub fn report_secrets_to(&self, secrets: &Secrets) {
        let mut s = self.lock();
        s.secrets = Some(secrets.clone());
        let known: Vec<(String, Kind)> = s
            .accounts
            .values()
            .map(|t| (t.clone(), Kind::AuthToken))
            .chain(s.keys.values().map(|k| (k.secret.clone(), Kind::ApiSecret)))
            .collect();
        for (value, kind) in known {
            s.report(&value, kind);
        }
    }

    /// An API key issued earlier (outside the test), as if made in the Console.
    pub fn add_key(&self, account_sid: &str, key_sid: &str, secret: &str) {
        let mut s = self.lock();
        s.report(secret, Kind::ApiSecret);
        s.keys.insert(
            key_sid.to_string(),
            Key {
                account_sid: account_sid.to_string(),
                secret: secret.to_string(),
                friendly_name: "console".to_string(),
                api: "v2010",
                allow: None,
            },
        );
    }

    /// From now on the 2010 API answers key creation with 20003 "Policy
    /// evaluation failed" (twilio-cli#704), as in accounts where only IAM
    /// may create keys.
    pub fn only_iam_creates_keys(&self) {
        self.lock().only_iam_creates_keys = true;
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

/// What a request authenticates as.
#[derive(Clone, Copy, PartialEq, Eq)]
enum As {
    AuthToken,
    StandardKey,
    RestrictedKey,
}

/// Who the request authenticates as: `Some((account, as))`, or `None`.
fn authenticate(req: &Recorded, s: &State) -> Option<(String, As)> {
    let (user, pass) = req.basic_auth()?;
    if let Some(token) = s.accounts.get(&user) {
        return (token == &pass).then_some((user, As::AuthToken));
    }
    let key = s.keys.get(&user)?;
    let kind = if key.allow.is_some() {
        As::RestrictedKey
    } else {
        As::StandardKey
    };
    (key.secret == pass).then(|| (key.account_sid.clone(), kind))
}

fn route(req: &Recorded, state: &Arc<Mutex<State>>) -> (u16, String) {
    let mut s = state.lock().unwrap_or_else(|e| e.into_inner());
    let Some((account, who)) = authenticate(req, &s) else {
        return (401, unauthorized());
    };
    let by_token = who == As::AuthToken;
    let path = req.path.split('?').next().unwrap_or("");
    if let Some(rest) = path.strip_prefix("/v1/Keys") {
        if !by_token {
            return (401, policy_failed());
        }
        let reply = iam_route(req, &mut s, &account, rest);
        if req.method == "POST"
            && rest.is_empty()
            && reply.0 == 201
            && let Some(mut hook) = s.on_create_key.take()
        {
            drop(s);
            hook();
            s = state.lock().unwrap_or_else(|e| e.into_inner());
            s.on_create_key = Some(hook);
        }
        return reply;
    }
    let Some(rest) = path.strip_prefix("/2010-04-01/Accounts/") else {
        return (404, not_found(path));
    };
    // No permission of a restricted key covers the account resource.
    if who == As::RestrictedKey {
        return (401, policy_failed());
    }
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
            if !by_token || s.only_iam_creates_keys {
                return (401, policy_failed());
            }
            let friendly_name = req.form("FriendlyName").unwrap_or_default();
            let (key_sid, secret) = issue_key(&mut s, &account, &friendly_name, "v2010", None);
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
                Some(k) if k.account_sid == account && k.api == "v2010" => {
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

fn issue_key(
    s: &mut State,
    account: &str,
    friendly_name: &str,
    api: &'static str,
    allow: Option<Vec<String>>,
) -> (String, String) {
    let n = s.next_key;
    s.next_key += 1;
    let key_sid = format!("SK{:032x}", 0xfeed_0000_u64 + u64::from(n));
    let secret = format!("fakesecret{n:022}");
    s.report(&secret, Kind::ApiSecret);
    s.keys.insert(
        key_sid.clone(),
        Key {
            account_sid: account.to_string(),
            secret: secret.clone(),
            friendly_name: friendly_name.to_string(),
            api,
            allow,
        },
    );
    (key_sid, secret)
}

/// IAM v1's `/v1/Keys` and `/v1/Keys/{Sid}`, for an Auth Token holder.
fn iam_route(req: &Recorded, s: &mut State, account: &str, rest: &str) -> (u16, String) {
    let query_account = req
        .path
        .split_once('?')
        .and_then(|(_, q)| q.split('&').find_map(|kv| kv.strip_prefix("AccountSid=")))
        .map(url_decode);
    match (req.method.as_str(), rest) {
        ("POST", "") => {
            if req.form("AccountSid").as_deref() != Some(account) {
                return (
                    400,
                    bad_request("AccountSid is required and must be the account's"),
                );
            }
            let allow = match req.form("KeyType").as_deref() {
                None => None,
                Some("restricted") => match parse_policy(req.form("Policy").as_deref()) {
                    Ok(allow) => Some(allow),
                    Err(message) => return (400, bad_request(&message)),
                },
                Some(other) => return (400, bad_request(&format!("Invalid KeyType {other}"))),
            };
            if allow.is_none() && req.form("Policy").is_some() {
                return (400, bad_request("Policy is only for KeyType=restricted"));
            }
            let friendly_name = req.form("FriendlyName").unwrap_or_default();
            let (sid, secret) = issue_key(s, account, &friendly_name, "iam", allow.clone());
            let mut reply = iam_key_json(&sid, &friendly_name, allow.as_ref());
            reply["secret"] = serde_json::json!(secret);
            (201, reply.to_string())
        }
        ("GET", "") => {
            if query_account.as_deref() != Some(account) {
                return (400, bad_request("AccountSid is required"));
            }
            let keys: Vec<serde_json::Value> = s
                .keys
                .iter()
                .filter(|(_, k)| k.account_sid == account)
                .map(|(sid, k)| {
                    serde_json::json!({
                        "sid": sid,
                        "friendly_name": k.friendly_name,
                        "date_created": "Mon, 13 Jun 2016 22:50:08 +0000",
                        "date_updated": "Mon, 13 Jun 2016 22:50:08 +0000",
                        "flags": ["rest_api", "signing"],
                    })
                })
                .collect();
            (
                200,
                serde_json::json!({ "keys": keys, "meta": { "key": "keys", "page": 0 } })
                    .to_string(),
            )
        }
        (method, sid_path) => {
            let sid = sid_path.trim_start_matches('/').to_string();
            let Some(key) = s
                .keys
                .get(&sid)
                .filter(|k| k.account_sid == account && k.api == "iam")
                .cloned()
            else {
                return (404, not_found(&req.path));
            };
            match method {
                "GET" => (
                    200,
                    iam_key_json(&sid, &key.friendly_name, key.allow.as_ref()).to_string(),
                ),
                "POST" => {
                    let mut key = key;
                    if let Some(name) = req.form("FriendlyName") {
                        key.friendly_name = name;
                    }
                    if let Some(policy) = req.form("Policy") {
                        if key.allow.is_none() {
                            return (400, bad_request("a standard key has no Policy"));
                        }
                        match parse_policy(Some(&policy)) {
                            Ok(allow) => key.allow = Some(allow),
                            Err(message) => return (400, bad_request(&message)),
                        }
                    }
                    let reply = iam_key_json(&sid, &key.friendly_name, key.allow.as_ref());
                    s.keys.insert(sid, key);
                    (200, reply.to_string())
                }
                "DELETE" => {
                    s.keys.remove(&sid);
                    s.deleted.push(sid);
                    (204, String::new())
                }
                _ => (
                    405,
                    error_body(405, (20004, "Method not allowed".to_string())),
                ),
            }
        }
    }
}

/// A restricted key's `Policy`: `{"allow": [..]}` with 1 to 100 permissions.
fn parse_policy(policy: Option<&str>) -> Result<Vec<String>, String> {
    let policy = policy.ok_or("a restricted key needs a Policy")?;
    let value: serde_json::Value =
        serde_json::from_str(policy).map_err(|e| format!("Policy is not JSON: {e}"))?;
    let allow: Vec<String> = value
        .get("allow")
        .and_then(|a| a.as_array())
        .ok_or("Policy has no allow list")?
        .iter()
        .map(|p| {
            p.as_str()
                .map(str::to_string)
                .ok_or("a permission is not a string")
        })
        .collect::<Result<_, _>>()?;
    if allow.is_empty() || allow.len() > 100 {
        return Err(format!("Policy has {} permissions (1 to 100)", allow.len()));
    }
    Ok(allow)
}

fn iam_key_json(sid: &str, friendly_name: &str, allow: Option<&Vec<String>>) -> serde_json::Value {
    serde_json::json!({
        "sid": sid,
        "friendly_name": friendly_name,
        "date_created": "Mon, 13 Jun 2016 22:50:08 +0000",
        "date_updated": "Mon, 13 Jun 2016 22:50:08 +0000",
        "policy": allow.map(|a| serde_json::json!({ "allow": a })),
    })
}

fn bad_request(message: &str) -> String {
    error_body(400, (20001, message.to_string()))
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
        400 => "Bad Request",
        405 => "Method Not Allowed",
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
