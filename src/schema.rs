//! JSON Schemas of the policy files, generated from the file format itself
//! (`policy::model`, with `schemars`), so an editor (VS Code's YAML extension and others
//! reading `# yaml-language-server: $schema=…`) completes keys and flags wrong ones while
//! staff type. The checked-in copies in `policies/schema/` are compared with these by a test.
//!
//! Descriptions are in Chinese and English: `description` (what editors show) holds the
//! Chinese, a blank line, then the English; `x-description-zh` and `x-description-en` hold
//! each alone for tools that want one language.

use crate::policy::model::{Manifest, ProgrammeFile};
use serde_json::{Map, Value};

/// Which file a schema describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    /// `<year>/policy.yaml`, the year's manifest.
    Manifest,
    /// A programme file or a common file (the same keys).
    Programme,
}

impl Kind {
    /// The file name under `policies/schema/`.
    pub fn file_name(self) -> &'static str {
        match self {
            Kind::Manifest => "policy.json",
            Kind::Programme => "programme.json",
        }
    }
}

/// The schema of `kind` as JSON text (pretty, ending in a newline).
pub fn text(kind: Kind) -> String {
    let mut out = serde_json::to_string_pretty(&generate(kind)).unwrap_or_default();
    out.push('\n');
    out
}

/// The schema of `kind`.
pub fn generate(kind: Kind) -> Value {
    let generator = schemars::generate::SchemaSettings::draft07().into_generator();
    let (schema, zh, en) = match kind {
        Kind::Manifest => (
            generator.into_root_schema_for::<Manifest>(),
            "年度政策清单（<年度>/policy.yaml）：年度、标题、状态、公共文件和项目文件",
            "A policy year's manifest (<year>/policy.yaml): its year, title, status, common files and programme files",
        ),
        Kind::Programme => (
            generator.into_root_schema_for::<ProgrammeFile>(),
            "项目文件或公共文件：字段、条件、评分、资助金额和名额分配",
            "A programme file or a common file: fields, conditions, scores, award and allocation",
        ),
    };
    let mut value = schema.to_value();
    if let Value::Object(root) = &mut value {
        describe(root, zh, en);
        root.insert(
            "title".into(),
            Value::String(format!("fundpolicy {}", kind.file_name())),
        );
        if let Some(Value::Object(defs)) = root.get_mut("definitions") {
            for (name, def) in defs.iter_mut() {
                if let Some((zh, en)) = type_text(name)
                    && let Value::Object(def) = def
                {
                    describe(def, zh, en);
                }
            }
        }
    }
    localise(&mut value);
    value
}

/// Sets the two-language description of a schema object.
fn describe(schema: &mut Map<String, Value>, zh: &str, en: &str) {
    let both = format!("{zh}\n\n{en}");
    schema.insert("description".into(), Value::String(both.clone()));
    schema.insert("markdownDescription".into(), Value::String(both));
    schema.insert("x-description-zh".into(), Value::String(zh.into()));
    schema.insert("x-description-en".into(), Value::String(en.into()));
}

/// Gives every property a zh and en description: from the table of keys, else the English of
/// the model's doc comment (then the key has no Chinese yet, which a test refuses).
fn localise(value: &mut Value) {
    match value {
        Value::Object(map) => {
            // A text key takes any YAML scalar as its text (`cap: 25`, `aliases: [false]`):
            // so the schema accepts what loading accepts.
            if let Some(ty) = map.get_mut("type") {
                scalar_as_text(ty);
            }
            if let Some(Value::Object(props)) = map.get_mut("properties") {
                for (key, prop) in props.iter_mut() {
                    if let Value::Object(prop) = prop {
                        if let Some((zh, en)) = key_text(key) {
                            describe(prop, zh, en);
                        }
                        if let Some(words) = key_words(key) {
                            let mut allowed: Vec<Value> =
                                words.iter().map(|w| Value::String((*w).into())).collect();
                            if prop.get("type").is_some_and(|t| {
                                t.as_array().is_some_and(|t| t.iter().any(|t| t == "null"))
                            }) {
                                allowed.push(Value::Null);
                            }
                            prop.insert("enum".into(), Value::Array(allowed));
                        }
                    }
                }
            }
            for v in map.values_mut() {
                localise(v);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(localise),
        _ => {}
    }
}

/// `"string"` → `["string", "number", "boolean"]` (and the same inside a list of types).
fn scalar_as_text(ty: &mut Value) {
    let types: Vec<Value> = match ty {
        Value::String(t) if t == "string" => vec![Value::String(t.clone())],
        Value::Array(types) if types.iter().any(|t| t == "string") => types.clone(),
        _ => return,
    };
    let mut types = types;
    for extra in ["number", "boolean"] {
        if !types.iter().any(|t| t == extra) {
            types.push(Value::String(extra.into()));
        }
    }
    *ty = Value::Array(types);
}

/// The only words a key takes, where loading accepts a fixed list (an editor offers them).
/// `tests/schema.rs` loads a policy with each, so the list cannot drift from loading.
fn key_words(key: &str) -> Option<&'static [&'static str]> {
    Some(match key {
        "type" | "of" => &[
            "text",
            "number",
            "money",
            "percent",
            "bool",
            "date",
            "datetime",
            "enum",
            "credit_code",
            "list",
        ],
        "direction" => &["desc", "asc"],
        "rounding" => &["ceil", "floor"],
        _ => return None,
    })
}

/// What a kind of item is, by the model's type name.
fn type_text(name: &str) -> Option<(&'static str, &'static str)> {
    Some(match name {
        "Text" => (
            "中文（zh）和英文（en）两种写法，可只写一种",
            "Text in Chinese (zh) and English (en); either may be left out",
        ),
        "Field" => ("申报表里的一个字段", "A field of the application form"),
        "EnumValue" => ("枚举的一个取值", "One value of an enum"),
        "Check" => (
            "对申报数据的校验：不满足的申报记为无效",
            "A check of the application data: a record failing it is invalid",
        ),
        "Param" => ("参数：有名字的常量", "A parameter: a named constant"),
        "TableDef" => (
            "对照表：值 → 对应的键",
            "A lookup table: value → the keys that map to it",
        ),
        "Rule" => ("一项申报条件", "An eligibility condition"),
        "Computed" => (
            "计算项：有名字的中间结果",
            "A computed value: a named intermediate result",
        ),
        "Scores" => (
            "评分：各评分项、满分和小数位数",
            "Scoring: the items, the maximum and the rounding",
        ),
        "ScoreItem" => ("一个评分项", "One score item"),
        "Award" => (
            "资助金额：公式、上限和小数位数",
            "The award: its formula, cap and rounding",
        ),
        "Allocation" => (
            "名额分配：排序、总数、比例名额、档次和降档",
            "Allocation: ranking, number of awards, quota, tiers and demotion",
        ),
        "OrderKey" => ("排序键", "A sort key"),
        "Quota" => (
            "比例名额：至少多少比例的资助给某类申报",
            "A quota: the least share of the awards that goes to some records",
        ),
        "Tier" => ("一个档次", "One tier"),
        "Demotion" => (
            "降档：满足条件的获资助者降一档",
            "Demotion: an awardee meeting the condition moves down one tier",
        ),
        "Flag" => ("提示标记", "A flag"),
        "Document" => ("一项申报材料", "A document the application must include"),
        "SummaryGroup" => ("批量汇总的一种分组", "One breakdown of a batch summary"),
        _ => return None,
    })
}

/// What a key means, in zh and en.
fn key_text(key: &str) -> Option<(&'static str, &'static str)> {
    Some(match key {
        "year" => (
            "政策年度，与文件夹名相同（如 2020）",
            "The policy year, as the folder is named (such as 2020)",
        ),
        "title" => (
            "标题（zh 中文，en 英文）",
            "The title, in Chinese (zh) and English (en)",
        ),
        "source" => (
            "出处：这一项不是通知条款时，说明它来自哪里",
            "Where this comes from when it is not a clause of the notice",
        ),
        "status" => (
            "状态：draft（草稿）、published（已发布）或 superseded（已被取代）",
            "draft, published or superseded",
        ),
        "extends" => (
            "在哪一年的基础上修改：本年度只写改动",
            "The year this one starts from: this year states only what changes",
        ),
        "common" => (
            "公共文件（相对于年度文件夹），各项目最底层的共同内容",
            "Common files (relative to the year folder), the lowest layers of every programme",
        ),
        "programmes" => (
            "项目文件（相对于年度文件夹）",
            "Programme files, relative to the year folder",
        ),
        "remove_programmes" => (
            "本年度不再有的、从上一年继承来的项目",
            "Programmes inherited from the extended year that this year drops",
        ),
        "id" => (
            "编号：英文字母、数字和 `_`，在同一列表里唯一",
            "The id: ASCII letters, digits and `_`, unique in its list",
        ),
        "cite" => (
            "对应的通知条款，如 `二（一）3`",
            "The clause of the notice, such as `二（一）3`",
        ),
        "fields" => ("申报表字段", "The fields of the application form"),
        "checks" => (
            "数据校验：不满足的申报记为无效",
            "Checks of the data: a record failing one is invalid",
        ),
        "params" => (
            "参数：有名字的常量（金额、比例、日期）",
            "Parameters: named constants (amounts, shares, dates)",
        ),
        "tables" => (
            "对照表（如地区分组）",
            "Lookup tables (such as region groups)",
        ),
        "eligibility" => (
            "申报条件：全部满足才符合",
            "Eligibility conditions: all must hold",
        ),
        "computed" => (
            "计算项：有名字的中间结果",
            "Computed values: named intermediate results",
        ),
        "scores" => ("评分", "Scoring"),
        "award" => ("资助金额", "The award amount"),
        "allocation" => (
            "名额分配：排序、总数、比例名额、档次和降档",
            "Allocation: ranking, number of awards, quota, tiers and demotion",
        ),
        "flags" => (
            "提示标记：需要人工复核的情况",
            "Flags: cases a reviewer should look at",
        ),
        "documents" => (
            "需要提交的申报材料",
            "The documents an application must include",
        ),
        "summary_by" => (
            "批量汇总按什么分组（如按地区）",
            "How batch summaries break the results down (by region, say)",
        ),
        "remove" => ("删除继承来的项（写编号）", "Inherited items to drop, by id"),
        "type" => (
            "类型：text、number、money、percent、date、datetime、bool、enum、list、credit_code 等",
            "The type: text, number, money, percent, date, datetime, bool, enum, list, credit_code, …",
        ),
        "unit" => (
            "单位（金额：元、万元、亿元）",
            "The unit (money: 元, 万元, 亿元)",
        ),
        "label" => (
            "显示名称（zh 中文，en 英文）",
            "The name shown (zh Chinese, en English)",
        ),
        "help" => (
            "填写说明（zh 中文，en 英文）",
            "How to fill it in (zh Chinese, en English)",
        ),
        "required" => ("是否必填", "Whether a record must give it"),
        "values" => ("枚举的取值", "The values of an enum"),
        "of" => (
            "list 的元素类型（元素是简单值时）",
            "For `type: list`: the item type, when items are plain values",
        ),
        "min" => (
            "最小值（公式，如 `0`、`0元`、`0%`）",
            "The lowest allowed value, as a formula (`0`, `0元`, `0%`)",
        ),
        "max" => (
            "最大值（公式，如 `100%`）",
            "The highest allowed value, as a formula (`100%`)",
        ),
        "interpretation" => (
            "解释：对通知中含糊之处的理解",
            "How an unclear point of the notice is read",
        ),
        "unique" => (
            "同一批次中这个值只能由一条申报给出（如一家企业只能申报一次）",
            "Within a batch, a value may be given by one record only",
        ),
        "open" => (
            "枚举列表不完整：列表外的值照写接受，并打上 `flag` 标记",
            "The enum's list is partial: a value outside it is accepted as written and raises `flag`",
        ),
        "flag" => (
            "标记的编号（在 `flags` 中声明）",
            "The id of a flag declared under `flags`",
        ),
        "zh" => ("中文", "Chinese"),
        "en" => ("英文", "English"),
        "aliases" => (
            "别名：申报表里也接受的其他写法",
            "Other spellings accepted in applications",
        ),
        "when" => (
            "条件（公式），如 `revenue_2019 <= 3亿元`",
            "A condition (a formula), such as `revenue_2019 <= 3亿元`",
        ),
        "field" => (
            "出错时报告在哪个字段",
            "The field the error is reported against",
        ),
        "message" => (
            "提示信息（zh 中文，en 英文）",
            "The message (zh Chinese, en English)",
        ),
        "value" => (
            "值：常量公式，如 `3亿元`、`50%`、`2020-06-30`",
            "The value: a constant formula (`3亿元`, `50%`, `2020-06-30`)",
        ),
        "groups" => (
            "分组：值 → 对应的键（如 `north: [a, b]`）",
            "Groups: value → the keys that map to it (`north: [a, b]`)",
        ),
        "formula" => ("公式", "The formula"),
        "items" => ("评分项", "The score items"),
        "round" => (
            "保留几位小数（四舍五入）",
            "Decimal places kept (rounded half up)",
        ),
        "max_score" => ("满分", "The maximum score"),
        "cap" => ("上限（公式）", "The most it may be (a formula)"),
        "order" => (
            "排序键：先按第一个排，相同再按下一个",
            "Sort keys: the first decides, ties go to the next",
        ),
        "awards" => (
            "最多资助多少个（常量公式）",
            "How many awards at most (a constant formula)",
        ),
        "quota" => ("比例名额", "A quota"),
        "tiers" => ("档次", "The tiers"),
        "demotion" => ("降档", "Demotion"),
        "by" => ("按什么排序（公式）", "What to sort by (a formula)"),
        "direction" => (
            "desc（从高到低）或 asc（从低到高）",
            "desc (highest first) or asc (lowest first)",
        ),
        "counts" => (
            "哪些申报计入名额（条件公式）",
            "Which records count towards the quota (a condition)",
        ),
        "share" => (
            "最低占比（常量公式，如 `1 / 3`）",
            "The least share of the awards (a constant formula, such as `1 / 3`)",
        ),
        "rounding" => (
            "比例乘以总数后取整：ceil（向上）或 floor（向下）",
            "How share × awards is rounded: ceil or floor",
        ),
        "size" => (
            "本档名额；最后一档可不写（其余全部）",
            "How many this tier takes; the last tier may leave it out (the rest)",
        ),
        "amount" => ("本档金额（公式）", "This tier's amount (a formula)"),
        _ => return None,
    })
}

/// Every property name in `value` that has no zh description (for the test that keeps the
/// table complete).
pub fn keys_without_chinese(value: &Value) -> Vec<String> {
    let mut out = Vec::new();
    walk(value, &mut out);
    out.sort();
    out.dedup();
    out
}

fn walk(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::Object(props)) = map.get("properties") {
                for (key, prop) in props {
                    if prop.get("x-description-zh").is_none() {
                        out.push(key.clone());
                    }
                }
            }
            map.values().for_each(|v| walk(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
        _ => {}
    }
}
