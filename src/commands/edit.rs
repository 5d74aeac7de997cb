//! `workbench edit`: a person sets a segment's target and/or state ([`review::apply_edit`], as
//! the browser editor does). Approving follows the one approval rule unless the person insists
//! with `--force`.

use super::Context;
use super::document::{load_document, load_glossary, lock_document, review_options};
use crate::cli::{EditArgs, StateArg};
use crate::glossary::Glossary;
use crate::review;
use crate::store::State;

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
    let state = state.map(state_from);
    // Only an approval is reviewed: a broken glossary does not stop a plain edit.
    let glossary = if state == Some(State::Approved) {
        load_glossary(&ctx.layout.glossary_path())?
    } else {
        Glossary::default()
    };
    let edit = review::Edit {
        target,
        state,
        force,
    };
    let review_with = (&glossary, &review_options(&ctx.config));
    match review::apply_edit(&mut doc, id, edit, review_with, "edit", &ctx.now) {
        Err(review::EditRefused::NoSegment(id)) => Err(crate::store::Error::NoSegment {
            path: document.clone(),
            id,
        }
        .into()),
        Err(review::EditRefused::Refused(review::Refusal::EmptyTarget)) => anyhow::bail!(
            "segment {id} of `{}` cannot be approved: it has no target; nothing written",
            ctx.show(&document)
        ),
        Err(review::EditRefused::Refused(refusal)) => Err(super::hinted(
            format!(
                "segment {id} of `{}` cannot be approved: {refusal}; nothing written",
                ctx.show(&document)
            ),
            "fix it, or approve anyway with `--force`",
        )),
        Ok(review::Edited::Unchanged) => {
            ctx.printer.status(format_args!(
                "segment {id} already has that target and state; nothing written"
            ));
            Ok(crate::EXIT_OK)
        }
        Ok(review::Edited::Changed {
            state,
            revision,
            forced,
        }) => {
            doc.save(&document)?;
            ctx.printer.status(format_args!(
                "segment {id} is now `{state}`{} (revision {revision} of `{}`)",
                if forced {
                    ", approved despite review's findings"
                } else {
                    ""
                },
                ctx.show(&document)
            ));
            Ok(crate::EXIT_OK)
        }
    }
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
