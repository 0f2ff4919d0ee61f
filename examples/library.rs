//! Calling fundpolicy from Rust: load a year, evaluate a batch, explain one record.
//!
//! `cargo run --example library [policies-folder]` (the built-in policies without one).
#![allow(clippy::print_stderr)] // a tool for people at a terminal

use fundpolicy::Lang;
use fundpolicy::api::{self, EvaluateOptions, Input, InputFormat, Policies, Problems};

/// Every problem as the command line prints it.
fn show(problems: &Problems) -> String {
    problems.iter().map(|r| r.render_plain()).collect()
}

fn main() -> Result<(), String> {
    let policies = match std::env::args().nth(1) {
        Some(folder) => Policies::folder(folder).map_err(|p| show(&p))?,
        None => Policies::builtin(),
    };
    for info in policies.years() {
        println!(
            "{} {} [{}]",
            info.year,
            info.title.get(Lang::En),
            info.status
        );
    }
    let year = policies.load(2020).map_err(|p| show(&p))?;
    let programme = "software-integration";

    // Two applications as bytes, as a web form or an upload would give them; a file would be
    // `Input::path("apps.csv")`.
    let csv = "id,name,registered_in_chongqing,independent_legal_person,credit_blacklisted,\
               company_size,is_industrial,revenue_2019,applicant_type,in_key_software_catalog,\
               software_revenue_2019,rd_expense_2019,project_rd_2019,audit_report,\
               reported_to_monitoring_platform,other_fiscal_support\n\
               A01,渝软科技,true,true,false,medium,false,8000,growth,true,5200,900,760,true,true,false\n\
               A02,外地分公司,false,false,false,medium,false,5000,growth,true,3000,700,400,true,false,false\n";
    let inputs = [Input::bytes("applications.csv", InputFormat::Csv, csv)];
    let options = EvaluateOptions {
        lang: Lang::En,
        ..EvaluateOptions::default()
    };
    let evaluation = api::evaluate(&year, programme, &inputs, &options).map_err(|p| show(&p))?;
    for w in evaluation.warnings() {
        eprintln!("{w}");
    }
    print!("{}", evaluation.to_table(Lang::En));

    // Why the second one is not eligible.
    if let Some(explanation) = api::explain(&evaluation, "A02", Lang::En) {
        print!("{}", explanation.to_text());
    }
    // The same as data, for a program to read.
    let json = evaluation.to_json(Lang::En);
    println!("summary: {}", json["summary"]);
    Ok(())
}
