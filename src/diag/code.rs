//! The stable codes of diagnostics, one enum for every stage: what programs match on in
//! JSON output (`"code": "input::type"`), what snapshots and the docs show, and the key of a
//! diagnostic's words in the catalogue (`policy::round` → `policy-round`). The strings are a
//! public contract: a code is never renamed, and comes with a test that produces it
//! (`tests/codes.rs`); `docs/codes.md` lists them all.

use std::fmt;

/// Declares [`Code`] from one list, so the enum, [`Code::ALL`], the strings and the
/// descriptions cannot disagree.
macro_rules! codes {
    ($($(#[doc = $doc:literal])+ $variant:ident = $code:literal,)+) => {
        /// Every code a diagnostic, record error or warning can carry, grouped by area.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code {
            $($(#[doc = $doc])+ $variant,)+
        }

        impl Code {
            /// Every code, in the order declared.
            pub const ALL: &'static [Code] = &[$(Code::$variant),+];

            /// The stable `area::name` string.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $code,)+
                }
            }

            /// When the code is given, in one line (its doc comment).
            pub fn description(self) -> &'static str {
                match self {
                    $(Code::$variant => concat!($($doc),+).trim_ascii(),)+
                }
            }
        }
    };
}

codes! {
    // YAML files.
    /// A file is not valid YAML, or its YAML is not the shape expected there.
    YamlInvalid = "yaml::invalid",

    // Policy files: reading, merging, checking.
    /// The policies folder cannot be used (missing, not a folder, or holding no year).
    PolicySource = "policy::source",
    /// No policy is found for the year asked for.
    PolicyUnknownYear = "policy::unknown_year",
    /// A file a year's `policy.yaml` lists cannot be read.
    PolicyMissingFile = "policy::missing_file",
    /// A year `extends` a year that leads back to itself.
    PolicyExtendsCycle = "policy::extends_cycle",
    /// A policy file is not UTF-8 (saved as GBK/GB18030 or UTF-16, say).
    PolicyEncoding = "policy::encoding",
    /// A year's policy could not be loaded, and no other problem says why.
    PolicyUnusable = "policy::unusable",
    /// A programme id is not one of the year extended (one edit from one, or removed).
    PolicyUnknownProgramme = "policy::unknown_programme",
    /// An item or a programme lacks a key it needs.
    PolicyMissingKey = "policy::missing_key",
    /// An id is defined twice in one file.
    PolicyDuplicateId = "policy::duplicate_id",
    /// A partial item changes, or a `remove:` removes, an id nothing inherited has.
    PolicyUnknownId = "policy::unknown_id",
    /// A complete new item's id is one letter from an inherited one (a warning).
    PolicyNearId = "policy::near_id",
    /// A `remove:` names an id of more than one kind of item.
    PolicyAmbiguousRemove = "policy::ambiguous_remove",
    /// A list field is marked `unique`.
    PolicyUnique = "policy::unique",
    /// A field that is not an enum is marked `open`.
    PolicyOpen = "policy::open",
    /// An open field names no `flag`, or a field with a `flag` is not `open`.
    PolicyOpenFlag = "policy::open_flag",
    /// A field of a list's items is marked `unique` or `open`.
    PolicyItemField = "policy::item_field",
    /// An item names a flag `flags:` does not declare.
    PolicyUnknownFlag = "policy::unknown_flag",
    /// A flag has no `when` and no open field names it: it is never raised.
    PolicyFlagNever = "policy::flag_never",
    /// A value is rounded to more than 20 decimal places.
    PolicyRound = "policy::round",
    /// A count the policy states (awards, a tier size) is not a whole number, 0 or more.
    PolicyCount = "policy::count",
    /// A value that must be a constant depends on a record.
    PolicyNotConstant = "policy::not_constant",
    /// A value the policy states cannot be computed exactly.
    PolicyInexact = "policy::inexact",
    /// A rule or score item cites no clause of the notice.
    PolicyMissingCite = "policy::missing_cite",
    /// A money field states no `unit`, or one that is not known.
    PolicyMoneyUnit = "policy::money_unit",
    /// A field's `type` is not a known type.
    PolicyFieldType = "policy::field_type",
    /// A list field says neither `of:` nor `fields:`.
    PolicyListItems = "policy::list_items",
    /// An enum field lists a value twice, or one alias names two values.
    PolicyDuplicateEnum = "policy::duplicate_enum",
    /// An enum field lists no `values`.
    PolicyEnumValues = "policy::enum_values",
    /// A table gives one key twice.
    PolicyDuplicateKey = "policy::duplicate_key",
    /// The award formula can exceed its `cap`.
    PolicyAwardBound = "policy::award_bound",
    /// A table lacks an entry for a key its lookups can ask for.
    PolicyTableCoverage = "policy::table_coverage",
    /// Computed values depend on each other in a circle.
    PolicyCycle = "policy::cycle",
    /// A score item's formula has no proven maximum.
    PolicyUnboundedScore = "policy::unbounded_score",
    /// The score items can add up to more than `max_score`.
    PolicyScoreBound = "policy::score_bound",
    /// The ranking is ordered by a value of a type that has no order.
    PolicyOrderKey = "policy::order_key",
    /// A ranking's direction is not a known one (`asc`, `desc`).
    PolicyDirection = "policy::direction",
    /// A quota's share is not a fraction from 0 to 1 (or its denominator is over 10^18).
    PolicyShare = "policy::share",
    /// A rounding rule is not a known one.
    PolicyRounding = "policy::rounding",
    /// A tier amount is negative: it would take money from its applicants.
    PolicyAmount = "policy::amount",
    /// The last tier states a `size` (it takes every award left).
    PolicyLastTierSize = "policy::last_tier_size",
    /// A programme gives awards but no tier says what an award is.
    PolicyTiers = "policy::tiers",
    /// A demotion is stated where there is only one tier.
    PolicyDemotion = "policy::demotion",

    // Policy warnings: valid, but probably not what was meant.
    /// A division in a formula has no exact decimal result (a warning).
    LintInexactDivision = "lint::inexact_division",
    /// A programme has no award, scores or allocation (a warning).
    LintDecidesNothing = "lint::decides_nothing",
    /// A param, table or computed value no formula reads (a warning).
    LintUnused = "lint::unused",
    /// A text value holds what reads like a policy key (a warning).
    LintKeyInText = "lint::key_in_text",
    /// A year folder holds a file `policy.yaml` does not list (a warning).
    LintUnlistedFile = "lint::unlisted_file",

    // Formulas: parsing and type checking.
    /// A formula cannot be parsed.
    FormulaSyntax = "formula::syntax",
    /// A formula nests deeper than the parser allows.
    FormulaTooDeep = "formula::too_deep",
    /// A number in a formula is out of range.
    FormulaBadNumber = "formula::bad_number",
    /// A formula is empty.
    FormulaEmpty = "formula::empty",
    /// A formula holds a full-width character where it needs a half-width one.
    FormulaFullWidth = "formula::full_width",
    /// A formula gives a type other than the one its place needs.
    FormulaWrongType = "formula::wrong_type",
    /// A quoted text compared with an enum field is not one of its values.
    FormulaUnknownValue = "formula::unknown_value",
    /// An amount is too large, once in yuan, to be computed exactly.
    FormulaAmountOverflow = "formula::amount_overflow",
    /// An operator or function is given operands of types it cannot combine.
    FormulaTypeMismatch = "formula::type_mismatch",
    /// A lookup table's name is used as a value.
    FormulaTableAsValue = "formula::table_as_value",
    /// A name in a formula is no field, param, table or computed value.
    FormulaUnknownName = "formula::unknown_name",
    /// `.field` is taken of something that is not a list item with fields.
    FormulaNotARecord = "formula::not_a_record",
    /// An amount is multiplied by an amount.
    FormulaMoneyTimesMoney = "formula::money_times_money",
    /// A condition is used in arithmetic.
    FormulaBoolArithmetic = "formula::bool_arithmetic",
    /// An amount of money is mixed with a plain number that has no unit.
    FormulaUnitMismatch = "formula::unit_mismatch",
    /// A function is given the wrong number of arguments.
    FormulaArity = "formula::arity",
    /// A function name is not a built-in function.
    FormulaUnknownFunction = "formula::unknown_function",
    /// The digits of `round` are not a whole number from 0 to 20.
    FormulaRoundDigits = "formula::round_digits",
    /// The first argument of `lookup` is not the name of a table.
    FormulaNotATable = "formula::not_a_table",

    // Evaluating a formula on a record.
    /// A value a formula needs is missing from the record.
    EvalMissingValue = "eval::missing_value",
    /// A result is too large to compute exactly.
    EvalOverflow = "eval::overflow",
    /// A formula divides by zero.
    EvalDivisionByZero = "eval::division_by_zero",
    /// A table has no entry for the key looked up.
    EvalLookupFailed = "eval::lookup_failed",
    /// The smallest or largest of an empty list is asked for.
    EvalEmptyList = "eval::empty_list",
    /// A value of a type the checker ruled out (a bug in the caller, reported).
    EvalType = "eval::type",
    /// A slot the environment does not hold (code paired with another programme's values).
    EvalSlot = "eval::slot",

    // Application files and the records in them.
    /// An input file cannot be used at all (unreadable, too large, not its format).
    InputUnreadable = "input::unreadable",
    /// An input file's extension names no format, and `--input-format` is not given.
    InputFormat = "input::format",
    /// A column names no field (a warning, or an error with strict reading).
    InputUnknownColumn = "input::unknown_column",
    /// A column is read in the unit its header states, not its field's (a warning).
    InputColumnUnit = "input::column_unit",
    /// More rows of one id come after rows of other ids.
    InputRowsApart = "input::rows_apart",
    /// A CSV row has more or fewer cells than the header.
    InputRaggedRow = "input::ragged_row",
    /// A percent column has bare numbers under 1 (`0.12`), read as percentage points (a warning).
    InputPercentFraction = "input::percent_fraction",
    /// A quoted CSV cell holds a line with as many cells as the header: a quote that joined rows.
    InputRowInCell = "input::row_in_cell",
    /// A CSV cell's closing quote is followed by more text (`"50"00`), which would be joined.
    InputStrayQuote = "input::stray_quote",
    /// A CSV cell is not UTF-8 text (and the file is not GB18030 as a whole).
    InputEncoding = "input::encoding",
    /// The rows of one record give different values for a field of the record.
    InputRowsDisagree = "input::rows_disagree",
    /// A record gives a field the programme does not have.
    InputUnknownField = "input::unknown_field",
    /// A record lists a document the programme does not ask for by that id or label.
    InputUnknownDocument = "input::unknown_document",
    /// A record has more errors than a batch keeps for one: the rest are counted, their
    /// fields named.
    InputMoreErrors = "input::more_errors",
    /// An xlsx cell cannot be read as a value: an Excel error (`#DIV/0!`, `#N/A`, …), a
    /// date-formatted number that is no date, a time with a fraction of a second.
    InputCell = "input::cell",
    /// A required field is missing.
    InputRequired = "input::required",
    /// A value is not of its field's type.
    InputType = "input::type",
    /// A number that cannot be read exactly (badly grouped, too many digits, too large or small).
    InputNumber = "input::number",
    /// A number written as text in scientific notation (`1.23E+07`): the form Excel shows a
    /// number in when its column is too narrow or it is too long, with digits dropped (JSON
    /// numbers may have exponents).
    InputScientific = "input::scientific",
    /// A value is not one of its enum field's values.
    InputEnum = "input::enum",
    /// A unified social credit code fails its check digit.
    InputCreditCode = "input::credit_code",
    /// A value is outside its field's allowed range.
    InputRange = "input::range",
    /// A list lists one item twice.
    InputDuplicateItem = "input::duplicate_item",
    /// One field is given twice in a record (under its id and its label, say).
    InputGivenTwice = "input::given_twice",
    /// A key of digits only without a value (a decimal comma, say).
    InputDigitKey = "input::digit_key",
    /// An entry of a JSON or YAML input is not a mapping of fields to values.
    InputNotARecord = "input::not_a_record",
    /// A record cannot be read (a JSON Lines line that is not JSON, say).
    InputUnreadableRecord = "input::unreadable_record",
    /// A record fails one of the programme's input checks.
    InputCheck = "input::check",
    /// Two records of one batch have the same id.
    InputDuplicateId = "input::duplicate_id",
    /// Two records give the same value of a `unique` field.
    InputUnique = "input::unique",

    // Output files of the command line.
    /// `--format` contradicts `--output`'s extension, or the extension names no format.
    OutputFormat = "output::format",
    /// An output file will not be written (it exists without `--force`, or is an input).
    OutputRefused = "output::refused",

    // `verify`: results checked against the policy.
    /// A file given to `verify` is not results of `evaluate --format json`.
    VerifyNotResults = "verify::not_results",
    /// Results carry no `policy` object.
    VerifyNoPolicy = "verify::no_policy",
    /// Results name a year or programme their `policy` object contradicts.
    VerifyInconsistent = "verify::inconsistent",
    /// The policy has changed since the results were computed.
    VerifyPolicyChanged = "verify::policy_changed",

    // The library's own problems.
    /// The year has no programme of the id asked for.
    ApiUnknownProgramme = "api::unknown_programme",
    /// The input has no record of the id asked for (`explain --id`).
    ApiUnknownRecord = "api::unknown_record",

    // The service (`serve`).
    /// A non-loopback address without a token (or `--no-auth`).
    ServeExposed = "serve::exposed",
    /// The token file cannot be read or holds no token.
    ServeToken = "serve::token",
    /// The address cannot be listened on (in use, not this machine's, not allowed).
    ServeBind = "serve::bind",
    /// The service's runtime cannot be started (the system refuses threads).
    ServeRuntime = "serve::runtime",

    // Application templates.
    /// An application workbook template cannot be written.
    TemplateWrite = "template::write",

    // Results workbooks.
    /// The results workbook cannot be written.
    ReportXlsx = "report::xlsx",
}

impl Code {
    /// The catalogue key of the code's words: `policy::round` → `policy-round`.
    pub fn key(self) -> String {
        crate::i18n::code_key(self.as_str())
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Written as its string, as JSON output has always carried it.
impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}
