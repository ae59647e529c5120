//! Link hygiene for evidence and sources: http and https only, a host, no
//! credentials, no whitespace or control characters.

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UrlError {
    #[error("only http and https links are accepted, not {scheme:?}")]
    Scheme { scheme: String },
    #[error("the link has no host")]
    NoHost,
    #[error("the link carries credentials (user:password@); never store them")]
    Credentials,
    #[error("the link holds whitespace or a control character")]
    BadCharacter,
    #[error("the link's host {host:?} is not well-formed")]
    BadHost { host: String },
}

/// Checks that `s` is a well-formed http(s) URL a reader can safely follow.
pub fn check_url(s: &str) -> Result<(), UrlError> {
    if s.chars().any(|c| {
        c.is_whitespace()
            || c.is_control()
            || super::hygiene::is_invisible(c)
            || super::hygiene::is_bidi_mark(c)
    }) {
        return Err(UrlError::BadCharacter);
    }
    let Some((scheme, rest)) = s.split_once("://") else {
        let scheme = s.split(':').next().unwrap_or("").to_string();
        return Err(UrlError::Scheme { scheme });
    };
    let lower = scheme.to_ascii_lowercase();
    if lower != "http" && lower != "https" {
        return Err(UrlError::Scheme {
            scheme: scheme.to_string(),
        });
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.contains('@') {
        return Err(UrlError::Credentials);
    }
    let host = if authority.starts_with('[') {
        authority
            .split(']')
            .next()
            .map(|h| format!("{h}]"))
            .unwrap_or_default()
    } else {
        let (h, port) = authority.rsplit_once(':').unwrap_or((authority, ""));
        if !port.bytes().all(|b| b.is_ascii_digit()) {
            return Err(UrlError::BadHost {
                host: authority.to_string(),
            });
        }
        h.to_string()
    };
    if host.is_empty() {
        return Err(UrlError::NoHost);
    }
    let ok = host.starts_with('[')
        || (host.split('.').all(|label| {
            !label.is_empty()
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        }));
    if !ok {
        return Err(UrlError::BadHost { host });
    }
    Ok(())
}

/// The host of `url` when it is reserved for examples, tests or private
/// networks (`example.org`, `*.test`, `localhost`, `10.x`, …): a page there
/// is no page a reader or an aggregator can reach.
pub fn reserved_host(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let authority = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = if let Some(v6) = authority.strip_prefix('[') {
        v6.split(']').next().unwrap_or("").to_ascii_lowercase()
    } else {
        let h = authority.rsplit_once(':').map_or(authority, |(h, _)| h);
        h.trim_end_matches('.').to_ascii_lowercase()
    };
    let reserved = matches!(
        host.as_str(),
        "" | "example.org" | "example.com" | "example.net" | "localhost"
    ) || [".example.org", ".example.com", ".example.net"]
        .iter()
        .any(|s| host.ends_with(s))
        || [".example", ".test", ".invalid", ".localhost", ".local"]
            .iter()
            .any(|s| host.ends_with(s))
        || matches!(host.as_str(), "example" | "test" | "invalid")
        || private_ip(&host);
    reserved.then_some(host)
}

fn private_ip(host: &str) -> bool {
    match host.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V4(a)) => {
            a.is_private()
                || a.is_loopback()
                || a.is_link_local()
                || a.is_unspecified()
                || a.is_documentation()
                || a.is_broadcast()
        }
        Ok(std::net::IpAddr::V6(a)) => {
            let seg = a.segments()[0];
            a.is_loopback()
                || a.is_unspecified()
                || (seg & 0xfe00) == 0xfc00
                || (seg & 0xffc0) == 0xfe80
        }
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_plain_links() {
        assert!(check_url("https://undocs.org/S/RES/1718(2006)").is_ok());
        assert!(check_url("http://example.org:8080/a?b=c#d").is_ok());
    }

    #[test]
    fn reserved_hosts_are_named() {
        for u in [
            "https://example.org/",
            "https://EXAMPLE.com./x",
            "http://www.example.net/a",
            "https://desk.example/",
            "https://news.test/",
            "http://localhost:8080/",
            "http://127.0.0.1/",
            "http://10.1.2.3/",
            "http://192.168.0.10/",
            "http://[::1]/",
            "http://[fd00::1]/",
        ] {
            assert!(reserved_host(u).is_some(), "{u}");
        }
        for u in [
            "https://www.lepoint.fr/",
            "https://examples.org/",
            "https://example.org.uk/",
            "http://8.8.8.8/",
        ] {
            assert_eq!(reserved_host(u), None, "{u}");
        }
    }

    #[test]
    fn refuses_unsafe_links() {
        assert!(matches!(
            check_url("javascript:alert(1)"),
            Err(UrlError::Scheme { .. })
        ));
        assert!(matches!(
            check_url("ftp://x.org/"),
            Err(UrlError::Scheme { .. })
        ));
        assert_eq!(
            check_url("https://user:pw@x.org/"),
            Err(UrlError::Credentials)
        );
        assert_eq!(check_url("https:///path"), Err(UrlError::NoHost));
        assert_eq!(check_url("https://x .org/"), Err(UrlError::BadCharacter));
        assert!(matches!(
            check_url("https://exa_mple..org/"),
            Err(UrlError::BadHost { .. })
        ));
    }
}
