//! Realistic synthetic application batches as CSV, deterministic for a seed.
//!
//! ```sh
//! cargo run --release --example gen -- --programme cloud-award -n 1000000 > apps.csv
//! cargo run --release --example gen -- --programme loan-interest -n 1000 --seed 7 > loans.csv
//! ```
//!
//! The distributions are made up to look like the 2020 applicant population (most applicants
//! small, a minority from 渝东北/渝东南, a tail failing each eligibility rule); they are test
//! data, not statistics.
#![allow(clippy::print_stderr)] // a tool for people at a terminal

use std::fmt::Write as _;
use std::io::Write as _;

/// xorshift64*: small, fast, and the same sequence on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// Uniform in lo..=hi.
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.range(1, 100) <= percent
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.range(0, items.len() as u64 - 1) as usize]
    }
    /// A decimal with two places, lo..hi.
    fn money(&mut self, lo: u64, hi: u64) -> String {
        let cents = self.range(lo * 100, hi * 100);
        format!("{}.{:02}", cents / 100, cents % 100)
    }
    fn date(&mut self, year: u64) -> String {
        format!("{year}-{:02}-{:02}", self.range(1, 12), self.range(1, 28))
    }
}

const FAR: &[&str] = &[
    "万州", "开州", "梁平", "城口", "丰都", "垫江", "忠县", "云阳", "奉节", "巫山", "巫溪", "黔江",
    "武隆", "石柱", "秀山", "酉阳", "彭水",
];
const NEAR: &[&str] = &[
    "渝中",
    "大渡口",
    "江北",
    "沙坪坝",
    "九龙坡",
    "南岸",
    "北碚",
    "渝北",
    "巴南",
    "涪陵",
    "长寿",
    "江津",
    "合川",
    "永川",
    "南川",
    "綦江",
    "大足",
    "璧山",
    "铜梁",
    "潼南",
    "荣昌",
    "两江新区",
    "重庆高新区",
    "万盛经开区",
];
const MGMT: &[&str] = &[
    "绩效管理",
    "培训管理",
    "薪酬管理",
    "费用管理",
    "税务管理",
    "报销管理",
    "云办公",
    "云桌面",
    "云安保",
    "IT开发",
    "IT测试",
    "IT运维",
];
const BIZ: &[&str] = &[
    "计算机辅助设计",
    "产品研发",
    "MES制造执行系统",
    "采购管理",
    "仓储管理",
    "物流管理",
    "销售管理",
    "电商平台",
    "客户服务管理",
    "设备健康管理",
    "大数据分析平台",
];

fn common(rng: &mut Rng, row: &mut Vec<String>, id: String) {
    let district = if rng.chance(22) {
        rng.pick(FAR)
    } else {
        rng.pick(NEAR)
    };
    let size = if rng.chance(3) {
        "large"
    } else {
        rng.pick(&["medium", "small", "small", "micro"])
    };
    let revenue_cap = if rng.chance(2) { 60_000 } else { 29_000 };
    row.extend([
        id,
        district.to_string(),
        (!rng.chance(1)).to_string(),
        (!rng.chance(1)).to_string(),
        size.to_string(),
        rng.chance(70).to_string(),
        rng.money(200, revenue_cap),
        // The basic condition 84号 二（一）2, always met: written without drawing from the
        // generator, so every other column stays as it was.
        "false".to_string(),
    ]);
}

const COMMON: &str = "id,district,registered_in_chongqing,independent_legal_person,company_size,is_industrial,revenue_2019,credit_blacklisted";

fn some_of(rng: &mut Rng, items: &[&str], total: u64) -> String {
    let n = rng.range(0, total.min(items.len() as u64));
    let mut chosen: Vec<&str> = Vec::new();
    while (chosen.len() as u64) < n {
        let item = rng.pick(items);
        if !chosen.contains(&item) {
            chosen.push(item);
        }
    }
    chosen.join(";")
}

fn cloud_award(rng: &mut Rng, n: usize, out: &mut impl std::io::Write) -> std::io::Result<()> {
    writeln!(
        out,
        "{COMMON},cloud_investment,cloud_contract_date,smart_mfg_registered,cloud_months,cpu_cores,price_per_core,storage_tb,price_per_tb,spend_network,spend_security,spend_database,spend_mgmt_systems,spend_biz_systems,mgmt_systems_on_cloud,mgmt_systems_total,biz_systems_on_cloud,biz_systems_total,core_systems_on_cloud,core_systems_total,cost_infra_before,cost_infra_after,cost_mgmt_before,cost_mgmt_after,cost_biz_before,cost_biz_after,efficiency_gain,yield_gain,other_fiscal_support"
    )?;
    let mut line = String::new();
    for i in 1..=n {
        let mut row = Vec::with_capacity(37);
        common(rng, &mut row, format!("C{i:07}"));
        let mgmt_total = rng.range(0, 12);
        let biz_total = rng.range(0, 11);
        let core_total = rng.range(0, 6);
        let contract = if rng.chance(3) {
            rng.date(2018)
        } else if rng.chance(60) {
            rng.date(2019)
        } else {
            format!("2020-{:02}-{:02}", rng.range(1, 6), rng.range(1, 28))
        };
        row.extend([
            if rng.chance(5) {
                rng.money(3, 9)
            } else {
                rng.money(10, 400)
            },
            contract,
            (!rng.chance(4)).to_string(),
            rng.range(1, 36).to_string(),
            rng.range(2, 600).to_string(),
            rng.pick(&["600", "800", "1200", "1500"]).to_string(),
            rng.range(1, 200).to_string(),
            rng.pick(&["1500", "2400", "3000"]).to_string(),
            rng.money(0, 40),
            rng.money(0, 30),
            rng.money(0, 30),
            rng.money(0, 60),
            rng.money(0, 120),
            some_of(rng, MGMT, mgmt_total),
            mgmt_total.to_string(),
            some_of(rng, BIZ, biz_total),
            biz_total.to_string(),
            rng.range(0, core_total).to_string(),
            core_total.to_string(),
            rng.money(10, 300),
            rng.money(5, 250),
            rng.money(5, 120),
            rng.money(2, 100),
            rng.money(5, 200),
            rng.money(2, 180),
            format!("{}.{}", rng.range(0, 60), rng.range(0, 9)),
            format!("{}.{}", rng.range(0, 30), rng.range(0, 9)),
            "false".to_string(),
        ]);
        line.clear();
        for (k, cell) in row.iter().enumerate() {
            if k > 0 {
                line.push(',');
            }
            line.push_str(cell);
        }
        line.push('\n');
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}

fn software_integration(
    rng: &mut Rng,
    n: usize,
    out: &mut impl std::io::Write,
) -> std::io::Result<()> {
    writeln!(
        out,
        "{COMMON},applicant_type,in_key_software_catalog,platform_services,software_revenue_2019,rd_expense_2019,project_rd_2019,platform_investment_2019,platform_completed,platform_serving,audit_report,reported_to_monitoring_platform,other_fiscal_support"
    )?;
    for i in 1..=n {
        let mut row = Vec::new();
        common(rng, &mut row, format!("S{i:07}"));
        let platform = rng.chance(15);
        row.extend([
            if platform {
                "platform".into()
            } else {
                rng.pick(&["growth", "innovative"]).to_string()
            },
            rng.chance(85).to_string(),
            if platform {
                "software_testing;software_development".into()
            } else {
                String::new()
            },
            rng.money(300, 20_000),
            rng.money(100, 3_000),
            rng.money(50, 2_000),
            if platform {
                rng.money(500, 5_000)
            } else {
                String::new()
            },
            (!rng.chance(10)).to_string(),
            (!rng.chance(10)).to_string(),
            (!rng.chance(5)).to_string(),
            rng.chance(40).to_string(),
            rng.chance(5).to_string(),
        ]);
        writeln!(out, "{}", row.join(","))?;
    }
    Ok(())
}

fn loan_interest(rng: &mut Rng, n: usize, out: &mut impl std::io::Write) -> std::io::Result<()> {
    writeln!(
        out,
        "{COMMON},industry_sector,restricted_industry,revenue_h1_2019,revenue_h1_2020,credit_ok,submitted_on,other_fiscal_support,operating_normally,kept_staff,loans.bank,loans.principal,loans.rate,loans.start,loans.end,loans.interest_paid"
    )?;
    for i in 1..=n {
        let mut first = Vec::new();
        common(rng, &mut first, format!("L{i:07}"));
        let before = rng.range(200, 20_000);
        let drop = rng.range(20, 90);
        first.extend([
            if rng.chance(85) {
                "manufacturing".into()
            } else {
                rng.pick(&["wholesale_retail", "construction", "information"])
                    .to_string()
            },
            rng.chance(3).to_string(),
            before.to_string(),
            (before * (100 - drop) / 100).to_string(),
            (!rng.chance(3)).to_string(),
            format!("2020-07-{:02}", rng.range(1, 12)),
            "false".to_string(),
            "true".to_string(),
            "true".to_string(),
        ]);
        let loans = rng.range(1, 3);
        for k in 0..loans {
            let principal = rng.range(10, 2_000) * 10_000;
            let mut row = if k == 0 {
                first.clone()
            } else {
                let mut r = vec![String::new(); first.len()];
                r[0] = first[0].clone();
                r
            };
            let interest = principal * rng.range(10, 25) / 1000;
            let mut cells = String::new();
            let _ = write!(
                cells,
                "{},{principal},4.35%,{},{},{interest}",
                rng.pick(&["重庆银行", "三峡银行", "农商行", "工商银行"]),
                rng.date(2019),
                rng.date(2021)
            );
            row.push(cells);
            writeln!(out, "{}", row.join(","))?;
        }
    }
    Ok(())
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let programme = value("--programme").unwrap_or_else(|| "cloud-award".into());
    let n: usize = value("-n").and_then(|v| v.parse().ok()).unwrap_or(1000);
    let seed: u64 = value("--seed").and_then(|v| v.parse().ok()).unwrap_or(2020);
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 20, stdout.lock());
    let result = match programme.as_str() {
        "cloud-award" => cloud_award(&mut rng, n, &mut out),
        "software-integration" => software_integration(&mut rng, n, &mut out),
        "loan-interest" => loan_interest(&mut rng, n, &mut out),
        other => {
            eprintln!(
                "unknown programme {other}: cloud-award, software-integration or loan-interest"
            );
            std::process::exit(2);
        }
    };
    if let Err(e) = result.and_then(|_| out.flush()) {
        eprintln!("gen: {e}");
        std::process::exit(1);
    }
}
