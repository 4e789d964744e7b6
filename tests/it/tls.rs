//! Whom twenv trusts over HTTPS (DESIGN §16, issue 16): the system's trust
//! store, plus the bundle `SSL_CERT_FILE` adds — a corporate proxy's CA must
//! work either way (twilio-cli #665).
//!
//! A CA and a server certificate for 127.0.0.1 are made at test time with the
//! openssl CLI; the fake Twilio serves them through a rustls acceptor. The
//! "system store" cases run twenv in a private mount namespace (`unshare
//! -rm`) where a bundle holding the CA is bind-mounted over the system's.
//!
//! The server side uses rustls, which twenv links on Linux only (macOS and
//! Windows use the platform's TLS), so the module is Linux's.
#![cfg(not(any(target_os = "macos", windows)))]

use std::fs;
use std::io::{Read, Write};
use std::net::{Shutdown, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};
use std::sync::Arc;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::{ServerConfig, ServerConnection, StreamOwned};

use crate::common::*;
use crate::fake_twilio::{Connection, FakeTwilio};

const TOKEN: &str = "tlsAuthToken00000000000000000000";
/// The bundle rustls-platform-verifier reads first on Debian and Ubuntu
/// (openssl-probe's first candidate; the hashed files beside it are read too).
const SYSTEM_BUNDLE: &str = "/etc/ssl/certs/ca-certificates.crt";

/// A throwaway CA, a second unrelated one, and a server certificate for
/// 127.0.0.1 signed by the first.
struct Pki {
    dir: tempfile::TempDir,
    server: Arc<ServerConfig>,
}

impl Pki {
    fn make() -> Option<Pki> {
        require("openssl")?;
        let dir = tempfile::tempdir().expect("temp dir");
        for ca in ["ca", "other-ca"] {
            openssl(
                dir.path(),
                &format!(
                    "req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
                     -keyout {ca}.key -out {ca}.pem -subj /CN=twenv-test-{ca} \
                     -addext basicConstraints=critical,CA:TRUE \
                     -addext keyUsage=critical,keyCertSign,cRLSign"
                ),
            );
        }
        // The URL names 127.0.0.1, so the certificate must carry it as an IP
        // address (a DNS name "127.0.0.1" would not match).
        fs::write(
            dir.path().join("server.ext"),
            "subjectAltName=IP:127.0.0.1,DNS:localhost\n\
             basicConstraints=critical,CA:FALSE\n\
             keyUsage=critical,digitalSignature\n\
             extendedKeyUsage=serverAuth\n\
             subjectKeyIdentifier=hash\n\
             authorityKeyIdentifier=keyid\n",
        )
        .expect("write server.ext");
        openssl(
            dir.path(),
            "req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
             -keyout server.key -out server.csr -subj /CN=127.0.0.1",
        );
        openssl(
            dir.path(),
            "x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 \
             -extfile server.ext -out server.pem",
        );
        let chain: Vec<CertificateDer<'static>> =
            CertificateDer::pem_file_iter(dir.path().join("server.pem"))
                .expect("server.pem")
                .collect::<Result<_, _>>()
                .expect("server certificate");
        let key = PrivateKeyDer::from_pem_file(dir.path().join("server.key")).expect("server.key");
        let server =
            ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
                .with_safe_default_protocol_versions()
                .expect("TLS versions")
                .with_no_client_auth()
                .with_single_cert(chain, key)
                .expect("server certificate and key");
        Some(Pki {
            dir,
            server: Arc::new(server),
        })
    }

    fn ca(&self) -> PathBuf {
        self.dir.path().join("ca.pem")
    }

    fn other_ca(&self) -> PathBuf {
        self.dir.path().join("other-ca.pem")
    }

    /// The system's bundle with the test CA appended: what installing a
    /// proxy's CA with update-ca-certificates produces.
    fn system_bundle_with_ca(&self) -> PathBuf {
        let mut bundle = fs::read(SYSTEM_BUNDLE).expect("system bundle");
        bundle.extend(fs::read(self.ca()).expect("ca.pem"));
        let path = self.dir.path().join("system-with-ca.crt");
        fs::write(&path, bundle).expect("write bundle");
        path
    }

    /// The fake Twilio behind TLS with the server certificate.
    fn https_fake(&self) -> FakeTwilio {
        let config = self.server.clone();
        let fake = FakeTwilio::start_with(move |tcp| {
            let conn = ServerConnection::new(config.clone()).ok()?;
            Some(Box::new(Tls(StreamOwned::new(conn, tcp))))
        });
        fake.add_account(AC, TOKEN);
        fake
    }
}

/// `openssl ARGS`, the arguments split at white space.
fn openssl(dir: &Path, args: &str) {
    let out = std::process::Command::new("openssl")
        .args(args.split_whitespace())
        .current_dir(dir)
        .env("PATH", SYSTEM_PATH)
        .output()
        .expect("run openssl");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        stderr_of(&out)
    );
}

struct Tls(StreamOwned<ServerConnection, TcpStream>);

impl Read for Tls {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.0.read(buf)
    }
}

impl Write for Tls {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

impl Connection for Tls {
    fn close(&mut self) {
        let _ = self.0.sock.shutdown(Shutdown::Both);
    }
}

fn https_env(fake: &FakeTwilio) -> TestEnv {
    let mut env = TestEnv::new();
    env.set_var("TWENV_API_URL", format!("https://127.0.0.1:{}", fake.port));
    env.set_var("USER", "tester");
    env
}

const LOGIN: [&str; 8] = [
    "login",
    "-p",
    "dev",
    "--account-sid",
    AC,
    "--auth-token-stdin",
    "--storage",
    "file",
];

fn login(env: &TestEnv) -> Output {
    env.twenv()
        .args(LOGIN)
        .write_stdin(format!("{TOKEN}\n"))
        .output()
        .expect("run twenv")
}

/// Runs `twenv ARGS` where the system bundle is `bundle`: in a private user
/// and mount namespace, so the real file is untouched and nothing needs
/// root. `None` (after a loud skip, or a panic in CI) where such namespaces
/// are not allowed.
fn login_with_system_bundle(env: &TestEnv, bundle: &Path) -> Option<Output> {
    let unshare = require("unshare")?;
    if !Path::new(SYSTEM_BUNDLE).is_file() {
        skip(&format!(
            "{SYSTEM_BUNDLE} does not exist (not a Debian-like system)"
        ));
        return None;
    }
    let probe = env
        .std_command(&unshare)
        .args(["-rm", "true"])
        .output()
        .expect("run unshare");
    if !probe.status.success() {
        skip(&format!(
            "unprivileged user namespaces are not allowed here (unshare -rm: {})",
            stderr_of(&probe).trim()
        ));
        return None;
    }
    let mut child = env
        .std_command(&unshare)
        .args([
            "-rm",
            "sh",
            "-c",
            r#"mount --bind "$1" "$2" && shift 2 && exec "$@""#,
            "sh",
        ])
        .arg(bundle)
        .arg(SYSTEM_BUNDLE)
        .arg(twenv_bin())
        .args(LOGIN)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run unshare");
    child
        .stdin
        .take()
        .expect("piped")
        .write_all(format!("{TOKEN}\n").as_bytes())
        .expect("write token");
    Some(child.wait_with_output().expect("wait for twenv"))
}

fn assert_logged_in(out: &Output, fake: &FakeTwilio) {
    assert!(out.status.success(), "login failed: {}", stderr_of(out));
    assert_eq!(fake.keys().len(), 1, "the key was created over HTTPS");
}

#[test]
#[cfg_attr(missing = "openssl", ignore = "openssl is not installed")]
fn an_untrusted_certificate_fails_plainly_and_names_ssl_cert_file() {
    let Some(pki) = Pki::make() else { return };
    let fake = pki.https_fake();
    let env = https_env(&fake);
    let out = login(&env);
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    let err = stderr_of(&out);
    assert!(err.contains("SSL_CERT_FILE"), "{err}");
    assert!(
        err.contains("not issued by a certificate authority this computer trusts"),
        "{err}"
    );
    // Plain words, not a library's Debug output.
    for raw in ["UnknownIssuer", "InvalidCertificate", "rustls", "io:"] {
        assert!(!err.contains(raw), "raw error text {raw:?} in: {err}");
    }
    assert!(
        fake.requests().is_empty(),
        "no request (and no Auth Token) may cross an untrusted connection"
    );
    assert!(!env.config_path().exists(), "nothing saved");
}

#[test]
#[cfg_attr(missing = "openssl", ignore = "openssl is not installed")]
fn ssl_cert_file_makes_a_proxy_ca_trusted() {
    let Some(pki) = Pki::make() else { return };
    let fake = pki.https_fake();
    let mut env = https_env(&fake);
    env.set_var("SSL_CERT_FILE", pki.ca());
    assert_logged_in(&login(&env), &fake);
}

#[test]
#[cfg_attr(
    any(missing = "openssl", missing = "unshare"),
    ignore = "needs openssl and unshare"
)]
fn a_ca_in_the_system_store_is_trusted() {
    let Some(pki) = Pki::make() else { return };
    let fake = pki.https_fake();
    let env = https_env(&fake);
    let Some(out) = login_with_system_bundle(&env, &pki.system_bundle_with_ca()) else {
        return;
    };
    assert_logged_in(&out, &fake);
}

#[test]
#[cfg_attr(
    any(missing = "openssl", missing = "unshare"),
    ignore = "needs openssl and unshare"
)]
fn ssl_cert_file_adds_to_the_system_store_rather_than_replacing_it() {
    let Some(pki) = Pki::make() else { return };
    let fake = pki.https_fake();
    let mut env = https_env(&fake);
    // The bundle holds only an unrelated CA; the server's CA is the system's.
    env.set_var("SSL_CERT_FILE", pki.other_ca());
    let Some(out) = login_with_system_bundle(&env, &pki.system_bundle_with_ca()) else {
        return;
    };
    assert_logged_in(&out, &fake);
}

#[test]
#[cfg_attr(missing = "openssl", ignore = "openssl is not installed")]
fn an_unusable_ssl_cert_file_is_named_before_anything_is_sent() {
    let Some(pki) = Pki::make() else { return };
    let fake = pki.https_fake();
    let mut env = https_env(&fake);
    let not_pem = pki.dir.path().join("server.ext");
    for (bundle, says) in [
        (
            pki.dir.path().join("missing.pem"),
            "cannot read the CA bundle",
        ),
        (not_pem, "holds no PEM certificate"),
    ] {
        env.set_var("SSL_CERT_FILE", &bundle);
        let out = login(&env);
        assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
        let err = stderr_of(&out);
        assert!(
            err.contains("SSL_CERT_FILE=") && err.contains(says),
            "{err}"
        );
    }
    assert!(fake.requests().is_empty(), "nothing was sent");
}
