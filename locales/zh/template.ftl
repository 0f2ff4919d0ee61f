# `fundpolicy template`: the blank application workbook.

## Sheet names.
template-sheet-main = 申报表
template-sheet-documents = 申报材料清单
# The hidden sheet that holds the drop-down lists.
template-sheet-lists = 下拉选项

## The documents sheet.
template-doc-id = 材料编号
template-doc-label-zh = 材料名称
template-note-author = 填表说明
template-doc-label-en = 英文名称
template-doc-when = 需要提交的条件
template-doc-always = 全部申报单位

## A column's note and input prompt.
template-note-field = 字段：{ $id } · { $kind }
template-required = 必填
template-range = 取值范围：{ $min } 至 { $max }
template-range-min = 不小于 { $min }
template-range-max = 不大于 { $max }
template-choose = 请从下拉列表中选择
# The two values of a yes/no drop-down.
template-yes = 是
template-no = 否

## What a cell holds (each says only what the cell's validation accepts).
template-kind-text = 文本
template-kind-number = 数字
template-kind-money = 金额，单位{ $unit }，填数字
template-kind-percent = 百分数：4.35 或 4.35% 均表示 4.35%
template-kind-bool = 从下拉列表选“是”或“否”
template-kind-date = 日期，格式 YYYY-MM-DD
template-kind-datetime = 日期时间，格式 YYYY-MM-DD HH:MM
template-kind-enum = 从下拉列表选择
template-kind-credit_code = 18位统一社会信用代码
template-kind-list = 每行一项：{ $item }
template-kind-records = 每行一项

template-comment = 由 fundpolicy template 生成
template-cannot-write = 无法写出工作簿：{ $reason }
