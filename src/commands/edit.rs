//! `workbench edit`: a person sets a segment's target and/or state. Approving follows the one
//! approval rule (see [`review::approval_refused`]) unless the person insists with `--force`.

use super::Context;
use super::document::{load_document, load_glossary, lock_document, review_options};
use crate::cli::{EditArgs, StateArg};
use crate::review;
use crate::store::{Origin, OriginKind, State};

pub(crate) fn run(args: EditArgs, ctx: &Context) -> anyhow::Result<u8> {
    let EditArgs {
        document,
        id,
        target,
        state,
        force,
    } = args;
    if target.is_none() && state.is_none() {
        anyhow::bail!("nothing to change: give `--target`, `--state` or both");
    }
    let _lock = lock_document(&document, ctx)?;
    let mut doc = load_document(&document)?;
    let revision = doc.next_revision();
    let no_segment = || crate::store::Error::NoSegment {
        path: document.clone(),
        id,
    };
    let seg = doc.segment(id).ok_or_else(no_segment)?;
    let new_target = target.unwrap_or_else(|| seg.target.clone());
    let target_changed = new_target != seg.target;
    let new_state = match state {
        Some(s) => state_from(s),
        None if target_changed => State::Translated,
        None => seg.state,
    };
    let origin = if target_changed {
        Some(Origin {
            kind: OriginKind::Human,
            backend: None,
            model: None,
            time: ctx.now.clone(),
        })
    } else {
        seg.origin.clone()
    };
    let mut forced = false;
    if new_state == State::Approved {
        // The rule judges the document as it will be stored: review it with the new text.
        let mut preview = doc.clone();
        if let Some(seg) = preview.segment_mut(id) {
            seg.set(new_target.clone(), State::Translated, None, revision);
        }
        let glossary = load_glossary(&ctx.layout.glossary_path())?;
        let report = review::review(&preview, &glossary, &review_options(&ctx.config));
        let row = report.rows.iter().find(|r| r.id == id);
        let refusal = preview
            .segment(id)
            .and_then(|seg| review::approval_refused(seg, row));
        match refusal {
            Some(review::Refusal::EmptyTarget) => anyhow::bail!(
                "segment {id} of `{}` cannot be approved: it has no target; nothing written",
                ctx.show(&document)
            ),
            Some(refusal) if !force => {
                return Err(super::hinted(
                    format!(
                        "segment {id} of `{}` cannot be approved: {refusal}; nothing written",
                        ctx.show(&document)
                    ),
                    "fix it, or approve anyway with `--force`",
                ));
            }
            Some(_) => forced = true,
            None => {}
        }
    }
    let seg = doc.segment_mut(id).ok_or_else(no_segment)?;
    let changed = if new_state == State::Approved {
        seg.approve_text(new_target, origin, revision)
    } else {
        seg.set(new_target, new_state, origin, revision)
    };
    if !changed {
        ctx.printer.status(format_args!(
            "segment {id} already has that target and state; nothing written"
        ));
        return Ok(crate::EXIT_OK);
    }
    let action = if forced { "edit --force" } else { "edit" };
    doc.record_revision(revision, &ctx.now, action, 1);
    doc.save(&document)?;
    ctx.printer.status(format_args!(
        "segment {id} is now `{new_state}`{} (revision {revision} of `{}`)",
        if forced {
            ", approved despite review's findings"
        } else {
            ""
        },
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
