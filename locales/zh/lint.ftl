# 政策检查的提示（lint::*）：写法有效，但多半不是本意。

lint-key_in_text = `{$key}` 的文字中含有 `{$found}:`，看起来像政策的键，但它只是文字的一部分
    .help = 如果 `{$found}` 是要作为键，把它写在引号外、与 `{$key}:` 并列（如 `{$key}: "…", {$found}: […]`）；否则请改写这段文字
lint-unlisted_file = {$file} 在本年文件夹中，但 `policy.yaml` 没有列出它：它不会被读取
    .help = 在 {$folder}/policy.yaml 的 `programmes:`（或 `common:`）下列出它，或把它移出文件夹
lint-inexact_division = `{$op}` 作用于 `{$expr}`（{$exact}），这个值用小数只能近似保存
    .help = 小数除法舍入到 28 位有效数字，结果可能差 1；请先乘后除（`floor(3 * 1 / 3)`、`ceil(awards * 2 / 3)`）
lint-decides_nothing = 项目 {$name} 没有 `award`、`scores` 或 `allocation`：它只判定资格
    .help = 加上 `award:`、`scores:` 或 `allocation:`；如果这个文件本是要修改另一个项目，请写那个项目的 id
lint-unused = {$what} 没有被任何公式使用
    .help = 公式按名称引用所用的项：如果它是用来替换某一项的，把旧项的引用改成新名称（或让它沿用旧 id）；否则删除它
