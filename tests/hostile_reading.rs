#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Hostile and careless input on the reading side: long lines, odd numbers, fields given
//! twice, standard input, ragged rows, zip bombs, endless streams. Each case asserts the
//! exit code, the message and that nothing but the output was written.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

/// The command, its messages in English: these tests check the reading side's English
/// wording; `tests/input_language.rs` renders the same cases in Chinese.
fn fundpolicy() -> Command {
    let mut cmd = Command::cargo_bin("fundpolicy").unwrap();
    cmd.args(["--lang", "en"]);
    cmd
}

fn stderr_of(out: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&out.get_output().stderr).to_string()
}

/// Text without whitespace and miette's gutter: messages compared whatever their wrapping.
fn squeezed(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '│')
        .collect()
}

fn json_of(out: &assert_cmd::assert::Assert) -> serde_json::Value {
    serde_json::from_slice(&out.get_output().stdout).unwrap()
}

/// Every file under `dir` with its bytes: to show a run wrote nothing.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap_or_default();
            (p, bytes)
        })
        .collect();
    files.sort();
    files
}

/// Evaluates `bytes` written to a file `name` (loan-interest 2020, JSON out), checking the
/// folder holds nothing new afterwards.
fn evaluate(name: &str, bytes: &[u8], extra: &[&str]) -> assert_cmd::assert::Assert {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    let before = snapshot(dir.path());
    let out = fundpolicy()
        .args(["evaluate", "--year", "2020", "--programme", "loan-interest"])
        .args(["--format", "json"])
        .args(extra)
        .arg(&path)
        .timeout(std::time::Duration::from_secs(60))
        .assert();
    assert_eq!(snapshot(dir.path()), before, "the run wrote nothing");
    out
}

/// The errors of each result, as `id: field: place: message` lines; the place is the
/// error's `location` (`line 2`, `申报表!B2`) without the file (a temporary folder).
fn errors(doc: &serde_json::Value) -> Vec<String> {
    let mut lines = Vec::new();
    for r in doc["results"].as_array().unwrap() {
        for e in r["errors"].as_array().unwrap() {
            let l = &e["location"];
            let place = match (l["line"].as_u64(), l["sheet"].as_str(), l["cell"].as_str()) {
                (Some(line), _, _) => format!("line {line}: "),
                (_, Some(sheet), Some(cell)) => format!("{sheet}!{cell}: "),
                _ => String::new(),
            };
            lines.push(format!(
                "{}: {}: {place}{}",
                r["id"].as_str().unwrap_or(""),
                e["field"].as_str().unwrap_or(""),
                e["message"].as_str().unwrap_or("")
            ));
        }
    }
    lines
}

#[test]
fn a_diagnostic_past_column_65535_is_shown_as_a_window_not_a_panic() {
    let formula = format!("{}zz", " ".repeat(70_000));
    let out = fundpolicy().args(["calc", &formula]).assert().code(1);
    let err = stderr_of(&out);
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.contains("unknown name `zz`"), "{err}");
    // The place is the real one; the line shown is a window of it.
    assert!(err.contains("[formula:1:70001]"), "{err}");
    assert!(err.lines().all(|l| l.chars().count() < 300), "{err}");
}

#[test]
fn a_yaml_application_with_a_66000_character_value_does_not_panic() {
    let line = format!(
        "- {{id: A, company_size: {}, revenue_2019: [1, }}\n",
        "x".repeat(66_000)
    );
    let out = evaluate("long.yaml", line.as_bytes(), &[]).code(1);
    let err = stderr_of(&out);
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.contains("long.yaml:1:66"), "{err}");
    assert!(err.lines().all(|l| l.chars().count() < 300), "{err}");
    // Read, the value is echoed shortened in the record's error.
    let line = format!("- {{id: A, company_size: {}}}\n", "x".repeat(66_000));
    let doc = json_of(&evaluate("long.yaml", line.as_bytes(), &["--lang", "en"]).success());
    let errors = errors(&doc);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].contains(&format!(
            "`{}… (66000 characters)` is not an allowed value",
            "x".repeat(60)
        )),
        "{}",
        &errors[0][..errors[0].len().min(300)]
    );
}

#[test]
fn a_one_megabyte_formula_in_a_policy_does_not_panic() {
    let dir = tempfile::tempdir().unwrap();
    let year = dir.path().join("2020");
    std::fs::create_dir(&year).unwrap();
    std::fs::write(
        year.join("policy.yaml"),
        "year: 2020\ntitle: {zh: 测试}\nstatus: draft\nprogrammes: [p.yaml]\n",
    )
    .unwrap();
    let formula = format!("max({}nope)", "1, ".repeat(333_000));
    std::fs::write(
        year.join("p.yaml"),
        format!(
            "id: p\ntitle: {{zh: 测试}}\nfields:\n  - {{id: id, type: text}}\n  - {{id: x, type: number}}\n\
             eligibility:\n  - id: big\n    when: '{formula} > 0'\n    cite: x\n    message: {{zh: x}}\n"
        ),
    )
    .unwrap();
    let out = fundpolicy()
        .arg("--policies")
        .arg(dir.path())
        .arg("check")
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .code(1);
    let err = stderr_of(&out);
    assert!(!err.contains("panicked"), "{}", &err[..err.len().min(2000)]);
    assert!(
        err.contains("unknown name `nope`"),
        "{}",
        &err[..err.len().min(2000)]
    );
    assert!(
        err.contains("p.yaml:8:999016]"),
        "{}",
        &err[..err.len().min(2000)]
    );
    assert!(err.len() < 20_000, "the formula is not echoed whole");
}

#[test]
fn numbers_are_read_as_written_or_refused_saying_why() {
    let csv = "id,revenue_2019\nA,\"1,5\"\nB,\"0,5\"\nC,\"1,000.5\"\nD,1.00000000000000000000000000001\n\
               E,1e30\nF,0.00000000000000000000000000001\nG,\"1,0000\"\n";
    let doc = json_of(&evaluate("n.csv", csv.as_bytes(), &[]).success());
    let errors: Vec<String> = errors(&doc)
        .into_iter()
        .filter(|e| e.contains("revenue_2019"))
        .collect();
    let comma = "is not a number: a comma only separates thousands (1,000.5); write the decimal point as `.` (1.5, not 1,5)";
    assert_eq!(
        errors,
        [
            format!("A: revenue_2019: line 2: `1,5` {comma}"),
            format!("B: revenue_2019: line 3: `0,5` {comma}"),
            "D: revenue_2019: line 5: `1.00000000000000000000000000001` has more than 28 significant digits and would be rounded; write at most 28".to_string(),
            "E: revenue_2019: line 6: `1e30` is too large: a number is at most 79228162514264337593543950335".to_string(),
            "F: revenue_2019: line 7: `0.00000000000000000000000000001` is too small to keep exactly: a number has at most 28 decimal places".to_string(),
            format!("G: revenue_2019: line 8: `1,0000` {comma}"),
        ]
    );
}

/// A number in scientific notation is what Excel shows (and saves in a CSV) when a column is
/// too narrow or a number too long, with digits dropped: refused at its line, never read as
/// the shorter number. A value too large is still called that; text fields and JSON numbers
/// are not touched.
#[test]
fn a_number_in_scientific_notation_is_refused_not_read_short() {
    let csv = "id,name,revenue_2019,2019年1-6月主营业务收入（元）\n\
               A,E公司,1.23457E+11,\nB,甲,1e30,\nC,乙,12345678,2.5E+3\nD,1E5,100,\n";
    let doc = json_of(&evaluate("e.csv", csv.as_bytes(), &[]).success());
    let said: Vec<String> = errors(&doc)
        .into_iter()
        .filter(|e| e.contains("scientific") || e.contains("too large"))
        .collect();
    let why = "is in scientific notation: Excel shows a number this way when its column is too narrow or the number too long, and a CSV saved (or the text copied) from it loses the digits, so it is not taken as";
    let fix = "Write the whole number (in Excel, format the column as Number, or widen it, and save again)";
    assert_eq!(
        said,
        [
            format!("A: revenue_2019: line 2: `1.23457E+11` {why} 123457000000. {fix}"),
            "B: revenue_2019: line 3: `1e30` is too large: a number is at most 79228162514264337593543950335".to_string(),
            format!("C: revenue_h1_2019: line 4: `2.5E+3元` {why} 2500元. {fix}"),
        ]
    );
    let results = doc["results"].as_array().unwrap();
    let codes = |i: usize| -> Vec<&str> {
        results[i]["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["code"].as_str().unwrap())
            .collect()
    };
    assert!(codes(0).contains(&"input::scientific"), "{:?}", codes(0));
    assert!(!codes(3).contains(&"input::scientific"), "{:?}", codes(3));
    // A JSON number may use an exponent (programs write them, not Excel): read in full. The
    // same text in a JSON string or a YAML value is the display text and refused.
    let doc = json_of(
        &evaluate(
            "e.json",
            br#"[{"id": "J", "revenue_2019": 1.5e3}, {"id": "K", "revenue_2019": "1.5e3"}]"#,
            &[],
        )
        .success(),
    );
    let results = doc["results"].as_array().unwrap();
    assert!(
        !results[0].to_string().contains("input::scientific"),
        "{doc}"
    );
    assert!(
        results[1].to_string().contains("input::scientific"),
        "{doc}"
    );
    let doc = json_of(&evaluate("e.yaml", b"- {id: Y, revenue_2019: 1.5E+3}\n", &[]).success());
    assert!(doc.to_string().contains("input::scientific"), "{doc}");
}

/// An id or credit code typed into Excel as a number arrives as `1.23457E+11`, its digits
/// gone: refused (the rows it joined into one record make an invalid record, not one
/// applicant with both loans), and a credit code is not merely "wrong check digit".
#[test]
fn an_id_excel_showed_in_scientific_notation_is_refused() {
    let csv = "id,name,credit_code,loans.principal\n1.23457E+11,甲,,100\n1.23457E+11,甲,,200\nB,乙,9.15001E+17,300\n";
    let doc = json_of(&evaluate("ids.csv", csv.as_bytes(), &[]).success());
    let said: Vec<String> = errors(&doc)
        .into_iter()
        .filter(|e| e.contains("scientific notation"))
        .collect();
    let why = "is the scientific notation Excel shows a long number in, with its later digits gone (ids and credit codes typed as numbers end up so); format the column as Text in Excel, type the value again and save";
    assert_eq!(
        said,
        [
            format!(": id: line 2: `1.23457E+11` {why}"),
            format!("B: credit_code: line 4: `9.15001E+17` {why}"),
        ]
    );
    let results = doc["results"].as_array().unwrap();
    assert!(results.iter().all(|r| r["status"] == "invalid"), "{doc}");
}

/// A date a spreadsheet wrote its own way is refused saying what to type; a day its month
/// lacks says how many days the month has; anything else is "not a date".
#[test]
fn a_date_written_another_way_is_refused_with_the_way_to_write_it() {
    let csv =
        "id,name,submitted_on\nA,甲,2020/7/3\nB,乙,2020-02-30\nC,丙,03/07/2020\nD,丁,2020-07-03\n";
    let doc = json_of(&evaluate("d.csv", csv.as_bytes(), &[]).success());
    let said: Vec<String> = errors(&doc)
        .into_iter()
        .filter(|e| e.contains("submitted_on"))
        .collect();
    assert_eq!(
        said,
        [
            "A: submitted_on: line 2: `2020/7/3` is not written as YYYY-MM-DD: write 2020-07-03",
            "B: submitted_on: line 3: `2020-02-30` is not a date: month 2 of 2020 has 29 days",
            "C: submitted_on: line 4: `03/07/2020` is not a date YYYY-MM-DD",
        ]
    );
}

/// Full-width digits and signs a Chinese input method typed are refused with the half-width
/// text to type, when that text reads; anything else is the usual "not a number".
#[test]
fn full_width_digits_are_refused_with_the_half_width_text_to_type() {
    let csv = "id,name,revenue_2019,submitted_on\nA,甲,６０００,２０２０－０７－０３\nB,乙,6000．5,2020-07-03\nC,丙,１２ａ,2020-07-03\n";
    let doc = json_of(&evaluate("w.csv", csv.as_bytes(), &[]).success());
    let said: Vec<String> = errors(&doc)
        .into_iter()
        .filter(|e| e.contains("revenue_2019") || e.contains("submitted_on"))
        .collect();
    let switch = "(switch the input method to English)";
    assert_eq!(
        said,
        [
            format!("A: revenue_2019: line 2: `６０００` is typed in full-width characters (full-width digit): type them half-width, as 6000 {switch}"),
            format!("A: submitted_on: line 2: `２０２０－０７－０３` is typed in full-width characters (full-width digit, full-width minus sign): type them half-width, as 2020-07-03 {switch}"),
            format!("B: revenue_2019: line 3: `6000．5` is typed in full-width characters (full-width full stop): type them half-width, as 6000.5 {switch}"),
            "C: revenue_2019: line 4: `１２ａ` is not an amount of money (a number, or text such as `250万元`)".to_string(),
        ]
    );
}

/// Listed items joined by a comma (which does not separate items) are refused with the text
/// to type, not kept as one item outside the catalogue; an item that is not listed stays one.
#[test]
fn listed_items_joined_by_a_comma_are_refused_with_the_separator_to_use() {
    // Four copies of a complete application, each listing its systems another way.
    let sample = std::fs::read_to_string("tests/data/gen-cloud-award-300.csv").unwrap();
    let mut lines = sample.lines();
    let header = lines.next().unwrap();
    let row: Vec<&str> = lines.next().unwrap().split(',').collect();
    let mgmt = header
        .split(',')
        .position(|c| c == "mgmt_systems_on_cloud")
        .unwrap();
    let mut csv = format!("{header}\n");
    for (id, listed) in [
        ("A", "\"IT开发,云安保\""),
        ("B", "IT开发，云安保"),
        ("C", "IT开发；云安保"),
        ("D", "\"自建OA,云安保\""),
    ] {
        let mut cells = row.clone();
        cells[0] = id;
        cells[mgmt] = listed;
        csv.push_str(&cells.join(","));
        csv.push('\n');
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.csv");
    std::fs::write(&path, csv).unwrap();
    let out = fundpolicy()
        .args(["evaluate", "--year", "2020", "--programme", "cloud-award"])
        .args(["--format", "json"])
        .arg(&path)
        .assert()
        .success();
    let doc = json_of(&out);
    let said: Vec<String> = errors(&doc)
        .into_iter()
        .filter(|e| e.contains("mgmt_systems_on_cloud"))
        .collect();
    let why = "joins several items with a comma, which does not separate items; use a semicolon (; or ；) or 、, as `IT开发；云安保`";
    assert_eq!(
        said,
        [
            format!("A: mgmt_systems_on_cloud: line 2: `IT开发,云安保` {why}"),
            format!("B: mgmt_systems_on_cloud: line 3: `IT开发，云安保` {why}"),
        ]
    );
    let flags = |i: usize| doc["results"][i]["flags"].to_string();
    assert!(!flags(2).contains("uncatalogued"), "{}", flags(2));
    assert!(flags(3).contains("uncatalogued"), "{}", flags(3));
}

/// A workbook whose first sheet unzips to `mib` MiB (its XML padded with spaces), from a
/// few kilobytes per gigabyte: a deflate block of 1 MiB of spaces, repeated. With `lie`
/// the archive declares the sheet 1,000 bytes long.
fn zip_bomb(mib: usize, lie: bool) -> Vec<u8> {
    use flate2::{Compress, Compression, FlushCompress};
    use std::io::{Cursor, Read};
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "申报编号").unwrap();
    sheet.write_string(1, 0, "X1").unwrap();
    let legit = book.save_to_buffer().unwrap();
    let deflate_sync = |data: &[u8]| {
        let mut c = Compress::new(Compression::best(), false);
        let mut out = Vec::with_capacity(data.len() / 100 + 4096);
        c.compress_vec(data, &mut out, FlushCompress::Sync).unwrap();
        assert_eq!(c.total_in() as usize, data.len());
        out
    };
    let prefix: &[u8] = b"<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>";
    let head = deflate_sync(prefix);
    let chunk = deflate_sync(&vec![b' '; 1 << 20]);
    let mut stream = head;
    for _ in 0..mib {
        stream.extend_from_slice(&chunk);
    }
    // The final block: fixed Huffman, no symbols but the end.
    stream.extend_from_slice(&[0x03, 0x00]);
    let declared = if lie {
        1000
    } else {
        ((mib as u64) << 20) + prefix.len() as u64
    };

    let mut archive = zip::ZipArchive::new(Cursor::new(&legit)).unwrap();
    let mut out: Vec<u8> = Vec::new();
    let mut central: Vec<u8> = Vec::new();
    let le16 = |v: &mut Vec<u8>, n: u16| v.extend_from_slice(&n.to_le_bytes());
    let le32 = |v: &mut Vec<u8>, n: u32| v.extend_from_slice(&n.to_le_bytes());
    let count = archive.len();
    for i in 0..count {
        let mut part = archive.by_index_raw(i).unwrap();
        let name = part.name().unwrap().to_string();
        let method: u16 = match part.compression() {
            zip::CompressionMethod::Stored => 0,
            _ => 8,
        };
        let (data, crc, size) = if name == "xl/worksheets/sheet1.xml" {
            // A CRC that cannot match: reading must stop before the end checks it.
            (stream.clone(), 0u32, declared)
        } else {
            let mut raw = Vec::new();
            part.read_to_end(&mut raw).unwrap();
            (raw, part.crc32(), part.size())
        };
        let offset = out.len() as u32;
        le32(&mut out, 0x0403_4b50);
        for v in [20, 0, method, 0, 0] {
            le16(&mut out, v);
        }
        le32(&mut out, crc);
        le32(&mut out, data.len() as u32);
        le32(&mut out, size.min(u64::from(u32::MAX)) as u32);
        le16(&mut out, name.len() as u16);
        le16(&mut out, 0);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(&data);
        le32(&mut central, 0x0201_4b50);
        for v in [20, 20, 0, method, 0, 0] {
            le16(&mut central, v);
        }
        le32(&mut central, crc);
        le32(&mut central, data.len() as u32);
        le32(&mut central, size.min(u64::from(u32::MAX)) as u32);
        le16(&mut central, name.len() as u16);
        for v in [0, 0, 0, 0] {
            le16(&mut central, v);
        }
        le32(&mut central, 0);
        le32(&mut central, offset);
        central.extend_from_slice(name.as_bytes());
    }
    let central_at = out.len() as u32;
    out.extend_from_slice(&central);
    le32(&mut out, 0x0605_4b50);
    for v in [0, 0, count as u16, count as u16] {
        le16(&mut out, v);
    }
    le32(&mut out, central.len() as u32);
    le32(&mut out, central_at);
    le16(&mut out, 0);
    out
}

/// `fundpolicy evaluate` of loan-interest 2020 on `path` with its memory limited to 1 GB of
/// address space (what a bomb would need many times over), `env` set.
fn evaluate_in_1gb(path: &Path, env: &[(&str, &str)]) -> assert_cmd::assert::Assert {
    let bin = assert_cmd::cargo::cargo_bin("fundpolicy");
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg("ulimit -v 1000000; exec \"$0\" \"$@\"")
        .arg(bin)
        .args(["--lang", "en"])
        .args(["evaluate", "--year", "2020", "--programme", "loan-interest"])
        .args(["--format", "json"])
        .arg(path)
        .timeout(std::time::Duration::from_secs(120));
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.assert()
}

#[test]
fn an_xlsx_zip_bomb_is_stopped_while_it_unzips() {
    // 4 GiB of sheet XML from about 4 MB, stopped at the default limit of 512 MiB in a
    // process that may not use more than 1 GB.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bomb.xlsx");
    let bomb = zip_bomb(4096, false);
    assert!(bomb.len() < 5 << 20, "{}", bomb.len());
    std::fs::write(&path, &bomb).unwrap();
    let before = snapshot(dir.path());
    let out = evaluate_in_1gb(&path, &[]).code(1);
    let err = stderr_of(&out);
    assert!(
        squeezed(&err).contains(&squeezed(
            "the workbook unzips to more than 512 MiB (stopped in `xl/worksheets/sheet1.xml`)"
        )),
        "{err}"
    );
    assert!(
        squeezed(&err).contains("FUNDPOLICY_MAX_UNZIPPED_BYTES=2GiB"),
        "{err}"
    );
    assert!(out.get_output().stdout.is_empty());
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn an_xlsx_part_that_lies_about_its_size_is_counted_as_it_unzips() {
    // Declared 1,000 bytes, 200 MiB in fact; a limit of 64 MiB set by the variable.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("liar.xlsx");
    std::fs::write(&path, zip_bomb(200, true)).unwrap();
    let out = evaluate_in_1gb(&path, &[("FUNDPOLICY_MAX_UNZIPPED_BYTES", "64MiB")]).code(1);
    let err = stderr_of(&out);
    // Either the count stops it, or the zip reader refuses a part longer than declared.
    assert!(
        err.contains("unzips to more than 64 MiB") || err.contains("not a readable .xlsx"),
        "{err}"
    );
    // An unreadable limit is an error, not the default.
    let out = evaluate_in_1gb(&path, &[("FUNDPOLICY_MAX_UNZIPPED_BYTES", "lots")]).code(1);
    assert!(
        stderr_of(&out).contains("FUNDPOLICY_MAX_UNZIPPED_BYTES=lots is not a size"),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn a_workbook_with_more_cells_than_the_limit_is_refused_naming_it() {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "申报编号").unwrap();
    for r in 1..=50u32 {
        sheet.write_string(r, 0, format!("X{r}")).unwrap();
    }
    let bytes = book.save_to_buffer().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cells.xlsx");
    std::fs::write(&path, bytes).unwrap();
    let out = evaluate_in_1gb(&path, &[("FUNDPOLICY_MAX_CELLS", "20")]).code(1);
    let err = stderr_of(&out);
    assert!(err.contains("more than 20 filled cells"), "{err}");
    assert!(err.contains("FUNDPOLICY_MAX_CELLS=80"), "{err}");
}

/// `fundpolicy evaluate` (loan-interest 2020, JSON out) of standard input `stdin`, with
/// `extra` arguments before the `-`.
fn evaluate_stdin(stdin: &[u8], extra: &[&str]) -> assert_cmd::assert::Assert {
    fundpolicy()
        .args(["evaluate", "--year", "2020", "--programme", "loan-interest"])
        .args(["--format", "json"])
        .args(extra)
        .arg("-")
        .write_stdin(stdin.to_vec())
        .timeout(std::time::Duration::from_secs(60))
        .assert()
}

fn ids(doc: &serde_json::Value) -> Vec<String> {
    doc["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn standard_input_is_recognised_and_says_what_it_read() {
    let cases: &[(&str, &str, &str)] = &[
        ("id,revenue_2019\nA,100\nB,200\n", "CSV", "comma-separated"),
        (
            "[{\"id\": \"A\"}, {\"id\": \"B\"}]",
            "JSON",
            "starts with `[`",
        ),
        (
            "{\"id\": \"A\"}\n{\"id\": \"B\"}\n",
            "JSON Lines",
            "one JSON object per line",
        ),
        ("- {id: A}\n- {id: B}\n", "YAML", "YAML list"),
        ("[{id: A}, {id: B}]\n", "YAML", "YAML flow collection"),
        (
            "[\n  {\"id\": \"A\"},\n  {\"id\": \"B\"}\n]\n",
            "JSON",
            "starts with `[`",
        ),
        ("\u{feff}id,name\nA,甲\nB,乙\n", "CSV", "comma-separated"),
    ];
    for (stdin, format, why) in cases {
        let out = evaluate_stdin(stdin.as_bytes(), &[]).success();
        let err = stderr_of(&out);
        assert!(
            err.contains(&format!("reading standard input as {format} (")) && err.contains(why),
            "{stdin:?}: {err}"
        );
        assert_eq!(ids(&json_of(&out)), ["A", "B"], "{stdin:?}");
    }
}

#[test]
fn input_format_chooses_the_reading_for_stdin_and_files() {
    // CSV read as YAML was one invalid record with an empty id.
    let out = evaluate_stdin(b"id\nA\nB\n", &["--input-format", "csv"]).success();
    assert!(!stderr_of(&out).contains("reading standard input"));
    assert_eq!(ids(&json_of(&out)), ["A", "B"]);
    // A file without the extension of its format.
    let out = evaluate("apps.txt", b"id,name\nA,x\n", &["--input-format", "csv"]).success();
    assert_eq!(ids(&json_of(&out)), ["A"]);
    let out = evaluate("apps.txt", b"id,name\nA,x\n", &["--input-format", "json"]).code(1);
    assert!(
        stderr_of(&out).contains("invalid JSON at line 1"),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn streams_stop_at_the_input_limit() {
    // /dev/zero read whole (as YAML) or streamed (as CSV) stops at its limit.
    for (format, var) in [
        ("yaml", "FUNDPOLICY_MAX_INPUT_BYTES"),
        ("csv", "FUNDPOLICY_MAX_STREAM_BYTES"),
    ] {
        let out = fundpolicy()
            .env(var, "8MiB")
            .args(["evaluate", "--year", "2020", "--programme", "loan-interest"])
            .args(["--input-format", format, "/dev/zero"])
            .timeout(std::time::Duration::from_secs(60))
            .assert()
            .code(1);
        let err = squeezed(&stderr_of(&out));
        assert!(
            err.contains(&squeezed(&format!("{var}=32MiB"))),
            "{format}: {err}"
        );
    }
    // Standard input that never ends, as CSV rows: stopped at the limit, not at memory's end.
    let mut endless = b"id,name\n".to_vec();
    while endless.len() < 12 << 20 {
        endless.extend_from_slice(b"A,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n");
    }
    let out = fundpolicy()
        .env("FUNDPOLICY_MAX_STREAM_BYTES", "8MiB")
        .args([
            "evaluate",
            "--year",
            "2020",
            "--programme",
            "loan-interest",
            "-",
        ])
        .write_stdin(endless.clone())
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .code(1);
    let err = squeezed(&stderr_of(&out));
    assert!(
        err.contains(&squeezed("more than 8 MiB read from a stream")),
        "{err}"
    );
    // Read whole (as JSON Lines, say), standard input stops at the input limit.
    let out = fundpolicy()
        .env("FUNDPOLICY_MAX_INPUT_BYTES", "8MiB")
        .args(["evaluate", "--year", "2020", "--programme", "loan-interest"])
        .args(["--input-format", "jsonl", "-"])
        .write_stdin(endless)
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .code(1);
    let err = squeezed(&stderr_of(&out));
    assert!(
        err.contains(&squeezed("-: larger than 8 MiB: stopped reading")),
        "{err}"
    );
}

#[test]
fn a_csv_row_without_line_breaks_stops_at_the_row_limit() {
    let row = format!("id,name\nA,{}", "x".repeat(12 << 20));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.csv");
    std::fs::write(&path, row).unwrap();
    let out = fundpolicy()
        .env("FUNDPOLICY_MAX_ROW_BYTES", "4MiB")
        .args(["evaluate", "--year", "2020", "--programme", "loan-interest"])
        .arg(&path)
        .assert()
        .code(1);
    let err = squeezed(&stderr_of(&out));
    assert!(err.contains(&squeezed("a row longer than 4 MiB")), "{err}");
    assert!(err.contains("FUNDPOLICY_MAX_ROW_BYTES=16MiB"), "{err}");
}

/// A quote never closed would make the rest of the file one cell: the records after it
/// must not silently disappear (the batch is refused at the line the quote opens on, both
/// for a short file and for one longer than the row limit), and in Chinese too.
#[test]
fn a_quote_never_closed_refuses_the_file_at_its_line_instead_of_losing_the_rows_after_it() {
    // What `evaluate` says of `path`, refused, in `lang`, with a row limit of 4 MiB.
    let refused = |path: &Path, lang: &str| {
        let out = fundpolicy()
            .env("FUNDPOLICY_MAX_ROW_BYTES", "4MiB")
            .args(["evaluate", "--year", "2020", "--programme", "loan-interest"])
            .args(["--lang", lang])
            .arg(path)
            .assert()
            .code(1);
        squeezed(&stderr_of(&out))
    };
    let dir = tempfile::tempdir().unwrap();
    let short = dir.path().join("quote.csv");
    std::fs::write(
        &short,
        "id,name,company_size\nA,甲,small\nB,\"乙,small\nC,丙,small\nD,丁,small\n",
    )
    .unwrap();
    let err = refused(&short, "en");
    assert!(err.contains("input::unreadable"), "{err}");
    let said = squeezed("line 3: a quote that opens here is never closed");
    assert!(err.contains(&said), "{err}");
    let err = refused(&short, "zh");
    assert!(
        err.contains(&squeezed("第 3 行：这里开始的引号一直没有闭合")),
        "{err}"
    );
    // Past the row limit the same quote is named, not a row that is too long.
    let long = dir.path().join("long-quote.csv");
    let rows = "C,丙,small\n".repeat((5 << 20) / 12);
    std::fs::write(&long, format!("id,name\nA,甲\nB,\"乙\n{rows}")).unwrap();
    let err = refused(&long, "en");
    assert!(err.contains(&said), "{err}");
}

#[test]
fn text_after_a_closing_quote_invalidates_its_record_saying_what_it_would_read() {
    // csv_core, the csv crate and Excel join `"甲"乙` into 甲乙 (and `"50"00` into 5000): a
    // guess, so the record is refused at its line; quotes that close where the cell ends
    // (spaces after them included) are read as ever.
    let csv = "id,name,company_size\nA,\"甲\"乙,small\nB,\"乙\" ,small\nC,\"丙\"\"\",\"small\"\r\n\
               D,\"丁\n第二行\"x,small\nE,戊,\"sm\"all\n";
    let doc = json_of(&evaluate("stray.csv", csv.as_bytes(), &[]).success());
    assert_eq!(ids(&doc), ["A", "B", "C", "D", "E"]);
    // B and C lack the programme's other fields: only the quotes are looked at here.
    let quotes = |doc: &serde_json::Value| -> Vec<String> {
        errors(doc)
            .into_iter()
            .filter(|e| e.contains("quote"))
            .collect()
    };
    assert_eq!(
        quotes(&doc),
        [
            "A: name: line 2: text follows the closing quote of this cell (joined, it would \
             read `甲乙`): text inside and after quotes is not joined to guess what was meant. \
             To quote a cell, quote all of it and write a quote inside it twice (\"\"); or remove the quotes",
            "D: name: line 5: text follows the closing quote of this cell (joined, it would \
             read `丁\n第二行x`): text inside and after quotes is not joined to guess what was \
             meant. To quote a cell, quote all of it and write a quote inside it twice (\"\"); or remove the quotes",
            "E: company_size: line 7: text follows the closing quote of this cell (joined, it \
             would read `small`): text inside and after quotes is not joined to guess what was \
             meant. To quote a cell, quote all of it and \
             write a quote inside it twice (\"\"); or remove the quotes",
        ]
    );
    let codes: Vec<&str> = doc["results"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["errors"].as_array().unwrap())
        .map(|e| e["code"].as_str().unwrap())
        .filter(|c| c.starts_with("input::"))
        .collect();
    assert_eq!(codes, ["input::stray_quote"; 3]);
    let statuses: Vec<&str> = doc["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses[0], "invalid");
    assert_eq!(statuses[3], "invalid");
    assert_eq!(statuses[4], "invalid");
    // A full-width space after a closing quote is trimmed as an ASCII one is.
    let wide = "id,name,company_size\nA,\"甲\"\u{3000},small\n";
    let doc = json_of(&evaluate("wide.csv", wide.as_bytes(), &[]).success());
    assert!(!errors(&doc).iter().any(|e| e.contains("quote")), "{doc}");
    // The header: refused, not joined into a column's name; a blank row before it is skipped.
    let header = "id,\"na\"me,company_size\nA,甲,small\n";
    let out = evaluate("header.csv", header.as_bytes(), &[]).code(1);
    let err = squeezed(&stderr_of(&out));
    assert!(
        err.contains(&squeezed(
            "cannot read the header row: column `name`: text follows the closing quote"
        )),
        "{err}"
    );
    let late = " , ,\nid,name,company_size\nA,甲,small\n";
    let doc = json_of(&evaluate("late.csv", late.as_bytes(), &[]).success());
    assert_eq!(ids(&doc), ["A"]);
    let doc = json_of(&evaluate("stray.csv", csv.as_bytes(), &["--lang", "zh"]).success());
    let said = errors(&doc);
    assert!(
        said[0].starts_with("A: name: line 2: 这一格的右引号后面还有文字（合起来会读成 `甲乙`）"),
        "{said:?}"
    );
}

#[test]
fn a_ragged_csv_row_invalidates_its_record_only() {
    let csv = "id,name,company_size\nA,甲\nB,乙,small,extra\nC,丙,small\n";
    let doc = json_of(&evaluate("ragged.csv", csv.as_bytes(), &[]).success());
    assert_eq!(ids(&doc), ["A", "B", "C"]);
    let errors = errors(&doc);
    assert!(
        errors.contains(&"A: : line 2: the row has 2 cells but the header has 3".to_string()),
        "{errors:?}"
    );
    assert!(
        errors.contains(&"B: : line 3: the row has 4 cells but the header has 3".to_string()),
        "{errors:?}"
    );
    assert!(
        !errors.iter().any(|e| e.starts_with("C: : line")),
        "{errors:?}"
    );
    assert_eq!(doc["summary"]["records"], 3);
}

#[test]
fn lines_ended_by_a_cr_alone_are_counted_as_lines() {
    // Excel for Mac's "CSV (Macintosh)" ends lines with CR alone; a blank line, a quoted
    // cell of two lines and a CRLF among them.
    let csv = "id,name,company_size\rA,甲\r\rB,\"乙\r二\",small,extra\r\nC,丙,small\rD,丁\r";
    let doc = json_of(&evaluate("mac.csv", csv.as_bytes(), &[]).success());
    assert_eq!(ids(&doc), ["A", "B", "C", "D"]);
    let ragged: Vec<String> = errors(&doc)
        .into_iter()
        .filter(|e| e.contains("cells but the header"))
        .collect();
    assert_eq!(
        ragged,
        [
            "A: : line 2: the row has 2 cells but the header has 3",
            "B: : line 4: the row has 4 cells but the header has 3",
            "D: : line 7: the row has 2 cells but the header has 3",
        ]
    );
}

/// A CSV file of more than two megabytes, read in pieces of about one (cut where a line
/// ends outside quotes) and parsed on all cores: a quoted cell with line breaks across the
/// first cut, the rows of one id across the second, a ragged row just after it, a later row
/// of that id; with LF and with CRLF line ends. Every error keeps its line.
#[test]
fn a_csv_file_read_in_pieces_keeps_its_records_and_lines() {
    const MIB: usize = 1 << 20;
    // Long names: fewer records to evaluate.
    let pad = "名".repeat(100);
    for crlf in [false, true] {
        let nl = if crlf { "\r\n" } else { "\n" };
        let mut text = format!("id,name,company_size{nl}");
        // The line the next row starts on.
        let mut line = 2;
        // Appends a row; gives the line it starts on.
        let row = |text: &mut String, line: &mut u64, cells: &str| {
            let start = *line;
            *line += 1 + cells.matches('\n').count() as u64;
            text.push_str(cells);
            text.push_str(nl);
            start
        };
        let mut n = 0;
        while text.len() < MIB - 40 {
            n += 1;
            row(&mut text, &mut line, &format!("R{n},{pad}{n},small"));
        }
        // The cell spans byte 1 MiB, its line breaks on both sides of it.
        let x = "x".repeat(60);
        row(
            &mut text,
            &mut line,
            &format!("Q,\"one{nl}two{nl}{x}{nl}three\",small"),
        );
        assert!(text.len() > MIB);
        while text.len() < 2 * MIB - 30 {
            n += 1;
            row(&mut text, &mut line, &format!("R{n},{pad}{n},small"));
        }
        let group = row(&mut text, &mut line, "G,甲,small");
        for _ in 0..3 {
            row(&mut text, &mut line, "G,,");
        }
        assert!(text.len() > 2 * MIB);
        let ragged = row(&mut text, &mut line, "B,乙,small,extra");
        row(&mut text, &mut line, "C,丙,small");
        let apart = row(&mut text, &mut line, "G,,");
        let doc = json_of(&evaluate("pieces.csv", text.as_bytes(), &[]).success());
        assert_eq!(ids(&doc).len(), n + 5, "crlf {crlf}");
        let errors = errors(&doc);
        let said =
            |what: &str| -> Vec<&String> { errors.iter().filter(|e| e.contains(what)).collect() };
        // Only the ragged row is ragged: no cut fell inside the quoted cell.
        assert_eq!(
            said("cells but the header has"),
            [&format!(
                "B: : line {ragged}: the row has 4 cells but the header has 3"
            )],
            "crlf {crlf}"
        );
        // The rows of G across the second cut are one record; the later row is apart.
        assert_eq!(
            said("more rows of this id"),
            [&format!(
                "G: id: line {apart}: line {apart}: more rows of this id than at line {group}, \
                 with other rows between: put every row of one application next to each other \
                 (neither part is evaluated)"
            )],
            "crlf {crlf}"
        );
        assert_eq!(said("rows of this application").len(), 0, "crlf {crlf}");
    }
}

#[test]
fn a_bad_json_lines_line_invalidates_its_record_only() {
    let text = "{\"id\": \"A\"}\n{\"id\": \"B\",\n{\"id\": \"C\"}\n";
    let out = evaluate("apps.jsonl", text.as_bytes(), &[]).success();
    let doc = json_of(&out);
    assert_eq!(ids(&doc), ["A", "", "C"]);
    let bad = &doc["results"][1];
    assert_eq!(bad["status"], "invalid");
    let message = bad["errors"][0]["message"].as_str().unwrap();
    assert_eq!(
        message,
        "invalid JSON at column 11: the JSON ends here unexpectedly (a closing bracket or quote is missing)",
        "{message}"
    );
    let location = &bad["errors"][0]["location"];
    assert!(
        location["file"].as_str().unwrap().ends_with("apps.jsonl"),
        "{location}"
    );
    assert_eq!(location["line"], 2);
}

#[test]
fn a_field_given_twice_in_a_record_is_an_error_naming_both() {
    // Duplicate JSON keys (the last used to win) and a field by id and by label.
    let text = r#"[{"id": "A", "id": "B"}, {"id": "C", "revenue_2019": 1, "2019年营业收入": 2}]"#;
    let doc = json_of(&evaluate("apps.json", text.as_bytes(), &[]).success());
    assert_eq!(ids(&doc), ["A", "C"]);
    let errors = errors(&doc);
    assert!(
        errors.contains(
            &"A: id: line 1: given twice in one record (key `id` twice); keep one".to_string()
        ),
        "{errors:?}"
    );
    assert!(
        errors.contains(
            &"C: revenue_2019: line 1: given twice in one record: as `revenue_2019` and as `2019年营业收入`; keep one"
                .to_string()
        ),
        "{errors:?}"
    );
    // In a CSV header the two columns are named (the first used to win silently).
    let out = evaluate(
        "apps.csv",
        "id,revenue_2019,2019年营业收入\nA,1,2\n".as_bytes(),
        &[],
    )
    .code(1);
    let err = squeezed(&stderr_of(&out));
    assert!(
        err.contains(&squeezed(
            "columns B `revenue_2019` and C `2019年营业收入` both give field 2019 revenue (`revenue_2019`)"
        )),
        "{err}"
    );
}

/// A workbook of one sheet `申报表` holding `rows` (the first the header).
fn workbook(rows: &[&[&str]]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("申报表").unwrap();
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            if !text.is_empty() {
                sheet.write_string(r as u32, c as u16, *text).unwrap();
            }
        }
    }
    book.save_to_buffer().unwrap()
}

#[test]
fn a_bad_workbook_cell_invalidates_its_record_with_the_cell() {
    let bytes = workbook(&[
        &["申报编号", "2019年营业收入"],
        &["A", "1,5"],
        &["B", "100"],
    ]);
    let doc = json_of(&evaluate("apps.xlsx", &bytes, &[]).success());
    assert_eq!(ids(&doc), ["A", "B"]);
    let errors = errors(&doc);
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("A: revenue_2019: 申报表!B2: `1,5` is not a number")),
        "{errors:?}"
    );
    assert!(
        !errors.iter().any(|e| e.starts_with("B: revenue_2019")),
        "{errors:?}"
    );
}

#[test]
fn a_workbook_giving_a_field_in_two_columns_names_both() {
    let bytes = workbook(&[
        &["申报编号", "revenue_2019", "2019年营业收入"],
        &["A", "1", "2"],
    ]);
    let out = evaluate("apps.xlsx", &bytes, &[]).code(1);
    let err = squeezed(&stderr_of(&out));
    assert!(
        err.contains(&squeezed(
            "sheet `申报表`: columns B `revenue_2019` and C `2019年营业收入` both give field 2019 revenue (`revenue_2019`)"
        )),
        "{err}"
    );
}

#[test]
fn a_workbook_on_standard_input_is_recognised() {
    let bytes = workbook(&[&["申报编号", "企业名称"], &["A", "甲"], &["B", "乙"]]);
    let out = evaluate_stdin(&bytes, &[]).success();
    assert!(
        stderr_of(&out)
            .contains("reading standard input as an xlsx workbook (it starts as a zip archive)"),
        "{}",
        stderr_of(&out)
    );
    assert_eq!(ids(&json_of(&out)), ["A", "B"]);
}

#[test]
fn a_csv_that_is_not_utf8_is_decoded_whole_within_the_input_limit() {
    // GBK text: decoded whole, so bounded like YAML and JSON.
    let mut csv = b"id,name\n".to_vec();
    while csv.len() < 200_000 {
        csv.extend_from_slice(b"A,\xb9\xab\xcb\xbe\n");
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gbk.csv");
    std::fs::write(&path, &csv).unwrap();
    let out = fundpolicy()
        .env("FUNDPOLICY_MAX_INPUT_BYTES", "64KiB")
        .args(["evaluate", "--year", "2020", "--programme", "loan-interest"])
        .arg(&path)
        .assert()
        .code(1);
    let err = squeezed(&stderr_of(&out));
    assert!(
        err.contains(&squeezed(
            "a CSV file that is not UTF-8 is decoded whole, and this one is larger than 64 KiB"
        )),
        "{err}"
    );
}

#[test]
fn rows_of_one_record_that_disagree_on_a_value_name_both_places() {
    // The second row's name used to be dropped without a word.
    let csv = "id,name,loans.principal\nA,甲,100\nA,乙,200\nA,甲,300\nB,丙,100\n";
    let doc = json_of(&evaluate("apps.csv", csv.as_bytes(), &[]).success());
    assert_eq!(ids(&doc), ["A", "B"]);
    let found = errors(&doc);
    assert!(
        found.contains(
            &"A: name: line 3: line 2 gives `甲` and line 3 gives `乙`; the rows of one record must agree"
                .to_string()
        ),
        "{found:?}"
    );
    assert_eq!(
        found.iter().filter(|e| e.contains("must agree")).count(),
        1,
        "{found:?}"
    );
    // In a workbook, across sheets.
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("申报表").unwrap();
    sheet.write_string(0, 0, "申报编号").unwrap();
    sheet.write_string(0, 1, "name").unwrap();
    sheet.write_string(1, 0, "A").unwrap();
    sheet.write_string(1, 1, "甲").unwrap();
    let loans = book.add_worksheet();
    loans.set_name("贷款").unwrap();
    for (c, h) in ["申报编号", "name", "贷款本金（元）"].iter().enumerate() {
        loans.write_string(0, c as u16, *h).unwrap();
    }
    for (c, v) in ["A", "乙", "100"].iter().enumerate() {
        loans.write_string(1, c as u16, *v).unwrap();
    }
    let doc = json_of(&evaluate("apps.xlsx", &book.save_to_buffer().unwrap(), &[]).success());
    let errors = errors(&doc);
    assert!(
        errors.contains(
            &"A: name: 贷款!B2: 申报表!B2 gives `甲` and 贷款!B2 gives `乙`; the rows of one application must agree"
                .to_string()
        ),
        "{errors:?}"
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_that_never_ends_stops_at_the_input_limit() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("apps.yaml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let writer_path = fifo.clone();
    // Writes until the reader goes away (a broken pipe ends it).
    let writer = std::thread::spawn(move || {
        let mut pipe = std::fs::OpenOptions::new()
            .write(true)
            .open(writer_path)
            .unwrap();
        let line = b"- {id: A, name: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx}\n".repeat(1000);
        while pipe.write_all(&line).is_ok() {}
    });
    let out = fundpolicy()
        .env("FUNDPOLICY_MAX_INPUT_BYTES", "8MiB")
        .args(["evaluate", "--year", "2020", "--programme", "loan-interest"])
        .arg(&fifo)
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .code(1);
    writer.join().unwrap();
    let err = squeezed(&stderr_of(&out));
    assert!(
        err.contains(&squeezed("larger than 8 MiB: stopped reading")),
        "{err}"
    );
}

#[test]
fn bare_percents_under_1_are_read_as_points_and_said_once_a_column() {
    // `0.0435` as a loan's rate is 0.0435 %: whoever typed it may have meant 4.35 %, as Excel
    // stores a percent. The reading stands (it is the documented one) and is said, once a
    // column, at the line of the first; `4.35`, `4.35%`, `0.5%` and zero say nothing.
    let csv = "id,name,loans.principal,loans.rate\n\
               A,甲,100,4.35\nA,甲,200,0.0435\nB,乙,100,0.5%\nC,丙,100,0\nD,丁,100,-0.2\n\
               E,戊,100,0.9\n";
    for (lang, said) in [
        (
            "en",
            "2 numbers under 1 without a % in column `loans.rate` (the first here: `0.0435`), \
             read as percentage points: `0.12` is 0.12 %, not 12 %",
        ),
        (
            "zh",
            "`loans.rate` 列有 2 个不带 % 的数小于 1（最早是这里的 `0.0435`），都按百分点读取：\
             `0.12` 读作 0.12%，不是 12%",
        ),
    ] {
        let doc = json_of(&evaluate("rates.csv", csv.as_bytes(), &["--lang", lang]).success());
        let warnings: Vec<_> = doc["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|w| w["code"] == "input::percent_fraction")
            .collect();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!(warnings[0]["message"], said);
        assert_eq!(warnings[0]["location"]["line"], 3);
        assert!(
            warnings[0]["location"]["file"]
                .as_str()
                .unwrap()
                .ends_with("rates.csv")
        );
    }
    // Nothing to say when every rate is written as a percent.
    let csv = "id,name,loans.principal,loans.rate\nA,甲,100,4.35\nB,乙,100,0.5%\n";
    let doc = json_of(&evaluate("rates.csv", csv.as_bytes(), &[]).success());
    assert!(
        !doc["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["code"] == "input::percent_fraction"),
        "{}",
        doc["warnings"]
    );
}

#[test]
fn a_quote_that_joins_rows_into_one_cell_invalidates_the_record_instead_of_losing_them() {
    // A quote opened in one row and closed in a later one makes the rows between part of a
    // cell: their applications would be gone without a word.
    let csv = "id,name,company_size,note\n\
               A,甲,small,\"see the attachment\n\
               B,乙,small,x\n\
               C,丙,small,checked\"\n\
               D,丁,small,\"two lines,\n with a comma\"\n";
    let doc = json_of(&evaluate("joined.csv", csv.as_bytes(), &[]).success());
    assert_eq!(ids(&doc), ["A", "D"]);
    let joined: Vec<String> = errors(&doc)
        .into_iter()
        .filter(|e| e.contains("whole row"))
        .collect();
    assert_eq!(
        joined,
        [
            "A: note: line 2: this cell runs over several lines, and one of them looks like a \
             whole row (4 cells, as many as the header has: `B,乙,small,x`): most likely a quote \
             is missing, which joined the rows after it into this cell and lost their \
             applications. Check that this cell's quotes pair up"
        ]
    );
    let code = |doc: &serde_json::Value, id: &str| -> Vec<String> {
        doc["results"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["id"] == id)
            .flat_map(|r| r["errors"].as_array().unwrap().clone())
            .map(|e| e["code"].as_str().unwrap().to_string())
            .filter(|c| c.starts_with("input::"))
            .collect()
    };
    assert_eq!(code(&doc, "A"), ["input::row_in_cell"]);
    assert!(code(&doc, "D").is_empty());
    // In a list of an open catalogue (kept as written when not listed), a line break is no
    // value: the same quote, in a cell of systems, is refused there too.
    let sample = std::fs::read_to_string("tests/data/gen-cloud-award-300.csv").unwrap();
    let mut lines = sample.lines();
    let header = lines.next().unwrap();
    let k = header
        .split(',')
        .position(|h| h == "mgmt_systems_on_cloud")
        .unwrap();
    let quoted = |row: &str, open: bool| {
        let mut cells: Vec<String> = row.split(',').map(str::to_string).collect();
        cells[k] = if open {
            format!("\"{}", cells[k])
        } else {
            format!("{}\"", cells[k])
        };
        cells.join(",")
    };
    let (r1, r2, r3) = (
        lines.next().unwrap(),
        lines.next().unwrap(),
        lines.next().unwrap(),
    );
    let csv = format!(
        "{header}\n{}\n{}\n{r3}\n",
        quoted(r1, true),
        quoted(r2, false)
    );
    let out = fundpolicy()
        .args(["evaluate", "--year", "2020", "--programme", "cloud-award"])
        .args(["--format", "json", "--lang", "zh", "-"])
        .args(["--input-format", "csv"])
        .write_stdin(csv)
        .assert()
        .success();
    let doc = json_of(&out);
    assert_eq!(code(&doc, "C0000001"), ["input::enum"]);
    let said = errors(&doc);
    assert!(
        said.iter().any(
            |e| e.starts_with("C0000001: mgmt_systems_on_cloud: line 2: `")
                && e.contains("里有换行，不是可选值")
        ),
        "{said:?}"
    );
}
