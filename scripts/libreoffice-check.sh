#!/usr/bin/env bash
# Checks the workbooks in LibreOffice by hand (not run by CI): every 2020 template and a
# results workbook render to PDF; the templates keep their notes and drop-downs when
# LibreOffice reads them; templates filled with the bundled examples and saved again by
# LibreOffice evaluate exactly like the originals.
# Needs: libreoffice (libreoffice-calc), pdftoppm (poppler-utils), a CJK font
# (fonts-wqy-microhei) for readable PDFs.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-target/libreoffice-check}
rm -rf "$out" && mkdir -p "$out/filled" "$out/resaved"
cargo build -q
bin=target/debug/fundpolicy
for p in software-integration cloud-award loan-interest; do
  $bin template --year 2020 --programme "$p" --output "$out/$p-template.xlsx"
done
$bin evaluate --year 2020 --programme cloud-award policies/2020/examples/cloud-award-batch.jsonl \
  --format xlsx --output "$out/cloud-award-results.xlsx"
(cd "$out" && libreoffice --headless --convert-to pdf ./*.xlsx >/dev/null 2>&1 \
  && libreoffice --headless --convert-to ods ./*-template.xlsx >/dev/null 2>&1)
for p in software-integration cloud-award loan-interest; do
  ods="$out/$p-template.ods"
  notes=$(unzip -p "$ods" content.xml | grep -o '<office:annotation' | wc -l)
  lists=$(unzip -p "$ods" content.xml | grep -o 'cell-content-is-in-list' | wc -l)
  pages=$(pdfinfo "$out/$p-template.pdf" | awk '/^Pages/ {print $2}')
  echo "$p template: $pages PDF pages, $notes notes, $lists drop-down lists as LibreOffice reads it"
  [ "$notes" -gt 0 ] && [ "$lists" -gt 0 ] && [ "$pages" -gt 0 ]
done
pdftoppm -r 70 -png -f 1 -l 1 "$out/loan-interest-template.pdf" "$out/loan-interest-template"
FUNDPOLICY_KEEP_WORKBOOKS="$PWD/$out/filled" cargo test -q --test spreadsheets filled >/dev/null
libreoffice --headless --convert-to xlsx --outdir "$out/resaved" "$out"/filled/*.xlsx >/dev/null 2>&1
for f in "$out"/filled/*.xlsx; do
  name=$(basename "$f" -filled.xlsx)
  programme=${name%-batch}
  a=$($bin evaluate --year 2020 --programme "$programme" "$f" --format json)
  b=$($bin evaluate --year 2020 --programme "$programme" "$out/resaved/$(basename "$f")" --format json)
  if [ "$a" != "$b" ]; then echo "$name: LibreOffice's copy evaluates differently" >&2; exit 1; fi
  echo "$name: saved again by LibreOffice, evaluates identically"
done
