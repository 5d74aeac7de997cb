//! `workbench serve`: the browser editor ([`crate::serve`]). Binds, prints the address with its
//! token as the first line on standard output, shows each save on standard error, and stops
//! on Ctrl-C once the requests under way are answered.

use std::io::Write;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;

use super::Context;
use super::document::review_options;
use crate::cli::ServeArgs;
use crate::serve::{Event, Server, Settings};

pub(crate) fn run(args: ServeArgs, ctx: &Context) -> anyhow::Result<u8> {
    let ServeArgs { port, open, listen } = args;
    let addr = SocketAddr::new(listen.unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST)), port);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(serve(addr, open, ctx))
}

async fn serve(addr: SocketAddr, open: bool, ctx: &Context) -> anyhow::Result<u8> {
    let (events, mut received) = tokio::sync::mpsc::unbounded_channel();
    let settings = Settings {
        layout: ctx.layout.clone(),
        review: review_options(&ctx.config),
        clock: Arc::new(|| super::context::now().unwrap_or_default()),
        events: Some(events),
    };
    let server = Server::bind(addr, settings).await?;
    // Listening for Ctrl-C before the address is out: an interrupt from then on stops cleanly.
    let interrupted = interrupt()?;
    let url = server.url();
    {
        let stdout = std::io::stdout();
        let mut out = stdout.lock();
        writeln!(out, "{url}")?;
        out.flush()?;
    }
    if server.is_public() {
        ctx.printer.warn(format_args!(
            "listening on {}: other machines can reach this server; only the token in the \
             address keeps them out",
            server.address()
        ));
    }
    ctx.printer.status(format_args!(
        "serving the documents of `{}` at http://{}/; Ctrl-C stops",
        ctx.show(&ctx.layout.translations_dir()),
        server.address()
    ));
    if open {
        open_browser(&url, ctx);
    }
    let mut serving = tokio::spawn(server.run(interrupted));
    loop {
        tokio::select! {
            Some(event) = received.recv() => show(&event, ctx),
            done = &mut serving => {
                done??;
                break;
            }
        }
    }
    while let Ok(event) = received.try_recv() {
        show(&event, ctx);
    }
    ctx.printer.status("stopped");
    Ok(crate::EXIT_OK)
}

/// A future that completes on Ctrl-C, listening from now on.
#[cfg(unix)]
fn interrupt() -> std::io::Result<impl std::future::Future<Output = ()> + Send + 'static> {
    let mut signal = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt())?;
    Ok(async move {
        signal.recv().await;
    })
}

/// A future that completes on Ctrl-C.
#[cfg(not(unix))]
fn interrupt() -> std::io::Result<impl std::future::Future<Output = ()> + Send + 'static> {
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
    })
}

fn show(event: &Event, ctx: &Context) {
    match event {
        Event::Saved {
            document,
            id,
            state,
            revision,
        } => ctx.printer.status(format_args!(
            "saved segment {id} of `{document}` as `{state}` (revision {revision})"
        )),
        Event::Conflict { document, id } => ctx.printer.status(format_args!(
            "refused a save of segment {id} of `{document}`: it changed since the page loaded it"
        )),
    }
}

/// Open `url` in the default browser; failing that, say so (the address is printed anyway).
fn open_browser(url: &str, ctx: &Context) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    let spawned = std::process::Command::new(opener)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if let Err(e) = spawned {
        ctx.printer.warn(format_args!(
            "cannot open a browser with `{opener}`: {e}; open the address above"
        ));
    }
}
