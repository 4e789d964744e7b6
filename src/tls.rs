//! Whom twenv trusts for HTTPS (DESIGN §16): the operating system's trust
//! store, so that a CA the system trusts (a corporate proxy's) works, plus
//! the bundle `SSL_CERT_FILE` names, *added* to the system's rather than
//! replacing it as OpenSSL and rustls-native-certs do — a user who sets it for
//! a proxy's CA must not lose every other root.
//!
//! Linux (and other Unix): rustls, verified by rustls-platform-verifier, which
//! reads the system's bundle and certificate directories. macOS and Windows:
//! the platform's TLS through native-tls (Security.framework, SChannel).

use std::path::Path;

use ureq::tls::{Certificate, PemItem, RootCerts, TlsConfig, TlsProvider};

use crate::error::Error;

pub const CA_FILE_VAR: &str = "SSL_CERT_FILE";

/// The TLS settings for every request: the platform's verifier, or, with
/// `SSL_CERT_FILE` set, the system's roots and the bundle's together.
pub fn config() -> Result<TlsConfig, Error> {
    let builder = TlsConfig::builder().provider(provider());
    #[cfg(not(any(target_os = "macos", windows)))]
    let builder = builder.unversioned_rustls_crypto_provider(std::sync::Arc::new(
        rustls::crypto::ring::default_provider(),
    ));
    let roots = match std::env::var_os(CA_FILE_VAR).filter(|v| !v.is_empty()) {
        None => RootCerts::PlatformVerifier,
        Some(path) => {
            let mut roots = extra_roots(Path::new(&path))?;
            roots.extend(system_roots());
            RootCerts::from(roots)
        }
    };
    Ok(builder.root_certs(roots).build())
}

fn provider() -> TlsProvider {
    if cfg!(any(target_os = "macos", windows)) {
        TlsProvider::NativeTls
    } else {
        TlsProvider::Rustls
    }
}

/// The certificates of `SSL_CERT_FILE`; a file that cannot be read or holds
/// no certificate is an error rather than a silent fall back to the system.
fn extra_roots(path: &Path) -> Result<Vec<Certificate<'static>>, Error> {
    let shown = crate::validate::quote_for_message(&path.to_string_lossy());
    let bytes = std::fs::read(path).map_err(|e| {
        Error::runtime(format!(
            "cannot read the CA bundle {CA_FILE_VAR}={shown}: {e}; fix the path or unset {CA_FILE_VAR}"
        ))
    })?;
    let certs = pem_certificates(&bytes);
    if certs.is_empty() {
        return Err(Error::runtime(format!(
            "{CA_FILE_VAR}={shown} holds no PEM certificate (-----BEGIN CERTIFICATE-----); \
             point it at a CA bundle in PEM form or unset it"
        )));
    }
    Ok(certs)
}

/// Every certificate in PEM text; keys and unreadable sections are skipped,
/// as OpenSSL skips them in a bundle.
fn pem_certificates(bytes: &[u8]) -> Vec<Certificate<'static>> {
    ureq::tls::parse_pem(bytes)
        .filter_map(|item| match item {
            Ok(PemItem::Certificate(cert)) => Some(cert),
            _ => None,
        })
        .collect()
}

/// The system's roots as rustls-native-certs finds them without
/// `SSL_CERT_FILE` (it would read only that file): every PEM file in the
/// system's certificate directories (`/etc/ssl/certs` holds Debian's bundle
/// and one file per CA; `/etc/pki/tls/certs` links Fedora's bundle).
#[cfg(not(any(target_os = "macos", windows)))]
fn system_roots() -> Vec<Certificate<'static>> {
    let mut roots = Vec::new();
    for dir in openssl_probe::candidate_cert_dirs() {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        for entry in entries.flatten() {
            // Follows symlinks: the per-CA files are links into /usr/share.
            let path = entry.path();
            if path.is_file()
                && let Ok(bytes) = std::fs::read(&path)
            {
                roots.extend(pem_certificates(&bytes));
            }
        }
    }
    roots.sort_unstable_by(|a, b| a.der().cmp(b.der()));
    roots.dedup_by(|a, b| a.der() == b.der());
    roots
}

/// The certificates the Keychain's trust settings make roots for TLS:
/// user settings override admin ones, which override the system's.
#[cfg(target_os = "macos")]
fn system_roots() -> Vec<Certificate<'static>> {
    use security_framework::trust_settings::{Domain, TrustSettings, TrustSettingsForCertificate};
    let mut decided = std::collections::HashMap::new();
    for domain in [Domain::User, Domain::Admin, Domain::System] {
        let settings = TrustSettings::new(domain);
        let Ok(certs) = settings.iter() else { continue };
        for cert in certs {
            // No settings at all means "always trust as a root" (Apple's rule).
            let Ok(trust) = settings.tls_trust_settings_for_certificate(&cert) else {
                continue;
            };
            decided
                .entry(cert.to_der())
                .or_insert(trust.unwrap_or(TrustSettingsForCertificate::TrustRoot));
        }
    }
    decided
        .into_iter()
        .filter(|(_, trust)| {
            matches!(
                trust,
                TrustSettingsForCertificate::TrustRoot | TrustSettingsForCertificate::TrustAsRoot
            )
        })
        .map(|(der, _)| Certificate::from_der(&der).to_owned())
        .collect()
}

/// The trusted roots of the user's view of the Windows certificate store
/// (it includes the machine's), those valid for server authentication.
#[cfg(windows)]
fn system_roots() -> Vec<Certificate<'static>> {
    use schannel::cert_context::ValidUses;
    const SERVER_AUTH: &str = "1.3.6.1.5.5.7.3.1";
    let Ok(store) = schannel::cert_store::CertStore::open_current_user("ROOT") else {
        return Vec::new();
    };
    store
        .certs()
        .filter(|cert| match cert.valid_uses() {
            Ok(ValidUses::All) => true,
            Ok(ValidUses::Oids(oids)) => oids.iter().any(|o| o == SERVER_AUTH),
            Err(_) => false,
        })
        .filter(|cert| cert.is_time_valid().unwrap_or(false))
        .map(|cert| Certificate::from_der(cert.to_der()).to_owned())
        .collect()
}

/// Why a TLS connection failed, in plain words.
pub enum Failure {
    /// The server's certificate was refused: the user may need to trust a CA.
    Certificate(String),
    /// Anything else in the handshake (a server that does not speak TLS, …).
    Handshake(String),
}

impl Failure {
    /// The sentence after "the secure (TLS) connection to HOST failed: ".
    pub fn explain(&self) -> String {
        match self {
            Failure::Certificate(why) => format!(
                "{why}. If a proxy or firewall on this network inspects HTTPS, trust its CA: \
                 set {CA_FILE_VAR} to a PEM file holding it (twenv adds it to the system's \
                 trust store) or install it in the system's trust store."
            ),
            Failure::Handshake(why) => format!(
                "{why}. A proxy or firewall that intercepts HTTPS, or a server that does not \
                 speak HTTPS, are the usual causes; a proxy's CA can be trusted with \
                 {CA_FILE_VAR}=ca.pem."
            ),
        }
    }
}

/// The TLS failure inside `e`, if it is one.
#[cfg(not(any(target_os = "macos", windows)))]
pub fn failure(e: &ureq::Error) -> Option<Failure> {
    // rustls errors reach ureq wrapped in an I/O error during the handshake.
    let inner = match e {
        ureq::Error::Rustls(inner) => inner,
        ureq::Error::Io(io) => io.get_ref()?.downcast_ref::<rustls::Error>()?,
        ureq::Error::Tls(text) => return Some(Failure::Handshake((*text).to_string())),
        _ => return None,
    };
    Some(match inner {
        rustls::Error::InvalidCertificate(why) => Failure::Certificate(certificate(why)),
        other => Failure::Handshake(format!("the TLS handshake failed ({other})")),
    })
}

#[cfg(not(any(target_os = "macos", windows)))]
fn certificate(why: &rustls::CertificateError) -> String {
    use rustls::CertificateError as E;
    let text = match why {
        E::UnknownIssuer => {
            "the server's certificate is not issued by a certificate authority this computer trusts"
        }
        E::Expired | E::ExpiredContext { .. } => {
            "the server's certificate has expired (or this computer's clock is wrong)"
        }
        E::NotValidYet | E::NotValidYetContext { .. } => {
            "the server's certificate is not valid yet (or this computer's clock is wrong)"
        }
        E::NotValidForName | E::NotValidForNameContext { .. } => {
            "the server's certificate is for another host name"
        }
        E::Revoked => "the server's certificate has been revoked",
        E::InvalidPurpose | E::InvalidPurposeContext { .. } => {
            "the server's certificate is not meant for a TLS server"
        }
        E::BadSignature
        | E::UnsupportedSignatureAlgorithmContext { .. }
        | E::UnsupportedSignatureAlgorithmForPublicKeyContext { .. } => {
            "the server's certificate has a signature this computer cannot check"
        }
        _ => "the server's certificate was refused",
    };
    text.to_string()
}

/// The TLS failure inside `e`, if it is one. The platform's TLS says why in
/// its own words; a refused certificate cannot be told from other failures.
#[cfg(any(target_os = "macos", windows))]
pub fn failure(e: &ureq::Error) -> Option<Failure> {
    match e {
        ureq::Error::NativeTls(inner) => Some(Failure::Certificate(format!(
            "the connection was refused by the system's TLS ({inner})"
        ))),
        ureq::Error::Tls(text) => Some(Failure::Handshake((*text).to_string())),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bundle_without_certificates_is_refused_naming_the_variable() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("empty.pem");
        std::fs::write(&path, "not a certificate\n").unwrap();
        let text = extra_roots(&path).unwrap_err().to_string();
        assert!(
            text.contains("SSL_CERT_FILE=") && text.contains("no PEM"),
            "{text}"
        );
        let text = extra_roots(&dir.path().join("missing.pem"))
            .unwrap_err()
            .to_string();
        assert!(
            text.contains("cannot read the CA bundle SSL_CERT_FILE="),
            "{text}"
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn system_roots_are_found_without_ssl_cert_file() {
        // Every Linux with a CA package has its bundle in one of the
        // directories; a machine without one has nothing to verify against.
        if openssl_probe::candidate_cert_dirs().next().is_some() {
            assert!(!system_roots().is_empty());
        }
    }
}
