//! The few calls twenv makes to Twilio's REST API (DESIGN §3), on ureq.
//!
//! Every call has a connect and an overall timeout, is retried with backoff
//! on 429 and 5xx (where that is safe), honours `HTTPS_PROXY`/`NO_PROXY`, and
//! turns Twilio's JSON error bodies and network failures into one plain
//! sentence each. `TWENV_API_URL` replaces scheme and host for tests and
//! private gateways — for the 2010 API and IAM v1 alike (DESIGN §14).

use std::fmt;
use std::io;
use std::time::Duration;

use base64::Engine as _;
use serde::Deserialize;
use ureq::Agent;

use crate::config::KeyApi;
use crate::error::Error;

const API_VERSION: &str = "2010-04-01";
/// IAM v1 (API keys) has one host: regions and edges do not apply to it.
pub const IAM_BASE: &str = "https://iam.twilio.com";
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const DEFAULT_BACKOFF: Duration = Duration::from_millis(500);
/// Attempts after the first one. Three retries with doubling backoff wait
/// 0.5 + 1 + 2 s by default: long enough for a brief outage, short enough
/// that a person at the prompt is not left wondering.
const RETRIES: u32 = 3;
/// Twilio limits an API key's FriendlyName to 64 characters.
pub const FRIENDLY_NAME_MAX: usize = 64;

/// `https://api[.EDGE][.REGION].twilio.com`; an edge without a region means
/// `us1`, as in Twilio's own helper libraries.
pub fn base_url(region: Option<&str>, edge: Option<&str>) -> String {
    let region = match (region, edge) {
        (None, Some(_)) => Some("us1"),
        (region, _) => region,
    };
    let mut host = String::from("api");
    for part in [edge, region].into_iter().flatten() {
        host.push('.');
        host.push_str(part);
    }
    format!("https://{host}.twilio.com")
}

/// `TWENV_API_URL` as scheme and authority (an optional path prefix is kept,
/// for gateways); anything else is refused before a request is made. Plain
/// `http://` would send the credentials in clear, so it is for loopback only.
pub fn override_url(value: &str) -> Result<String, Error> {
    let plain = value.strip_prefix("http://");
    let rest = plain.or_else(|| value.strip_prefix("https://"));
    let authority = rest.map(|r| r.split('/').next().unwrap_or(""));
    let ok = rest.zip(authority).is_some_and(|(r, host)| {
        !host.is_empty()
            && !r.contains(['?', '#', ' ', '\\'])
            && !host.contains('@')
            && !r.chars().any(char::is_control)
    });
    if !ok {
        return Err(Error::usage(format!(
            "TWENV_API_URL={} is not a usable base URL: give a scheme and host, e.g. http://127.0.0.1:4010",
            crate::validate::quote_for_message(value)
        )));
    }
    if plain.is_some() && !authority.is_some_and(is_loopback) {
        return Err(Error::usage(format!(
            "TWENV_API_URL={} would send the credentials unencrypted to a host that is not \
             this machine; use https:// (plain http:// is for 127.0.0.1, [::1] or localhost)",
            crate::validate::quote_for_message(value)
        )));
    }
    Ok(value.trim_end_matches('/').to_string())
}

/// Whether `host[:port]` names this machine: 127.0.0.0/8, [::1] or localhost.
fn is_loopback(authority: &str) -> bool {
    let host = if let Some(v6) = authority.strip_prefix('[') {
        v6.split(']').next().unwrap_or("")
    } else {
        authority.rsplit_once(':').map_or(authority, |(h, _)| h)
    };
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// The 2010 API's base and IAM's: by region and edge and the fixed IAM host,
/// or both the override (`TWENV_API_URL`) when one is set.
fn bases(
    api_url: Option<String>,
    region: Option<&str>,
    edge: Option<&str>,
) -> Result<(String, String), Error> {
    match api_url.filter(|u| !u.is_empty()) {
        Some(url) => {
            let url = override_url(&url)?;
            Ok((url.clone(), url))
        }
        None => Ok((base_url(region, edge), IAM_BASE.to_string())),
    }
}

/// Who a request is made as: Account SID + Auth Token, or API key + secret.
pub struct Credentials<'a> {
    pub username: &'a str,
    pub password: &'a str,
}

/// Debug output names the user and masks the password (an Auth Token or an
/// API secret), so no `{:?}` anywhere can print it.
impl fmt::Debug for Credentials<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("username", &self.username)
            .field("password", &"[hidden]")
            .finish()
    }
}

impl Credentials<'_> {
    fn header(&self) -> String {
        let raw = format!("{}:{}", self.username, self.password);
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(raw)
        )
    }
}

#[derive(Debug, Deserialize)]
pub struct Account {
    pub sid: String,
    #[serde(default)]
    pub friendly_name: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
}

pub struct NewKey {
    pub sid: String,
    pub secret: String,
}

/// The secret is wiped from memory when the key is dropped (issue 10, core dumps).
impl Drop for NewKey {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.secret);
    }
}

impl fmt::Debug for NewKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NewKey")
            .field("sid", &self.sid)
            .field("secret", &"[hidden]")
            .finish()
    }
}

/// A failed call: Twilio answered with an error status, or no answer came.
#[derive(Debug)]
pub enum ApiError {
    Status {
        status: u16,
        code: Option<u64>,
        message: Option<String>,
        detail: Option<String>,
        more_info: Option<String>,
    },
    Network(String),
    /// A 2xx answer to the key request that holds no usable key; `sid` is
    /// the key Twilio made, when the reply names one.
    UnusableKey {
        sid: Option<String>,
        problem: String,
    },
}

impl ApiError {
    pub fn is_not_found(&self) -> bool {
        matches!(self, ApiError::Status { status: 404, .. })
    }

    /// Twilio knew the credentials but their policy forbids the request
    /// (error 20003 "Policy evaluation failed"): a Standard or Restricted key
    /// doing what it may not, or an account where only IAM may create keys.
    pub fn is_policy_refusal(&self) -> bool {
        match self {
            ApiError::Status {
                message, detail, ..
            } => [message, detail].iter().any(|t| {
                t.as_deref()
                    .is_some_and(|t| t.contains("Policy evaluation failed"))
            }),
            ApiError::Network(_) | ApiError::UnusableKey { .. } => false,
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApiError::Network(text) => f.write_str(text),
            ApiError::UnusableKey { problem, .. } => {
                write!(
                    f,
                    "Twilio's answer to the key request is not usable: {problem}"
                )
            }
            ApiError::Status {
                status,
                code,
                message,
                detail,
                more_info,
            } => {
                write!(f, "Twilio answered {status}")?;
                match (code, message) {
                    (Some(code), Some(message)) => write!(f, ": error {code}: {message}")?,
                    (Some(code), None) => write!(f, ": error {code}")?,
                    (None, Some(message)) => write!(f, ": {message}")?,
                    (None, None) => {}
                }
                if let Some(detail) = detail.as_deref().filter(|d| Some(*d) != message.as_deref()) {
                    write!(f, " ({})", detail.trim_end_matches('.'))?;
                }
                let said = format!(
                    "{} {}",
                    message.as_deref().unwrap_or(""),
                    detail.as_deref().unwrap_or("")
                );
                if let Some(hint) = explain(*status, *code, &said) {
                    write!(f, ".\n{hint}")?;
                }
                if let Some(url) = more_info {
                    write!(f, "\nMore: {url}")?;
                }
                Ok(())
            }
        }
    }
}

/// The plain-language reading of the Twilio errors people actually hit here.
fn explain(status: u16, code: Option<u64>, said: &str) -> Option<&'static str> {
    if said.contains("Policy evaluation failed") {
        return Some(
            "The credentials were accepted but are not allowed to do this: a Standard or \
             Restricted API key cannot manage API keys. Use the Auth Token (or a Main key).",
        );
    }
    match (code, status) {
        (Some(20003), _) | (None, 401) => Some(
            "The Account SID or the Auth Token (or API key and secret) is wrong. Copy both \
             from the Twilio Console (Account Info), and check the region.",
        ),
        (Some(20404), _) | (None, 404) => Some(
            "Twilio does not know this resource: the Account SID, API key or region may be \
             wrong, or the key was already deleted.",
        ),
        (Some(20429), _) | (_, 429) => {
            Some("Too many requests to Twilio, even after retrying; wait a minute and try again.")
        }
        (_, 500..=599) => Some(
            "Twilio had a server error, even after retrying; try again later \
             (https://status.twilio.com).",
        ),
        _ => None,
    }
}

pub struct Client {
    agent: Agent,
    base: String,
    /// IAM v1's base: `IAM_BASE`, or `TWENV_API_URL` like every call.
    iam_base: String,
    timeout: Duration,
    backoff: Duration,
    proxy: Option<String>,
}

impl Client {
    /// A client for a profile's region and edge, or for `TWENV_API_URL`.
    /// Timeouts: `TWENV_HTTP_TIMEOUT` (seconds, overall per attempt) caps the
    /// connect timeout too; `TWENV_HTTP_BACKOFF_MS` sets the first retry wait.
    pub fn new(region: Option<&str>, edge: Option<&str>) -> Result<Client, Error> {
        // The host is built from these: the rule again, whatever checked them before.
        for (what, value) in [("region", region), ("edge", edge)] {
            if let Some(value) = value {
                crate::validate::region_or_edge(what, value)?;
            }
        }
        let (base, iam_base) = bases(std::env::var("TWENV_API_URL").ok(), region, edge)?;
        let timeout = env_f64("TWENV_HTTP_TIMEOUT")
            .filter(|s| *s > 0.0 && *s <= 600.0)
            .map_or(DEFAULT_TIMEOUT, Duration::from_secs_f64);
        let backoff = env_f64("TWENV_HTTP_BACKOFF_MS")
            .filter(|ms| *ms >= 0.0 && *ms <= 60_000.0)
            .map_or(DEFAULT_BACKOFF, |ms| Duration::from_secs_f64(ms / 1000.0));
        // ureq reads ALL_PROXY/HTTPS_PROXY/HTTP_PROXY and NO_PROXY itself;
        // twenv only names the proxy in messages.
        let proxy = ureq::Proxy::try_from_env();
        let proxy_name = proxy.as_ref().map(|p| {
            // The variable ureq took it from, in ureq's own order.
            let from = [
                "ALL_PROXY",
                "all_proxy",
                "HTTPS_PROXY",
                "https_proxy",
                "HTTP_PROXY",
            ]
            .into_iter()
            .find(|name| std::env::var_os(name).is_some())
            .unwrap_or("http_proxy");
            format!("{}:{} from {from}", p.host(), p.port())
        });
        let config = Agent::config_builder()
            .http_status_as_error(false)
            .user_agent(concat!("twenv/", env!("CARGO_PKG_VERSION")))
            .timeout_connect(Some(DEFAULT_CONNECT_TIMEOUT.min(timeout)))
            .timeout_global(Some(timeout))
            .max_redirects(0)
            .proxy(proxy)
            .tls_config(crate::tls::config()?)
            .build();
        Ok(Client {
            agent: config.new_agent(),
            base,
            iam_base,
            timeout,
            backoff,
            proxy: proxy_name,
        })
    }

    /// The first wait between attempts (`TWENV_HTTP_BACKOFF_MS`), for callers
    /// that retry on their own terms.
    pub fn backoff(&self) -> Duration {
        self.backoff
    }

    fn url(&self, path: &str) -> String {
        format!("{}/{API_VERSION}/{path}", self.base)
    }

    /// `GET /2010-04-01/Accounts/{AC}.json`: proves the credentials work.
    pub fn fetch_account(
        &self,
        account_sid: &str,
        auth: &Credentials,
    ) -> Result<Account, ApiError> {
        let url = self.url(&format!("Accounts/{account_sid}.json"));
        let body = self.send(Method::Get, &url, auth, &[])?;
        parse_json(&body, "account")
    }

    /// `POST /2010-04-01/Accounts/{AC}/Keys.json`: a new Standard API key.
    pub fn create_key(
        &self,
        account_sid: &str,
        auth: &Credentials,
        friendly_name: &str,
    ) -> Result<NewKey, ApiError> {
        let url = self.url(&format!("Accounts/{account_sid}/Keys.json"));
        let body = self.send(Method::Post, &url, auth, &[("FriendlyName", friendly_name)])?;
        new_key(&body)
    }

    /// `POST https://iam.twilio.com/v1/Keys`: a Standard key, or with
    /// `allow` a Restricted one holding exactly those permissions.
    pub fn create_key_iam(
        &self,
        account_sid: &str,
        auth: &Credentials,
        friendly_name: &str,
        allow: Option<&[String]>,
    ) -> Result<NewKey, ApiError> {
        let url = format!("{}/v1/Keys", self.iam_base);
        let mut form = vec![("AccountSid", account_sid), ("FriendlyName", friendly_name)];
        let policy = allow.map(|allow| serde_json::json!({ "allow": allow }).to_string());
        if let Some(policy) = &policy {
            form.push(("KeyType", "restricted"));
            form.push(("Policy", policy));
        }
        let body = self.send(Method::Post, &url, auth, &form)?;
        new_key(&body)
    }

    /// Deletes a key through the API that created it:
    /// `DELETE /2010-04-01/Accounts/{AC}/Keys/{SK}.json` or `DELETE /v1/Keys/{SK}`.
    pub fn delete_key(
        &self,
        api: KeyApi,
        account_sid: &str,
        auth: &Credentials,
        key_sid: &str,
    ) -> Result<(), ApiError> {
        let url = match api {
            KeyApi::V2010 => self.url(&format!("Accounts/{account_sid}/Keys/{key_sid}.json")),
            KeyApi::Iam => format!("{}/v1/Keys/{key_sid}", self.iam_base),
        };
        self.send(Method::Delete, &url, auth, &[]).map(drop)
    }

    /// One call with retries; returns the body of a 2xx reply. `form` is the
    /// body of a POST.
    fn send(
        &self,
        method: Method,
        url: &str,
        auth: &Credentials,
        form: &[(&str, &str)],
    ) -> Result<String, ApiError> {
        let mut wait = self.backoff;
        let mut attempt = 0;
        loop {
            let mut response = self.request(method, url, auth, form)?;
            let status = response.status().as_u16();
            let body = response
                .body_mut()
                .with_config()
                .limit(1 << 20)
                .read_to_string()
                .map_err(|e| self.network_error_at(url, &e))?;
            if (200..300).contains(&status) {
                return Ok(body);
            }
            if (300..400).contains(&status) {
                return Err(self.redirect_error(url, status, &response));
            }
            if attempt < RETRIES && method.may_retry(status) {
                attempt += 1;
                std::thread::sleep(retry_pause(&response, wait));
                wait *= 2;
                continue;
            }
            return Err(status_error(status, &body));
        }
    }

    /// One attempt. Every request carries the credentials and asks for JSON.
    fn request(
        &self,
        method: Method,
        url: &str,
        auth: &Credentials,
        form: &[(&str, &str)],
    ) -> Result<ureq::http::Response<ureq::Body>, ApiError> {
        fn headers<B>(
            request: ureq::RequestBuilder<B>,
            auth: &Credentials,
        ) -> ureq::RequestBuilder<B> {
            request
                .header("Authorization", auth.header())
                .header("Accept", "application/json")
        }
        let result = match method {
            Method::Get => headers(self.agent.get(url), auth).call(),
            Method::Delete => headers(self.agent.delete(url), auth).call(),
            Method::Post => headers(self.agent.post(url), auth).send_form(form.iter().copied()),
        };
        result.map_err(|e| self.network_error_at(url, &e))
    }

    /// A redirect is never followed: the credentials would go to another
    /// host, and that host's unauthenticated answer would be believed.
    fn redirect_error(
        &self,
        url: &str,
        status: u16,
        response: &ureq::http::Response<ureq::Body>,
    ) -> ApiError {
        let target = response
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("another address");
        ApiError::Network(format!(
            "{} answered {status}, a redirect to {}; twenv follows no redirects, so the \
             credentials went nowhere else. Check TWENV_API_URL and the proxy settings.",
            host_of(url),
            crate::validate::quote_for_message(target)
        ))
    }

    #[cfg(test)]
    fn network_error(&self, e: &ureq::Error) -> ApiError {
        self.network_error_at(&self.base, e)
    }

    /// `url` names the host in the message: the 2010 API's or IAM's.
    fn network_error_at(&self, url: &str, e: &ureq::Error) -> ApiError {
        let host = host_of(url);
        let via = self
            .proxy
            .as_ref()
            .map(|p| format!(" (through the proxy {p})"))
            .unwrap_or_default();
        let place = format!("{host}{via}");
        if let Some(failure) = crate::tls::failure(e) {
            return ApiError::Network(format!(
                "the secure (TLS) connection to {place} failed: {}",
                failure.explain()
            ));
        }
        let text = match e {
            ureq::Error::Timeout(which) => self.timeout_text(&place, *which),
            ureq::Error::HostNotFound => format!(
                "cannot find the address of {host} (DNS lookup failed){via}. Check the network \
                 connection, and that the region and edge are spelt right."
            ),
            ureq::Error::Io(io) => self.io_text(&place, io),
            ureq::Error::Pem(_) => format!(
                "the secure (TLS) connection to {place} failed: {e}. A CA bundle \
                 ({}) could not be read.",
                crate::tls::CA_FILE_VAR
            ),
            ureq::Error::ConnectionFailed => format!(
                "cannot connect to {place}. Check the network connection and proxy settings."
            ),
            ureq::Error::Protocol(_) => format!(
                "{place} answered with something that is not HTTP ({e}); is TWENV_API_URL \
                 or the proxy pointing at the right server?"
            ),
            other => format!("the request to {place} failed: {other}"),
        };
        ApiError::Network(text)
    }

    fn timeout_text(&self, place: &str, which: ureq::Timeout) -> String {
        let (phase, limit) = match which {
            ureq::Timeout::Connect => (
                "to accept a connection",
                DEFAULT_CONNECT_TIMEOUT.min(self.timeout),
            ),
            ureq::Timeout::Resolve => ("to accept a connection", self.timeout),
            _ => ("to answer", self.timeout),
        };
        format!(
            "{place} took too long {phase} (gave up after {} s). Check the network \
             connection and proxy settings, then try again.",
            limit.as_secs_f64()
        )
    }

    fn io_text(&self, place: &str, io: &io::Error) -> String {
        match io.kind() {
            io::ErrorKind::ConnectionRefused => format!(
                "cannot connect to {place}: the connection was refused. Nothing is \
                 listening there; check TWENV_API_URL, the proxy settings or a firewall."
            ),
            io::ErrorKind::ConnectionReset
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::UnexpectedEof
            | io::ErrorKind::BrokenPipe => format!(
                "the connection to {place} was closed before Twilio answered ({io}). \
                 Try again; if it persists, check the proxy or firewall."
            ),
            io::ErrorKind::TimedOut => self.timeout_text(place, ureq::Timeout::Global),
            // A handshake that failed below TLS (`tls::failure` has the rest).
            io::ErrorKind::InvalidData if self.base.starts_with("https://") => format!(
                "the secure (TLS) connection to {place} failed: {io}. A proxy or \
                 firewall that intercepts HTTPS, a server that does not speak HTTPS, or a \
                 wrong system clock are the usual causes."
            ),
            _ => format!("the request to {place} failed: {io}"),
        }
    }
}

/// The host (and port) of a URL, for messages.
fn host_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    rest.split('/').next().unwrap_or(rest)
}

/// How long to wait before the next attempt: the backoff, or Retry-After
/// when it asks for longer — but never beyond 10 s: a person is waiting.
fn retry_pause(response: &ureq::http::Response<ureq::Body>, backoff: Duration) -> Duration {
    response
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(Duration::from_secs)
        .map_or(backoff, |r| r.min(Duration::from_secs(10)))
        .max(backoff)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Method {
    Get,
    Post,
    Delete,
}

impl Method {
    /// GET and DELETE are idempotent, so every 429 and 5xx is retried. A POST
    /// that failed with a 500 may still have created a key, which a retry
    /// would leave behind; it is retried only when Twilio says it did not
    /// take the request on (429 Too Many Requests, 503 Service Unavailable).
    fn may_retry(self, status: u16) -> bool {
        match self {
            Method::Get | Method::Delete => status == 429 || (500..=599).contains(&status),
            Method::Post => status == 429 || status == 503,
        }
    }
}

#[derive(Deserialize)]
struct ErrorBody {
    code: Option<u64>,
    message: Option<String>,
    detail: Option<String>,
    more_info: Option<String>,
}

fn status_error(status: u16, body: &str) -> ApiError {
    let parsed: Option<ErrorBody> = serde_json::from_str(body).ok();
    let (code, message, detail, more_info) = match parsed {
        Some(b) => (b.code, b.message, b.detail, b.more_info),
        None => (None, None, None, None),
    };
    ApiError::Status {
        status,
        code,
        message,
        detail,
        more_info,
    }
}

/// The new key from a 2xx reply, or what is wrong with it and the SID of
/// the key it names (so the caller can delete a key it cannot use).
fn new_key(body: &str) -> Result<NewKey, ApiError> {
    let value: serde_json::Value =
        serde_json::from_str(body).map_err(|e| ApiError::UnusableKey {
            sid: None,
            problem: format!("it is not JSON ({e})"),
        })?;
    let sid = value
        .get("sid")
        .and_then(|v| v.as_str())
        .filter(|s| crate::validate::api_key_sid(s).is_ok())
        .map(str::to_string);
    let secret = value.get("secret").and_then(|v| v.as_str());
    let problem = match (&sid, secret) {
        (None, _) => "it names no API key SID (SK…)",
        (Some(_), None) => "it holds no secret",
        (Some(_), Some(s)) if crate::validate::api_secret(s).is_err() => {
            "its secret is empty or holds a NUL byte or a line break"
        }
        (Some(sid), Some(secret)) => {
            return Ok(NewKey {
                sid: sid.clone(),
                secret: secret.to_string(),
            });
        }
    };
    Err(ApiError::UnusableKey {
        sid,
        problem: problem.to_string(),
    })
}

fn parse_json<T: serde::de::DeserializeOwned>(body: &str, what: &str) -> Result<T, ApiError> {
    serde_json::from_str(body).map_err(|e| {
        ApiError::Network(format!(
            "Twilio's reply is not the expected {what} JSON ({e})"
        ))
    })
}

fn env_f64(name: &str) -> Option<f64> {
    std::env::var(name)
        .ok()
        .and_then(|s| s.trim().parse::<f64>().ok())
        .filter(|v| v.is_finite())
}

/// `twenv for <user> on <host>`, cut to Twilio's 64 characters: the host
/// name gives way first (its leading label is the telling part), then the
/// user name. Control characters are dropped.
pub fn friendly_name(user: &str, host: &str) -> String {
    let clean = |s: &str| -> String { s.chars().filter(|c| !c.is_control()).collect() };
    let (user, mut host) = (clean(user), clean(host));
    let mut user: String = user.chars().take(24).collect();
    let fixed = "twenv for  on ".chars().count();
    let room = FRIENDLY_NAME_MAX - fixed;
    if user.chars().count() + host.chars().count() > room {
        let host_room = room.saturating_sub(user.chars().count());
        host = host.chars().take(host_room).collect();
    }
    if user.is_empty() {
        user.push_str("unknown");
    }
    if host.is_empty() {
        host.push_str("unknown");
    }
    format!("twenv for {user} on {host}")
}

/// The user and host names for the key's FriendlyName: `$USER` (or its
/// platform spellings) and the machine's host name.
pub fn this_user_and_host() -> (String, String) {
    let user = ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()))
        .unwrap_or_else(|| "unknown".to_string());
    let host = gethostname::gethostname().to_string_lossy().into_owned();
    (user, host)
}

#[cfg(test)]
mod tests {

    #[test]
    fn debug_output_masks_secrets() {
        let creds = Credentials {
            username: "AC123",
            password: "token-0123456789abcdef",
        };
        let key = NewKey {
            sid: "SK1".into(),
            secret: "secret-0123456789abcdef".into(),
        };
        let shown = format!("{creds:?} {key:?} {creds:#?} {key:#?}");
        assert!(shown.contains("AC123") && shown.contains("SK1"), "{shown}");
        assert!(!shown.contains("0123456789abcdef"), "{shown}");
    }

    use super::*;

    #[test]
    fn host_rule_covers_every_case() {
        assert_eq!(base_url(None, None), "https://api.twilio.com");
        assert_eq!(base_url(Some("ie1"), None), "https://api.ie1.twilio.com");
        assert_eq!(
            base_url(Some("ie1"), Some("dublin")),
            "https://api.dublin.ie1.twilio.com"
        );
        assert_eq!(
            base_url(None, Some("sydney")),
            "https://api.sydney.us1.twilio.com"
        );
        assert_eq!(base_url(Some("us1"), None), "https://api.us1.twilio.com");
    }

    #[test]
    fn iam_has_one_host_unless_every_call_is_redirected() {
        let (api, iam) = bases(None, Some("ie1"), Some("dublin")).unwrap();
        assert_eq!(api, "https://api.dublin.ie1.twilio.com");
        assert_eq!(iam, "https://iam.twilio.com");
        let (api, iam) = bases(Some("http://127.0.0.1:4010/".into()), Some("ie1"), None).unwrap();
        assert_eq!(
            (api.as_str(), iam.as_str()),
            ("http://127.0.0.1:4010", "http://127.0.0.1:4010")
        );
        assert_eq!(bases(Some(String::new()), None, None).unwrap().1, IAM_BASE);
    }

    #[test]
    fn a_policy_refusal_is_told_apart_from_wrong_credentials() {
        let policy = status_error(
            401,
            r#"{"code":20003,"message":"Policy evaluation failed","status":401}"#,
        );
        assert!(policy.is_policy_refusal());
        let wrong = status_error(
            401,
            r#"{"code":20003,"message":"Authenticate","status":401}"#,
        );
        assert!(!wrong.is_policy_refusal());
        assert!(!ApiError::Network("x".into()).is_policy_refusal());
    }

    #[test]
    fn api_url_override_keeps_scheme_host_and_port() {
        assert_eq!(
            override_url("http://127.0.0.1:4010/").unwrap(),
            "http://127.0.0.1:4010"
        );
        assert_eq!(
            override_url("https://gw.example/twilio").unwrap(),
            "https://gw.example/twilio"
        );
        for bad in [
            "127.0.0.1:4010",
            "ftp://x",
            "http://",
            "http://u:p@h",
            "",
            "http://gw.example",
            "http://10.0.0.1:80",
            "http://127.0.0.1.evil.example",
            "http://localhost.evil.example:80",
        ] {
            assert_eq!(override_url(bad).unwrap_err().exit_code(), 2, "{bad}");
        }
        for good in [
            "http://localhost:1",
            "http://127.9.9.9",
            "http://[::1]:8080/x",
        ] {
            assert!(override_url(good).is_ok(), "{good}");
        }
    }

    #[test]
    fn friendly_name_fits_in_64_characters() {
        assert_eq!(friendly_name("ana", "box"), "twenv for ana on box");
        let long = friendly_name(&"u".repeat(40), &"h".repeat(80));
        assert_eq!(long.chars().count(), 64, "{long}");
        assert!(long.starts_with(&format!("twenv for {} on h", "u".repeat(24))));
        let wide = friendly_name("zoë", &"ĥ".repeat(100));
        assert_eq!(wide.chars().count(), 64);
        assert_eq!(friendly_name("a\nb", ""), "twenv for ab on unknown");
    }

    #[test]
    fn twilio_errors_show_code_message_and_a_plain_reading() {
        let body = r#"{"code": 20003, "detail": "Your AccountSid or AuthToken was incorrect.",
            "message": "Authenticate", "more_info": "https://www.twilio.com/docs/errors/20003", "status": 401}"#;
        let text = status_error(401, body).to_string();
        assert!(text.contains("20003: Authenticate"), "{text}");
        assert!(text.contains("Account SID or the Auth Token"), "{text}");
        assert!(text.contains("docs/errors/20003"), "{text}");
        let text =
            status_error(404, r#"{"code":20404,"message":"not found","status":404}"#).to_string();
        assert!(
            text.contains("20404") && text.contains("does not know"),
            "{text}"
        );
        let text = status_error(
            401,
            r#"{"code":20003,"message":"Policy evaluation failed","status":401}"#,
        )
        .to_string();
        assert!(text.contains("cannot manage API keys"), "{text}");
        let text = status_error(502, "<html>bad gateway</html>").to_string();
        assert!(
            text.contains("502") && text.contains("server error"),
            "{text}"
        );
    }

    #[test]
    fn network_failures_each_get_their_own_message() {
        let client = Client {
            agent: Agent::new_with_defaults(),
            base: "https://api.twilio.com".to_string(),
            iam_base: IAM_BASE.to_string(),
            timeout: Duration::from_secs(7),
            backoff: DEFAULT_BACKOFF,
            proxy: None,
        };
        let text = |e: ureq::Error| client.network_error(&e).to_string();
        assert!(text(ureq::Error::HostNotFound).contains("DNS lookup failed"));
        let refused = io::Error::from(io::ErrorKind::ConnectionRefused);
        assert!(text(ureq::Error::Io(refused)).contains("connection was refused"));
        let tls = io::Error::new(io::ErrorKind::InvalidData, "invalid peer certificate");
        assert!(text(ureq::Error::Io(tls)).contains("secure (TLS) connection"));
        assert!(text(ureq::Error::Tls("no roots")).contains("secure (TLS) connection"));
        let t = text(ureq::Error::Timeout(ureq::Timeout::Global));
        assert!(
            t.contains("took too long to answer") && t.contains("7 s"),
            "{t}"
        );
        let t = text(ureq::Error::Timeout(ureq::Timeout::Connect));
        assert!(t.contains("to accept a connection"), "{t}");
        let reset = io::Error::from(io::ErrorKind::ConnectionReset);
        assert!(text(ureq::Error::Io(reset)).contains("closed before Twilio answered"));
        let proxied = Client {
            proxy: Some("proxy.corp:3128 from HTTP_PROXY".to_string()),
            ..client
        };
        let t = proxied
            .network_error(&ureq::Error::Io(io::ErrorKind::ConnectionRefused.into()))
            .to_string();
        assert!(
            t.contains("through the proxy proxy.corp:3128 from HTTP_PROXY"),
            "{t}"
        );
    }

    #[test]
    fn only_safe_requests_retry_a_500() {
        assert!(Method::Get.may_retry(500));
        assert!(Method::Delete.may_retry(429));
        assert!(Method::Post.may_retry(429));
        assert!(Method::Post.may_retry(503));
        assert!(!Method::Post.may_retry(500));
        assert!(!Method::Get.may_retry(401));
    }
}
