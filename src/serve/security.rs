//! What keeps the server safe on a shared machine: a random token for every request (a cookie
//! the page gets in exchange for the token in its address, or `Authorization: Bearer`), the
//! `Host` check (DNS rebinding), the `Origin` check on every state-changing request, and the
//! headers every response carries (a script policy without inline script, no sniffing, no
//! framing).

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::Shared;
use super::api::error;

/// The policy of every response: only the page's own script and style, no framing.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
    connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; \
    frame-ancestors 'none'";

/// 128 random bits from the system, as 32 hex digits.
pub(crate) fn new_token() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// The `Host` values a server on `addr` answers to; `None` (any) on every interface.
pub(crate) fn allowed_hosts(addr: SocketAddr) -> Option<Vec<String>> {
    if addr.ip().is_unspecified() {
        return None;
    }
    let port = addr.port();
    let mut hosts = vec![addr.to_string()];
    if addr.ip().is_loopback() {
        for name in ["localhost", "127.0.0.1", "[::1]"] {
            let host = format!("{name}:{port}");
            if !hosts.contains(&host) {
                hosts.push(host);
            }
        }
    }
    Some(hosts)
}

/// Compare two secrets in time independent of where they differ.
fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

fn cookie_value<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
}

/// The token in `?token=…`, when the query has one.
fn query_token(query: Option<&str>) -> Option<&str> {
    query?
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(k, _)| *k == "token")
        .map(|(_, v)| v)
}

/// Every request passes here first.
pub(crate) async fn guard(
    State(shared): State<Arc<Shared>>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = check(&shared, request, next).await;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

async fn check(shared: &Shared, request: Request, next: Next) -> Response {
    let headers = request.headers();
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    if let Some(hosts) = &shared.hosts {
        if !hosts.iter().any(|h| h.eq_ignore_ascii_case(&host)) {
            return error(
                StatusCode::MISDIRECTED_REQUEST,
                format!("the Host `{host}` is not this server's address"),
            );
        }
    }
    let changes_state = !matches!(*request.method(), Method::GET | Method::HEAD);
    if changes_state {
        if let Some(origin) = headers.get(header::ORIGIN) {
            let origin = origin.to_str().unwrap_or_default();
            if !same_secret(origin, &format!("http://{host}")) {
                return error(
                    StatusCode::FORBIDDEN,
                    format!(
                        "a request from another site (Origin `{origin}`) may not change anything"
                    ),
                );
            }
        }
        if let Some(site) = headers.get("sec-fetch-site") {
            if !matches!(site.to_str().unwrap_or_default(), "same-origin" | "none") {
                return error(
                    StatusCode::FORBIDDEN,
                    "a request from another site may not change anything".to_owned(),
                );
            }
        }
    }
    let path = request.uri().path();
    // The page's script and style hold nothing of the project: they need no token.
    if matches!(path, "/app.js" | "/app.css") {
        return next.run(request).await;
    }
    let cookie =
        cookie_value(headers, &shared.cookie).is_some_and(|t| same_secret(t, &shared.token));
    let bearer = bearer(headers).is_some_and(|t| same_secret(t, &shared.token));
    if path == "/" && request.method() == Method::GET {
        if let Some(token) = query_token(request.uri().query()) {
            if !same_secret(token, &shared.token) {
                return error(StatusCode::UNAUTHORIZED, "wrong token".to_owned());
            }
            // The token goes into a cookie the page's script cannot read, and out of the
            // address bar and the history.
            let cookie = format!(
                "{}={}; HttpOnly; SameSite=Strict; Path=/",
                shared.cookie, shared.token
            );
            let mut response = StatusCode::SEE_OTHER.into_response();
            let headers = response.headers_mut();
            headers.insert(header::LOCATION, HeaderValue::from_static("/"));
            if let Ok(value) = HeaderValue::from_str(&cookie) {
                headers.insert(header::SET_COOKIE, value);
            }
            return response;
        }
    }
    if !(cookie || bearer) {
        return error(
            StatusCode::UNAUTHORIZED,
            "this server needs its token: open the address `workbench serve` printed".to_owned(),
        );
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_128_random_bits_in_hex() {
        let a = new_token().unwrap();
        let b = new_token().unwrap();
        assert_eq!(a.len(), 32);
        assert!(a.bytes().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
    }

    #[test]
    fn loopback_answers_to_its_names_and_every_interface_to_any() {
        let hosts = allowed_hosts("127.0.0.1:8080".parse().unwrap()).unwrap();
        assert_eq!(hosts, ["127.0.0.1:8080", "localhost:8080", "[::1]:8080"]);
        let lan = allowed_hosts("192.168.1.5:80".parse().unwrap()).unwrap();
        assert_eq!(lan, ["192.168.1.5:80"]);
        assert_eq!(allowed_hosts("0.0.0.0:80".parse().unwrap()), None);
    }

    #[test]
    fn cookies_and_queries_are_read_by_name() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; workbench_token_9=abc; b=2"),
        );
        assert_eq!(cookie_value(&headers, "workbench_token_9"), Some("abc"));
        assert_eq!(cookie_value(&headers, "workbench_token_8"), None);
        assert_eq!(query_token(Some("x=1&token=ff")), Some("ff"));
        assert_eq!(query_token(Some("tokens=ff")), None);
        assert!(same_secret("abc", "abc") && !same_secret("abc", "abd") && !same_secret("a", "ab"));
    }
}
