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
    if s.chars()
        .any(|c| c.is_whitespace() || c.is_control() || crate::diag::is_invisible(c))
    {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_plain_links() {
        assert!(check_url("https://undocs.org/S/RES/1718(2006)").is_ok());
        assert!(check_url("http://example.org:8080/a?b=c#d").is_ok());
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
