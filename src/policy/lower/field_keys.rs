//! The field keys that give a field a meaning for the batch or the reviewer: `unique`,
//! `open` with its `flag`, checked where the policy is loaded.

use super::{Ctx, FieldKind, FieldSpec, model, named, problem, words};
use crate::diag::Code;
use crate::diag::did_you_mean;

/// `unique: true` is for plain values: a list or a record has no one value to compare.
pub(super) fn unique(ctx: &mut Ctx<'_>, f: &model::Field, kind: &FieldKind) -> bool {
    let Some(unique) = f.unique.as_ref().filter(|u| u.value) else {
        return false;
    };
    if matches!(kind, FieldKind::List(_) | FieldKind::Records) {
        ctx.report(problem(
            Code::PolicyUnique,
            words!(name = named(&f.label, &f.id.value)),
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
                Code::PolicyOpen,
                words!(name = named(&f.label, &f.id.value)),
                Some(ctx.span(o)),
            ));
            None
        }
        (Some(_), Some(flag)) => Some(flag.value.clone()),
        (Some(o), None) => {
            ctx.report(problem(
                Code::PolicyOpenFlag,
                words!(case = "no_flag", name = named(&f.label, &f.id.value)),
                Some(ctx.span(o)),
            ));
            None
        }
        (None, Some(flag)) => {
            ctx.report(problem(
                Code::PolicyOpenFlag,
                words!(case = "not_open", name = named(&f.label, &f.id.value)),
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
            Code::PolicyItemField,
            words!(
                item = named(&item.label, &item.id.value),
                list = named(&list.label, &list.id.value),
            ),
            Some(at),
        ));
    }
}

/// Every open field's `flag` is declared under `flags:`, and every flag without a `when`
/// is named by an open field (else nothing would ever raise it).
pub(super) fn check_open_flags(ctx: &mut Ctx<'_>, flags: &[model::Flag], fields: &[model::Field]) {
    let raised_by_a_field = |flag: &str| {
        fields
            .iter()
            .any(|f| f.flag.as_ref().is_some_and(|n| n.value == flag))
    };
    for f in fields {
        let Some(flag) = &f.flag else { continue };
        if flags.iter().all(|fl| fl.id.value != flag.value) {
            let near = did_you_mean(&flag.value, flags.iter().map(|fl| fl.id.value.as_str()));
            ctx.report(problem(
                Code::PolicyUnknownFlag,
                words!(
                    case = if near.is_some() { "near" } else { "none" },
                    near = near.unwrap_or_default(),
                    name = named(&f.label, &f.id.value),
                    flag = &flag.value,
                ),
                Some(ctx.span(flag)),
            ));
        }
    }
    for fl in flags {
        if fl.when.is_none() && !raised_by_a_field(&fl.id.value) {
            ctx.report(problem(
                Code::PolicyFlagNever,
                words!(flag = &fl.id.value),
                Some(ctx.span(&fl.id)),
            ));
        }
    }
}
