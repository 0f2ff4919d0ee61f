//! The cloud award's decisions written out by hand with rust_decimal: the floor the
//! interpreter is measured against (`benches/engine.rs`, `examples/profile.rs`).
#![allow(dead_code)]

use fundpolicy::policy::Programme;
use fundpolicy::records::Record;
use fundpolicy::value::{Date, Value};
use rust_decimal::{Decimal, RoundingStrategy};

/// `n` rows of `tests/data/gen-cloud-award-300.csv` (from `examples/gen`), ids renumbered;
/// every 50th row also lists a management system outside the 附件3 catalogue, so the
/// `uncatalogued` flag is decided both ways.
pub fn sample_csv(n: usize) -> String {
    let text = std::fs::read_to_string("tests/data/gen-cloud-award-300.csv").expect("sample");
    let mut lines = text.lines();
    let header = lines.next().unwrap_or_default();
    let mgmt = header
        .split(',')
        .position(|c| c == "mgmt_systems_on_cloud")
        .expect("mgmt column");
    let rows: Vec<&str> = lines.collect();
    let mut out = String::with_capacity(n * 260);
    out.push_str(header);
    out.push('\n');
    for i in 0..n {
        let mut cells: Vec<String> = rows[i % rows.len()].split(',').map(String::from).collect();
        cells[0] = format!("B{i:07}");
        if i % 50 == 0 {
            let listed = &mut cells[mgmt];
            listed.push_str(if listed.is_empty() {
                "自建OA"
            } else {
                ";自建OA"
            });
        }
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out
}

/// The cloud-award inputs, as a hand-written program would hold them.
pub struct CloudApp {
    pub id: std::sync::Arc<str>,
    pub district: std::sync::Arc<str>,
    /// The basic conditions of 84号 二（一）1/2/3 (policies/2020/common.yaml).
    pub basic: [bool; 3],
    pub sme: bool,
    pub revenue: Decimal,
    pub investment: Decimal,
    pub contract: Date,
    pub industrial: bool,
    pub registered: bool,
    pub cores: Decimal,
    pub price_core: Decimal,
    pub storage: Decimal,
    pub price_tb: Decimal,
    pub spend: [Decimal; 5],
    pub mgmt: (Decimal, Decimal),
    pub biz: (Decimal, Decimal),
    /// The systems on the cloud as listed (catalogue ids, or text as written).
    pub mgmt_items: Vec<std::sync::Arc<str>>,
    pub biz_items: Vec<std::sync::Arc<str>>,
    pub core: (Decimal, Decimal),
    pub before: [Decimal; 3],
    pub after: [Decimal; 3],
    pub efficiency: Decimal,
    pub yield_gain: Decimal,
    pub months: Decimal,
}

pub fn to_app(p: &Programme, r: &Record) -> CloudApp {
    let v = |name: &str| {
        p.field_slot(name)
            .map(|i| r.values[i].clone())
            .unwrap_or(Value::Null)
    };
    let d = |name: &str| v(name).as_decimal().unwrap_or_default();
    let count = |name: &str| match v(name) {
        Value::List(items) => Decimal::from(items.len()),
        _ => Decimal::ZERO,
    };
    let items = |name: &str| match v(name) {
        Value::List(items) => items
            .iter()
            .filter_map(|i| match i {
                Value::Text(t) => Some(t.clone()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    CloudApp {
        id: r.id.clone(),
        district: match v("district") {
            Value::Text(t) => t,
            _ => "".into(),
        },
        basic: [
            v("registered_in_chongqing") == Value::Bool(true)
                && v("independent_legal_person") == Value::Bool(true),
            v("credit_blacklisted") == Value::Bool(false),
            v("other_fiscal_support") == Value::Bool(false),
        ],
        sme: matches!(v("company_size"), Value::Text(t) if &*t != "large"),
        revenue: d("revenue_2019"),
        investment: d("cloud_investment"),
        contract: match v("cloud_contract_date") {
            Value::Date(x) => x,
            _ => Date(0),
        },
        industrial: v("is_industrial") == Value::Bool(true),
        registered: v("smart_mfg_registered") == Value::Bool(true),
        cores: d("cpu_cores"),
        price_core: d("price_per_core"),
        storage: d("storage_tb"),
        price_tb: d("price_per_tb"),
        spend: [
            "spend_network",
            "spend_security",
            "spend_database",
            "spend_mgmt_systems",
            "spend_biz_systems",
        ]
        .map(d),
        mgmt_items: items("mgmt_systems_on_cloud"),
        biz_items: items("biz_systems_on_cloud"),
        mgmt: (count("mgmt_systems_on_cloud"), d("mgmt_systems_total")),
        biz: (count("biz_systems_on_cloud"), d("biz_systems_total")),
        core: (d("core_systems_on_cloud"), d("core_systems_total")),
        before: ["cost_infra_before", "cost_mgmt_before", "cost_biz_before"].map(d),
        after: ["cost_infra_after", "cost_mgmt_after", "cost_biz_after"].map(d),
        efficiency: d("efficiency_gain"),
        yield_gain: d("yield_gain"),
        months: d("cloud_months"),
    }
}

/// The eight capped score items of 附件2 评分标准, written out by hand.
pub fn score_items(a: &CloudApp) -> [Decimal; 8] {
    let wan = Decimal::from(10_000);
    let usage_money =
        a.cores * a.price_core + a.storage * a.price_tb + a.spend.iter().sum::<Decimal>();
    let l = usage_money / (Decimal::from(400) * wan);
    let ratio = |(on, total): (Decimal, Decimal), points: i64| {
        if total.is_zero() {
            Decimal::ZERO
        } else {
            on / total * Decimal::from(points)
        }
    };
    let before: Decimal = a.before.iter().sum();
    let after: Decimal = a.after.iter().sum();
    let cost = if before.is_zero() {
        Decimal::ZERO
    } else {
        ((before - after) / before * Decimal::from(10)).max(Decimal::ZERO)
    };
    [
        (l * Decimal::from(25)).min(Decimal::from(25)),
        (a.months / Decimal::from(12) * Decimal::from(5)).min(Decimal::from(5)),
        ratio(a.mgmt, 15).min(Decimal::from(15)),
        ratio(a.biz, 15).min(Decimal::from(15)),
        ratio(a.core, 20).min(Decimal::from(20)),
        cost.min(Decimal::from(10)),
        (a.efficiency * Decimal::from(5)).min(Decimal::from(5)),
        (a.yield_gain * Decimal::from(5)).min(Decimal::from(5)),
    ]
}

/// Eligibility and the 100-point score, written out by hand (附件2 评分标准).
pub fn baseline(a: &CloudApp, from: Date, to: Date) -> (bool, Decimal) {
    let eligible = a.basic.iter().all(|b| *b)
        && a.sme
        && a.revenue <= Decimal::from(300_000_000)
        && a.investment >= Decimal::from(100_000)
        && a.contract >= from
        && a.contract <= to
        && (!a.industrial || a.registered);
    let items = score_items(a);
    let total: Decimal = items.iter().sum();
    (
        eligible,
        total.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero),
    )
}

/// What the engine decides for a record, kept as a hand-written program would keep it.
pub struct Decided {
    pub id: std::sync::Arc<str>,
    pub valid: bool,
    /// One bit per failed rule.
    pub failed: u8,
    pub score: Decimal,
    pub items: [Decimal; 8],
    pub investment: Decimal,
    pub in_quota: bool,
    pub demote: bool,
    /// A system outside the 附件3 catalogue was listed (flag `uncatalogued`).
    pub uncatalogued: bool,
}

/// The management systems of the 附件3 catalogue (policies/2020/cloud-award.yaml).
fn catalogued_mgmt(id: &str) -> bool {
    matches!(
        id,
        "绩效管理"
            | "培训管理"
            | "薪酬管理"
            | "费用管理"
            | "税务管理"
            | "报销管理"
            | "云办公"
            | "云桌面"
            | "云安保"
            | "IT开发"
            | "IT测试"
            | "IT运维"
            | "其它"
    )
}

/// The business systems of the 附件3 catalogue.
fn catalogued_biz(id: &str) -> bool {
    matches!(
        id,
        "计算机辅助设计"
            | "产品研发"
            | "产品数据管理系统"
            | "产品生命周期管理系统"
            | "MES制造执行系统"
            | "APS企业排程排产系统"
            | "SCADA数据采集与监视控制系统"
            | "采购管理"
            | "仓储管理"
            | "物流管理"
            | "销售管理"
            | "电商平台"
            | "客户服务管理"
            | "客户资源管理"
            | "设备健康管理"
            | "设备远程运维"
            | "资产管理优化"
            | "产业链资源协同"
            | "金融服务"
            | "大数据分析平台"
            | "人工智能服务"
            | "其它"
    )
}

/// The engine's whole decision for a cloud-award record, written out by hand: the three
/// checks, every rule (not only up to the first that fails), the score, and for an eligible
/// record the quota region, the demotion condition and the ranking keys; the flag for
/// systems outside the catalogue. Not the issue's
/// baseline (`baseline` is): the floor for an interpreter that makes the same decisions.
pub fn baseline_decisions(a: &CloudApp, from: Date, to: Date) -> Decided {
    let mut d = Decided {
        id: a.id.clone(),
        valid: a.mgmt.0 <= a.mgmt.1 && a.biz.0 <= a.biz.1 && a.core.0 <= a.core.1,
        failed: 0,
        score: Decimal::ZERO,
        items: [Decimal::ZERO; 8],
        investment: a.investment,
        in_quota: false,
        demote: false,
        uncatalogued: false,
    };
    if !d.valid {
        return d;
    }
    let rules = [
        a.basic[0],
        a.basic[1],
        a.basic[2],
        a.sme,
        a.revenue <= Decimal::from(300_000_000),
        a.investment >= Decimal::from(100_000),
        a.contract >= from && a.contract <= to,
        !a.industrial || a.registered,
    ];
    for (bit, passed) in rules.into_iter().enumerate() {
        if !passed {
            d.failed |= 1 << bit;
        }
    }
    d.uncatalogued = a.mgmt_items.iter().any(|i| !catalogued_mgmt(i))
        || a.biz_items.iter().any(|i| !catalogued_biz(i));
    d.items = score_items(a);
    let total: Decimal = d.items.iter().sum();
    d.score = total.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    if d.failed == 0 {
        // 渝东北 and 渝东南 (policies/2020/common.yaml, table `regions`).
        d.in_quota = matches!(
            &*a.district,
            "万州"
                | "开州"
                | "梁平"
                | "城口"
                | "丰都"
                | "垫江"
                | "忠县"
                | "云阳"
                | "奉节"
                | "巫山"
                | "巫溪"
                | "黔江"
                | "武隆"
                | "石柱"
                | "秀山"
                | "酉阳"
                | "彭水"
        );
        d.demote = a.investment < Decimal::from(200_000);
    }
    d
}
