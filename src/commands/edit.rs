//! `workbench edit`: a person sets a segment's target and/or state.

use super::Context;
use super::document::{load_document, lock_document};
use crate::cli::{EditArgs, StateArg};
use crate::store::{Origin, OriginKind, State};

pub(crate) fn run(args: EditArgs, ctx: &Context) -> anyhow::Result<u8> {
    let EditArgs {
        document,
        id,
        target,
        state,
    } = args;
    if target.is_none() && state.is_none() {
        anyhow::bail!("nothing to change: give `--target`, `--state` or both");
    }
    let _lock = lock_document(&document, ctx)?;
    let mut doc = load_document(&document)?;
    let revision = doc.next_revision();
    let seg = doc
        .segment_mut(id)
        .ok_or_else(|| crate::store::Error::NoSegment {
            path: document.clone(),
            id,
        })?;
    let new_target = target.unwrap_or_else(|| seg.target.clone());
    let new_state = match state {
        Some(s) => state_from(s),
        None if new_target != seg.target => State::Translated,
        None => seg.state,
    };
    let origin = if new_target != seg.target {
        Some(Origin {
            kind: OriginKind::Human,
            backend: None,
            model: None,
            time: ctx.now.clone(),
        })
    } else {
        seg.origin.clone()
    };
    if !seg.set(new_target, new_state, origin, revision) {
        ctx.printer.status(format_args!(
            "segment {id} already has that target and state; nothing written"
        ));
        return Ok(crate::EXIT_OK);
    }
    doc.record_revision(revision, &ctx.now, "edit", 1);
    doc.save(&document)?;
    ctx.printer.status(format_args!(
        "segment {id} is now `{new_state}` (revision {revision} of `{}`)",
        ctx.show(&document)
    ));
    Ok(crate::EXIT_OK)
}

pub(crate) fn state_from(s: StateArg) -> State {
    match s {
        StateArg::New => State::New,
        StateArg::Draft => State::Draft,
        StateArg::Translated => State::Translated,
        StateArg::Reviewed => State::Reviewed,
        StateArg::Approved => State::Approved,
        StateArg::Rejected => State::Rejected,
    }
}
