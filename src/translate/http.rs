//! The HTTP layer shared by the remote backends: one `reqwest` client with connect and total
//! timeouts, endpoints that must be HTTPS unless they point at the loopback interface, keys
//! that never reach a log, a URL or a file, and requests that can be shown with their keys
//! redacted (`--dry-run`).
//!
//! It owns `reqwest`: the backends build a [`Request`] and read a [`Response`]; errors come
//! back as [`super::Error`] without the URL in them.

use std::net::IpAddr;
use std::time::Duration;

use reqwest::Url;
use reqwest::header::{HeaderName, HeaderValue};
use serde::de::DeserializeOwned;

use super::Error;

/// The largest key file read (`*_FILE` variables), 64 KiB: a key is a few dozen bytes.
pub const MAX_KEY_FILE_BYTES: u64 = 64 * 1024;

/// A key or token: never shown by `Debug` or `Display`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// The key itself, only for building an authorisation header or body.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

/// What replaces a key wherever a request is shown.
pub const REDACTED: &str = "[redacted]";

/// A backend's base address, checked: `https://`, or `http://` to a loopback address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint(Url);

impl Endpoint {
    /// Parse and check a base URL. `backend` and `origin` (where the URL came from, e.g.
    /// `OPENAI_BASE_URL`) only go into error messages.
    pub fn parse(backend: &'static str, raw: &str, origin: &str) -> Result<Endpoint, Error> {
        let config = |message: String| Error::Config { backend, message };
        let url = Url::parse(raw.trim())
            .map_err(|e| config(format!("{origin}: `{raw}` is not a URL: {e}")))?;
        if !url.username().is_empty() || url.password().is_some() {
            return Err(config(format!(
                "{origin}: the URL carries credentials; put the key in the backend's key variable instead"
            )));
        }
        if url.query().is_some() {
            return Err(config(format!(
                "{origin}: the URL has a query string; give the base address only"
            )));
        }
        match url.scheme() {
            "https" => {}
            "http" if is_loopback(&url) => {}
            "http" => {
                return Err(config(format!(
                    "{origin}: `{raw}` is plain http; use https:// (plain http is allowed only for loopback addresses such as 127.0.0.1 or localhost)"
                )));
            }
            other => {
                return Err(config(format!(
                    "{origin}: unsupported scheme `{other}`; use https://"
                )));
            }
        }
        Ok(Endpoint(url))
    }

    /// The base address followed by `path` (`/chat/completions`), keeping the base's path.
    pub fn join(&self, path: &str) -> Url {
        let mut url = self.0.clone();
        let base = url.path().trim_end_matches('/').to_owned();
        url.set_path(&format!("{base}/{}", path.trim_start_matches('/')));
        url
    }

    pub fn url(&self) -> &Url {
        &self.0
    }
}

fn is_loopback(url: &Url) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// One request to send: a JSON POST, or a GET. `Debug` shows it with its keys redacted.
#[derive(Clone)]
pub struct Request {
    pub method: reqwest::Method,
    pub url: Url,
    pub headers: Vec<(HeaderName, HeaderValue)>,
    /// The JSON body (`Null` for a GET).
    pub body: serde_json::Value,
    /// Top-level body fields that hold a key (LibreTranslate's `api_key`).
    pub secret_fields: &'static [&'static str],
}

impl Request {
    pub fn post(url: Url, body: serde_json::Value) -> Request {
        Request {
            method: reqwest::Method::POST,
            url,
            headers: Vec::new(),
            body,
            secret_fields: &[],
        }
    }

    pub fn get(url: Url) -> Request {
        Request {
            method: reqwest::Method::GET,
            url,
            headers: Vec::new(),
            body: serde_json::Value::Null,
            secret_fields: &[],
        }
    }

    /// Add a header whose value is a secret: marked sensitive, redacted when shown.
    pub fn secret_header(mut self, name: &'static str, value: &str) -> Result<Request, Error> {
        let mut value = HeaderValue::from_str(value).map_err(|_| Error::Config {
            backend: "http",
            message: format!(
                "the key for the `{name}` header holds characters a header cannot carry"
            ),
        })?;
        value.set_sensitive(true);
        self.headers.push((HeaderName::from_static(name), value));
        Ok(self)
    }

    /// What `--dry-run` shows: method, URL, headers and body, every key replaced.
    pub fn preview(&self) -> serde_json::Value {
        let headers: serde_json::Map<String, serde_json::Value> = self
            .headers
            .iter()
            .map(|(name, value)| {
                let shown = if value.is_sensitive() {
                    REDACTED.to_owned()
                } else {
                    value.to_str().unwrap_or(REDACTED).to_owned()
                };
                (name.as_str().to_owned(), serde_json::Value::String(shown))
            })
            .collect();
        let mut body = self.body.clone();
        if let Some(map) = body.as_object_mut() {
            for field in self.secret_fields {
                if let Some(v) = map.get_mut(*field) {
                    *v = serde_json::Value::String(REDACTED.to_owned());
                }
            }
        }
        serde_json::json!({
            "method": self.method.as_str(),
            "url": self.url.as_str(),
            "headers": headers,
            "body": body,
        })
    }
}

impl std::fmt::Debug for Request {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Request({})", self.preview())
    }
}

/// A response: status, the delay the server asked for, and the body.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub retry_after: Option<Duration>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The body as text, for error messages (cut to a readable length).
    pub fn text_excerpt(&self) -> String {
        let text = String::from_utf8_lossy(&self.body);
        let text = text.trim();
        match text.char_indices().nth(300) {
            Some((i, _)) => format!("{}…", &text[..i]),
            None => text.to_owned(),
        }
    }
}

/// Timeouts and identity of the client.
#[derive(Debug, Clone, Copy)]
pub struct HttpSettings {
    pub connect_timeout: Duration,
    /// The whole request, from sending to the last byte of the answer.
    pub timeout: Duration,
}

impl Default for HttpSettings {
    fn default() -> HttpSettings {
        HttpSettings {
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(120),
        }
    }
}

/// The shared client of one backend: built once, pooled connections.
#[derive(Debug, Clone)]
pub struct Http {
    client: reqwest::Client,
    backend: &'static str,
    settings: HttpSettings,
}

impl Http {
    pub fn new(backend: &'static str, settings: HttpSettings) -> Result<Http, Error> {
        let client = reqwest::Client::builder()
            .connect_timeout(settings.connect_timeout)
            .timeout(settings.timeout)
            .user_agent(concat!("workbench/", env!("CARGO_PKG_VERSION")))
            .pool_max_idle_per_host(64)
            .build()
            .map_err(|e| Error::Config {
                backend,
                message: format!("cannot build the HTTP client: {}", e.without_url()),
            })?;
        Ok(Http {
            client,
            backend,
            settings,
        })
    }

    /// Send one request. Transport failures become [`Error::Connect`] or [`Error::Timeout`];
    /// any status comes back as a [`Response`] for the backend to read.
    pub async fn send(&self, request: &Request) -> Result<Response, Error> {
        let mut builder = self
            .client
            .request(request.method.clone(), request.url.clone());
        if !request.body.is_null() {
            builder = builder.json(&request.body);
        }
        for (name, value) in &request.headers {
            builder = builder.header(name.clone(), value.clone());
        }
        let response = builder
            .send()
            .await
            .map_err(|e| self.transport(e, request))?;
        let status = response.status().as_u16();
        let retry_after = retry_after(response.headers());
        let body = response
            .bytes()
            .await
            .map_err(|e| self.transport(e, request))?;
        Ok(Response {
            status,
            retry_after,
            body: body.to_vec(),
        })
    }

    /// Send one request and keep only a successful response; any other status becomes the
    /// error `refused` reads from it (the backend knows its error bodies and hints).
    pub async fn send_ok(
        &self,
        request: &Request,
        refused: impl FnOnce(&Response) -> Error,
    ) -> Result<Response, Error> {
        let response = self.send(request).await?;
        if response.is_success() {
            Ok(response)
        } else {
            Err(refused(&response))
        }
    }

    fn transport(&self, e: reqwest::Error, request: &Request) -> Error {
        let host = match (request.url.host_str(), request.url.port_or_known_default()) {
            (Some(h), Some(p)) => format!("{h}:{p}"),
            (Some(h), None) => h.to_owned(),
            _ => String::new(),
        };
        if e.is_timeout() {
            return Error::Timeout {
                backend: self.backend,
                host,
                seconds: self.settings.timeout.as_secs_f64(),
            };
        }
        let e = e.without_url();
        let mut message = e.to_string();
        let mut source = std::error::Error::source(&e);
        while let Some(cause) = source {
            message = format!("{message}: {cause}");
            source = cause.source();
        }
        Error::Connect {
            backend: self.backend,
            host,
            message,
        }
    }
}

/// Decode a successful answer's JSON; a body that does not fit becomes [`Error::Malformed`]
/// with `what` ("the response is not … JSON") before the decoder's message.
pub fn parse_json<T: DeserializeOwned>(
    backend: &'static str,
    body: &[u8],
    what: &str,
) -> Result<T, Error> {
    serde_json::from_slice(body).map_err(|e| Error::Malformed {
        backend,
        message: format!("{what}: {e}"),
    })
}

/// `Retry-After` (seconds or an HTTP date) or `retry-after-ms`.
fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    if let Some(ms) = headers
        .get("retry-after-ms")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<f64>().ok())
        .filter(|ms| ms.is_finite() && *ms >= 0.0)
    {
        return Some(Duration::from_secs_f64(ms / 1000.0));
    }
    let value = headers.get("retry-after")?.to_str().ok()?.trim();
    parse_retry_after(value, time::OffsetDateTime::now_utc())
}

/// Parse a `Retry-After` value: delta-seconds, or an HTTP date relative to `now`.
pub fn parse_retry_after(value: &str, now: time::OffsetDateTime) -> Option<Duration> {
    if let Ok(secs) = value.parse::<f64>() {
        return (secs.is_finite() && secs >= 0.0).then(|| Duration::from_secs_f64(secs));
    }
    let format = time::macros::format_description!(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
    );
    let at = time::PrimitiveDateTime::parse(value, &format)
        .ok()?
        .assume_utc();
    let delta = at - now;
    Some(Duration::from_secs_f64(delta.as_seconds_f64().max(0.0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_is_required_except_for_loopback() {
        assert!(Endpoint::parse("t", "https://api.example.com/v1", "X").is_ok());
        assert!(Endpoint::parse("t", "http://127.0.0.1:8080/v1", "X").is_ok());
        assert!(Endpoint::parse("t", "http://localhost:5000", "X").is_ok());
        assert!(Endpoint::parse("t", "http://[::1]:5000", "X").is_ok());
        let err = Endpoint::parse("t", "http://example.com", "X").unwrap_err();
        assert!(err.to_string().contains("use https://"), "{err}");
        assert!(Endpoint::parse("t", "http://10.0.0.1", "X").is_err());
        assert!(Endpoint::parse("t", "https://user:pw@example.com", "X").is_err());
        assert!(Endpoint::parse("t", "https://example.com/?key=1", "X").is_err());
    }

    #[test]
    fn join_keeps_the_base_path() {
        let e = Endpoint::parse("t", "https://api.example.com/v1/", "X").unwrap();
        assert_eq!(
            e.join("/chat/completions").as_str(),
            "https://api.example.com/v1/chat/completions"
        );
    }

    #[test]
    fn preview_redacts_keys() {
        let req = Request::post(
            Url::parse("https://x.example/t").unwrap(),
            serde_json::json!({"q": ["a"], "api_key": "sekret"}),
        )
        .secret_header("authorization", "Bearer sekret")
        .unwrap();
        let req = Request {
            secret_fields: &["api_key"],
            ..req
        };
        let shown = req.preview().to_string();
        assert!(!shown.contains("sekret"), "{shown}");
        assert!(shown.contains(REDACTED));
        assert!(!format!("{req:?}").contains("sekret"));
        assert!(!format!("{:?}", Secret::new("sekret")).contains("sekret"));
    }

    #[test]
    fn retry_after_forms() {
        let now = time::macros::datetime!(2015-10-21 07:28:00 UTC);
        assert_eq!(parse_retry_after("3", now), Some(Duration::from_secs(3)));
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:10 GMT", now),
            Some(Duration::from_secs(10))
        );
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-1", now), None);
    }
}
