# explain 命令：一条申报每个数是怎么算出来的。

explain-title = { $id } — { $title }（{ $programme }）
explain-status = 结论：{ $status }
explain-error = 错误：{ $error }
explain-eligibility = 资格条件：
# 一条规则或一个计算项：✓/✗/· 名称〔出处〕
explain-item = { $mark } { $name }〔{ $cite }〕
explain-formula = 公式：{ $formula }
explain-with = 代入：{ $values }
explain-not-met = → 未满足此条件
explain-interpretation = 解释：{ $text }
explain-values = 计算过程：
explain-value-plain = { $name } = { $value }
explain-equals = = { $value }
explain-approx = ≈ { $value }（显示的是约数；精确值见 JSON）
explain-capped = = { $raw }，超过上限{ $cap }，取{ $value }
explain-result = 结果：
explain-score = 总分：{ $score }
explain-rank = 排名：第{ $rank }名
explain-tier = 等级：{ $tier }
explain-awarded = 是否获奖补：{ $awarded ->
        [yes] 是
       *[no] 否
    }
explain-award = 奖补金额：{ $amount }
explain-award-rule = 〔{ $cite }〕{ $formula }，上限{ $cap }
explain-flag = 标记「{ $flag }」：{ $reason }
explain-documents-not-checked = 申报材料：未核对（申报未写明提交了哪些材料）
explain-documents-not-checked-invalid = 申报材料：未核对（申报无效，先改正上面的错误）
explain-missing-documents = 缺少材料：{ $documents }
explain-allocation = 排名与分配〔{ $cite }〕：
explain-allocation-uncited = 排名与分配：

## 值
value-invalid = （填写有误，见上方错误）
value-not-given = （未填）
value-not-computed = （未算出）
value-yes = 是
value-no = 否
value-none = （无）
value-record = （{ $values }）

## 排序依据
order-desc = { $key }从高到低
order-asc = { $key }从低到高

## 分配经过：名次、末位、同分比较、名额、降档
story-order = 排序：按{ $keys }；仍相同的按申报先后。
story-rank = 在{ $eligible }家符合条件的申报中排第{ $rank }名。
story-mark = 第{ $rank }名 { $id }（{ $key } { $value }）
story-last-award = 获奖补{ $awards }家，末位获奖补为{ $mark }。
story-no-awards = 本批没有获奖补的申报。
story-cutoff = { $tier }末位为{ $mark }。
story-tie = 与第{ $rank }名 { $id } 的{ $key }同为{ $value }，按{ $decider }（本申报{ $mine }，对方{ $theirs }）排在其{ $place ->
        [above] 前
       *[below] 后
    }。
story-tie-input = 与第{ $rank }名 { $id } 的{ $key }同为{ $value }，其余排序依据也都相同，按申报先后排在其{ $place ->
        [above] 前
       *[below] 后
    }。
story-quota = 名额：获奖补中至少{ $need }家须满足名额条件 { $condition }（比例 { $share }）；按排名前{ $awards }名中有{ $before }家，换入{ $swaps }家后为{ $after }家。
story-in-quota-group = 本申报满足名额条件。
story-not-in-quota-group = 本申报不满足名额条件。
story-swapped-in = 本申报按排名在获奖补名额之外，按名额要求换入。
story-swapped-out = 本申报按排名在获奖补名额之内，为满足名额要求被换出。
story-demoted = 按名次应为{ $placed }，因降档条件成立降为{ $tier }。
story-outside = 本申报排名在获奖补名额之外。
