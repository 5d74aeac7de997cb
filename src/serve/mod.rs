//! The browser editor: a local HTTP server over the project's documents (`workbench serve`).
//!
//! A thin face over the domain: the page and its JSON API show what `status` and `review`
//! compute ([`crate::review::status`], [`crate::review::review`]), and every save goes through
//! the same edit rule ([`crate::review::apply_edit`]), document lock and atomic write as the
//! command line. [`Server::bind`] opens the socket and makes a fresh token; [`Server::run`]
//! serves until its shutdown future completes. The server never prints: what it did is sent
//! as [`Event`]s to the caller, which shows them.
//!
//! `security` holds the token, the Host and Origin checks and the response headers; `api` the
//! handlers and their JSON types; `assets/` the page (HTML, CSS and JavaScript, embedded).

mod api;
mod cache;
mod security;

use std::collections::HashMap;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::get;

use crate::review::ReviewOptions;
use crate::store::{Layout, State};

pub use api::{DocumentView, SegmentView};

/// The largest request body taken, in bytes: far above any sentence's target.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// Errors of the server.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("cannot make a random token: {0}")]
    Random(String),
    #[error("the server stopped: {0}")]
    Serve(std::io::Error),
}

/// What the server needs to know of the project.
#[derive(Clone)]
pub struct Settings {
    pub layout: Layout,
    /// The review the page shows and the approval rule judges with.
    pub review: ReviewOptions,
    /// Now, as RFC 3339 UTC: the time of each save's revision.
    pub clock: Arc<dyn Fn() -> String + Send + Sync>,
    /// Where the server reports what it did, when someone listens.
    pub events: Option<tokio::sync::mpsc::UnboundedSender<Event>>,
}

/// Something the server did that its user may want to see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A segment was saved as a new revision of its document.
    Saved {
        document: String,
        id: u64,
        state: State,
        revision: u32,
    },
    /// A save was refused because the segment changed since the page loaded it.
    Conflict { document: String, id: u64 },
}

/// The state every request shares.
pub(crate) struct Shared {
    pub(crate) settings: Settings,
    pub(crate) token: String,
    /// The `Host` values this server answers to (`None`: any, when listening on every
    /// interface).
    pub(crate) hosts: Option<Vec<String>>,
    /// The cookie that carries the token (named after the port: two servers on one machine
    /// do not overwrite each other's).
    pub(crate) cookie: String,
    /// Per document: the saves waiting to be written together, one writer at a time inside
    /// this process (the lock file keeps out the others).
    writers: Mutex<HashMap<String, Arc<api::Writer>>>,
    pub(crate) cache: cache::Cache,
}

impl Shared {
    /// The writer of document `name`.
    pub(crate) fn writer(&self, name: &str) -> Arc<api::Writer> {
        let mut writers = self
            .writers
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        writers.entry(name.to_owned()).or_default().clone()
    }

    pub(crate) fn emit(&self, event: Event) {
        if let Some(events) = &self.settings.events {
            let _ = events.send(event);
        }
    }
}

/// A bound server, ready to run.
pub struct Server {
    listener: tokio::net::TcpListener,
    addr: SocketAddr,
    shared: Arc<Shared>,
}

impl Server {
    /// Listen on `addr` (port 0: a free one) with a fresh random token.
    pub async fn bind(addr: SocketAddr, settings: Settings) -> Result<Server, Error> {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|source| Error::Bind { addr, source })?;
        let addr = listener
            .local_addr()
            .map_err(|source| Error::Bind { addr, source })?;
        let token = security::new_token().map_err(|e| Error::Random(e.to_string()))?;
        let shared = Arc::new(Shared {
            settings,
            token,
            hosts: security::allowed_hosts(addr),
            cookie: format!("workbench_token_{}", addr.port()),
            writers: Mutex::new(HashMap::new()),
            cache: cache::Cache::default(),
        });
        Ok(Server {
            listener,
            addr,
            shared,
        })
    }

    /// The address served.
    pub fn address(&self) -> SocketAddr {
        self.addr
    }

    /// The token every request must carry (as the cookie the page sets, or a Bearer token).
    pub fn token(&self) -> &str {
        &self.shared.token
    }

    /// The address to open in a browser: the page, with the token.
    pub fn url(&self) -> String {
        let host = if self.addr.ip().is_unspecified() {
            match self.addr {
                SocketAddr::V4(_) => format!("127.0.0.1:{}", self.addr.port()),
                SocketAddr::V6(_) => format!("[::1]:{}", self.addr.port()),
            }
        } else {
            self.addr.to_string()
        };
        format!("http://{host}/?token={}", self.shared.token)
    }

    /// Whether the address is reachable from other machines.
    pub fn is_public(&self) -> bool {
        !self.addr.ip().is_loopback()
    }

    /// Serve until `shutdown` completes; requests under way are finished first.
    pub async fn run(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> Result<(), Error> {
        axum::serve(self.listener, router(self.shared))
            .with_graceful_shutdown(shutdown)
            .await
            .map_err(Error::Serve)
    }
}

/// The routes, behind the security layer.
fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/", get(api::index))
        .route("/app.js", get(api::script))
        .route("/app.css", get(api::style))
        .route("/api/documents", get(api::documents))
        .route("/api/documents/{name}", get(api::document))
        .route(
            "/api/documents/{name}/segments/{id}",
            get(api::segment).patch(api::save),
        )
        .fallback(api::not_found)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn_with_state(
            shared.clone(),
            security::guard,
        ))
        .with_state(shared)
}
