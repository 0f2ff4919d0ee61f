//! The field keys that give a field a meaning for the batch or the reviewer: `unique`,
//! `open` with its `flag`, checked where the policy is loaded.

use super::{Ctx, FieldKind, FieldSpec, model, problem};
use crate::diag::did_you_mean;

/// `unique: true` is for plain values: a list or a record has no one value to compare.
pub(super) fn unique(ctx: &mut Ctx<'_>, f: &model::Field, kind: &FieldKind) -> bool {
    let Some(unique) = f.unique.as_ref().filter(|u| u.value) else {
        return false;
    };
    if matches!(kind, FieldKind::List(_) | FieldKind::Records) {
        ctx.report(problem(
            "policy::unique",
            format!("list field `{}` cannot be `unique`", f.id.value),
            "mark a field holding one value (a code, a name, a number) as unique",
            Some(ctx.span(unique)),
        ));
        return false;
    }
    true
}

/// The flag of an open enum: `open: true` needs `flag:` (a value outside the list must be
/// seen by a reviewer), and `flag:` needs `open: true`.
pub(super) fn open_flag(ctx: &mut Ctx<'_>, f: &model::Field, is_enum: bool) -> Option<String> {
    let open = f.open.as_ref().filter(|o| o.value);
    match (open, &f.flag) {
        (None, None) => None,
        (Some(o), _) if !is_enum => {
            ctx.report(problem(
                "policy::open",
                format!("`{}` is not an enum: only enums can be `open`", f.id.value),
                "remove `open:`, or make the field `type: enum` (or a list `of: enum`)",
                Some(ctx.span(o)),
            ));
            None
        }
        (Some(_), Some(flag)) => Some(flag.value.clone()),
        (Some(o), None) => {
            ctx.report(problem(
                "policy::open_flag",
                format!("open field `{}` names no `flag`", f.id.value),
                "add `flag: <id>` and declare that flag under `flags:` with its message and cite, so a record giving a value outside the list is flagged for the reviewer",
                Some(ctx.span(o)),
            ));
            None
        }
        (None, Some(flag)) => {
            ctx.report(problem(
                "policy::open_flag",
                format!("`{}` has a `flag` but is not `open: true`", f.id.value),
                "a field raises a flag only for values outside an open list: add `open: true` or remove `flag:`",
                Some(ctx.span(flag)),
            ));
            None
        }
    }
}

/// Uniqueness and flags are of a record, not of one item of its lists.
pub(super) fn item_keys(
    ctx: &mut Ctx<'_>,
    list: &model::Field,
    item: &model::Field,
    spec: &FieldSpec,
) {
    if let Some(at) = item
        .unique
        .as_ref()
        .filter(|_| spec.unique)
        .map(|u| ctx.span(u))
        .or_else(|| {
            spec.open_flag
                .as_ref()
                .and(item.open.as_ref())
                .map(|o| ctx.span(o))
        })
    {
        ctx.report(problem(
            "policy::item_field",
            format!(
                "`{}` is a field of the items of `{}`: it cannot be `unique` or `open`",
                item.id.value, list.id.value
            ),
            "mark fields of the record itself, not of its list items",
            Some(at),
        ));
    }
}

/// Every open field's `flag` is declared under `flags:`, and every flag without a `when`
/// is named by an open field (else nothing would ever raise it).
pub(super) fn check_open_flags(ctx: &mut Ctx<'_>, flags: &[model::Flag], fields: &[model::Field]) {
    let named = |flag: &str| {
        fields
            .iter()
            .any(|f| f.flag.as_ref().is_some_and(|n| n.value == flag))
    };
    for f in fields {
        let Some(flag) = &f.flag else { continue };
        if flags.iter().all(|fl| fl.id.value != flag.value) {
            let hint = did_you_mean(&flag.value, flags.iter().map(|fl| fl.id.value.as_str()))
                .map(|s| format!("did you mean `{s}`? "))
                .unwrap_or_default();
            ctx.report(problem(
                "policy::unknown_flag",
                format!(
                    "`{}` names the flag `{}`, which `flags:` does not declare",
                    f.id.value, flag.value
                ),
                format!("{hint}declare it under `flags:` with an id, a message and a cite"),
                Some(ctx.span(flag)),
            ));
        }
    }
    for fl in flags {
        if fl.when.is_none() && !named(&fl.id.value) {
            ctx.report(problem(
                "policy::flag_never",
                format!("flag `{}` has no `when` and no open field names it: it is never raised", fl.id.value),
                "add `when: <condition>`, or name it from an open enum field (`open: true`, `flag: <id>`)",
                Some(ctx.span(&fl.id)),
            ));
        }
    }
}
