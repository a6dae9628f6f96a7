//! Capabilities, deny-by-default: what one installed plugin may use beyond its
//! own memory. The manifest declares what a plugin asks for, the administrator
//! grants it, and each use is checked here.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use super::secrets::SecretSource;

/// What a plugin has been granted.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Grants {
    /// Hosts it may send HTTP requests to (connectors and notifiers).
    pub outbound_hosts: Vec<HostGrant>,
    /// Whether it may ask the host for text embeddings (rubrics).
    pub embeddings: bool,
    /// Credentials the host puts into its requests' headers, by name.
    pub secrets: BTreeMap<String, SecretSource>,
}

impl Grants {
    /// Grants nothing.
    pub fn none() -> Self {
        Self::default()
    }

    /// Whether an HTTP request to `host:port` is allowed.
    pub fn allows_host(&self, host: &str, port: u16) -> bool {
        self.outbound_hosts.iter().any(|g| g.matches(host, port))
    }
}

/// One host a plugin may reach: `api.example.com`, `api.example.com:8443`,
/// `*.example.com` (any subdomain, not the domain itself) or `127.0.0.1:8080`.
/// Without a port, 80 and 443 are allowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostGrant {
    host: String,
    port: Option<u16>,
}

impl HostGrant {
    /// Whether everything `asked` reaches is also reached by this grant: an
    /// exact host on each port it names (80 and 443 when it names none), a
    /// wildcard only by the same or a wider wildcard.
    pub fn covers(&self, asked: &HostGrant) -> bool {
        let ports = match asked.port {
            Some(p) => vec![p],
            None => vec![80, 443],
        };
        match asked.host.strip_prefix("*.") {
            None => ports.iter().all(|p| self.matches(&asked.host, *p)),
            Some(asked_domain) => {
                let Some(domain) = self.host.strip_prefix("*.") else { return false };
                let within = asked_domain == domain || asked_domain.ends_with(&format!(".{domain}"));
                let ports_ok = match self.port {
                    None => asked.port.is_none_or(|p| p == 80 || p == 443),
                    Some(mine) => asked.port == Some(mine),
                };
                within && ports_ok
            }
        }
    }

    fn matches(&self, host: &str, port: u16) -> bool {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        let host_ok = match self.host.strip_prefix("*.") {
            Some(domain) => host.ends_with(&format!(".{domain}")),
            None => host == self.host,
        };
        let port_ok = match self.port {
            Some(p) => p == port,
            None => port == 80 || port == 443,
        };
        host_ok && port_ok
    }
}

impl FromStr for HostGrant {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim().to_ascii_lowercase();
        if s.contains("://") || s.contains('/') {
            return Err(format!("{s:?}: give a host name, optionally with :port, not a URL"));
        }
        let (host, port) = match s.rsplit_once(':') {
            Some((h, p)) if !h.contains(':') => {
                let port = p.parse::<u16>().map_err(|_| format!("{s:?}: port {p:?} is not a number"))?;
                (h.to_owned(), Some(port))
            }
            _ => (s.clone(), None),
        };
        let bare = host.strip_prefix("*.").unwrap_or(&host);
        let valid = !bare.is_empty()
            && !bare.contains('*')
            && bare.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
        if !valid {
            return Err(format!("{s:?}: not a host name"));
        }
        Ok(Self { host, port })
    }
}

impl serde::Serialize for HostGrant {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for HostGrant {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d)?.parse().map_err(serde::de::Error::custom)
    }
}

impl fmt::Display for HostGrant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.port {
            Some(p) => write!(f, "{}:{p}", self.host),
            None => f.write_str(&self.host),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grants(hosts: &[&str]) -> Grants {
        Grants { outbound_hosts: hosts.iter().map(|h| h.parse().expect("valid grant")).collect(), ..Grants::none() }
    }

    #[test]
    fn nothing_is_allowed_by_default() {
        assert!(!Grants::none().allows_host("example.com", 443));
    }

    #[test]
    fn exact_hosts_and_ports() {
        let g = grants(&["payroll.example.com", "127.0.0.1:8080"]);
        assert!(g.allows_host("payroll.example.com", 443));
        assert!(g.allows_host("PAYROLL.example.com.", 80));
        assert!(!g.allows_host("payroll.example.com", 8443));
        assert!(!g.allows_host("evil-payroll.example.com", 443));
        assert!(g.allows_host("127.0.0.1", 8080));
        assert!(!g.allows_host("127.0.0.1", 8081));
    }

    #[test]
    fn wildcards_cover_subdomains_only() {
        let g = grants(&["*.example.com"]);
        assert!(g.allows_host("a.example.com", 443));
        assert!(g.allows_host("a.b.example.com", 443));
        assert!(!g.allows_host("example.com", 443));
        assert!(!g.allows_host("badexample.com", 443));
    }

    #[test]
    fn coverage_of_what_a_manifest_asks_for() {
        let host = |h: &str| h.parse::<HostGrant>().expect("valid grant");
        let cases = [
            ("payroll.example.com", "payroll.example.com", true),
            ("payroll.example.com", "payroll.example.com:443", true),
            ("payroll.example.com:443", "payroll.example.com", false),
            ("payroll.example.com", "payroll.example.com:8443", false),
            ("*.example.com", "payroll.example.com", true),
            ("*.example.com", "*.example.com", true),
            ("*.example.com", "*.eu.example.com", true),
            ("*.eu.example.com", "*.example.com", false),
            ("payroll.example.com", "*.example.com", false),
            ("*.example.com:8443", "*.example.com", false),
            ("127.0.0.1:8080", "127.0.0.1:8080", true),
            ("127.0.0.1:8080", "127.0.0.1:9090", false),
        ];
        for (granted, asked, expected) in cases {
            assert_eq!(host(granted).covers(&host(asked)), expected, "{granted} covers {asked}");
        }
    }

    #[test]
    fn urls_and_junk_are_refused_with_the_reason() {
        assert!("https://x.com".parse::<HostGrant>().unwrap_err().contains("not a URL"));
        assert!("x.com:http".parse::<HostGrant>().unwrap_err().contains("not a number"));
        assert!("*".parse::<HostGrant>().is_err());
        assert!("a*.b".parse::<HostGrant>().is_err());
    }
}
