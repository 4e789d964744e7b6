//! An HTTPS CONNECT proxy that ends TLS itself and hands the requests to the
//! fake Twilio API, so that programs with no base-URL setting (the official
//! Twilio CLI) can be pointed at the fake: `HTTP_PROXY`/`HTTPS_PROXY` at this
//! proxy and `NODE_EXTRA_CA_CERTS` at its CA, made fresh with `openssl` for
//! each proxy. It tunnels only to the Twilio host names it was given and
//! refuses every other target, so nothing leaves 127.0.0.1.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tempfile::TempDir;

pub struct TlsProxy {
    pub port: u16,
    /// The CA certificate (PEM) to trust, e.g. with `NODE_EXTRA_CA_CERTS`.
    pub ca: PathBuf,
    /// `CONNECT` targets, as asked for ("host:port"), refused ones too.
    connects: Arc<Mutex<Vec<(String, bool)>>>,
    _dir: TempDir,
}

impl TlsProxy {
    /// `None` (after a loud skip, or a panic in CI) without `openssl`.
    pub fn start(fake_port: u16, hosts: &[&str]) -> Option<TlsProxy> {
        let openssl = crate::common::require("openssl")?;
        let dir = tempfile::tempdir().expect("temp dir");
        make_certificates(&openssl, dir.path(), hosts);
        let certs = CertificateDer::pem_file_iter(dir.path().join("leaf.pem"))
            .expect("leaf.pem")
            .collect::<Result<Vec<_>, _>>()
            .expect("certificates");
        let key = PrivateKeyDer::from_pem_file(dir.path().join("leaf.key")).expect("leaf.key");
        let config = rustls::ServerConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .expect("protocol versions")
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .expect("server certificate");
        let config = Arc::new(config);

        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let port = listener.local_addr().expect("addr").port();
        let connects = Arc::new(Mutex::new(Vec::new()));
        let allowed: Vec<String> = hosts.iter().map(|h| format!("{h}:443")).collect();
        let log = connects.clone();
        thread::spawn(move || {
            for conn in listener.incoming() {
                let Ok(conn) = conn else { continue };
                let (config, allowed, log) = (config.clone(), allowed.clone(), log.clone());
                thread::spawn(move || tunnel(conn, &config, &allowed, &log, fake_port));
            }
        });
        Some(TlsProxy {
            port,
            ca: dir.path().join("ca.pem"),
            connects,
            _dir: dir,
        })
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn connects(&self) -> Vec<(String, bool)> {
        self.connects
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}

fn make_certificates(openssl: &Path, dir: &Path, hosts: &[&str]) {
    let run = |args: &[&str]| {
        let out = Command::new(openssl)
            .args(args)
            .current_dir(dir)
            .output()
            .expect("run openssl");
        assert!(out.status.success(), "openssl {args:?}: {out:?}");
    };
    let ec = [
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
    ];
    let mut ca = vec!["req", "-x509"];
    ca.extend(ec);
    ca.extend([
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-days",
        "2",
        "-subj",
        "/CN=twenv test CA",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign",
    ]);
    run(&ca);
    let mut csr = vec!["req"];
    csr.extend(ec);
    csr.extend([
        "-keyout",
        "leaf.key",
        "-out",
        "leaf.csr",
        "-subj",
        "/CN=twilio test host",
    ]);
    run(&csr);
    let sans: Vec<String> = hosts.iter().map(|h| format!("DNS:{h}")).collect();
    std::fs::write(
        dir.join("leaf.ext"),
        format!(
            "subjectAltName={}\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n",
            sans.join(",")
        ),
    )
    .expect("leaf.ext");
    run(&[
        "x509",
        "-req",
        "-in",
        "leaf.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "leaf.pem",
        "-days",
        "2",
        "-extfile",
        "leaf.ext",
    ]);
}

fn read_head(reader: &mut impl BufRead) -> Option<Vec<String>> {
    let mut lines = Vec::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end().to_string();
        if line.is_empty() {
            return Some(lines);
        }
        lines.push(line);
    }
}

fn content_length(head: &[String]) -> usize {
    head.iter()
        .filter_map(|h| h.split_once(':'))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.trim().parse().ok())
        .unwrap_or(0)
}

fn tunnel(
    conn: TcpStream,
    config: &Arc<rustls::ServerConfig>,
    allowed: &[String],
    log: &Mutex<Vec<(String, bool)>>,
    fake_port: u16,
) {
    let _ = conn.set_read_timeout(Some(Duration::from_secs(30)));
    let mut reader = BufReader::new(conn.try_clone().expect("clone"));
    let Some(head) = read_head(&mut reader) else {
        return;
    };
    let mut request = head
        .first()
        .map(|l| l.split_whitespace())
        .into_iter()
        .flatten();
    let (method, target) = (request.next().unwrap_or(""), request.next().unwrap_or(""));
    let ok = method == "CONNECT" && allowed.iter().any(|a| a == target);
    log.lock()
        .unwrap_or_else(|e| e.into_inner())
        .push((target.to_string(), ok));
    let mut conn = conn;
    if !ok {
        let _ = conn.write_all(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n");
        return;
    }
    if conn
        .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
        .is_err()
    {
        return;
    }
    // The client speaks first (ClientHello), so nothing is left in `reader`.
    drop(reader);
    let Ok(server) = rustls::ServerConnection::new(config.clone()) else {
        return;
    };
    let tls = rustls::StreamOwned::new(server, conn);
    let mut tls = BufReader::new(tls);
    // One request at a time, each on its own connection to the fake.
    while let Some(head) = read_head(&mut tls) {
        let mut body = vec![0; content_length(&head)];
        if tls.read_exact(&mut body).is_err() {
            return;
        }
        let Some(reply) = forward(fake_port, &head, &body) else {
            return;
        };
        let out = tls.get_mut();
        if out.write_all(&reply).and_then(|()| out.flush()).is_err() {
            return;
        }
    }
}

fn forward(fake_port: u16, head: &[String], body: &[u8]) -> Option<Vec<u8>> {
    let mut fake = TcpStream::connect(("127.0.0.1", fake_port)).ok()?;
    let mut request = head.join("\r\n").into_bytes();
    request.extend_from_slice(b"\r\n\r\n");
    request.extend_from_slice(body);
    fake.write_all(&request).ok()?;
    let mut reader = BufReader::new(fake);
    let reply_head = read_head(&mut reader)?;
    let mut reply_body = vec![0; content_length(&reply_head)];
    reader.read_exact(&mut reply_body).ok()?;
    let mut reply = reply_head.join("\r\n").into_bytes();
    reply.extend_from_slice(b"\r\n\r\n");
    reply.extend_from_slice(&reply_body);
    Some(reply)
}
