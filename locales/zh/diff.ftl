# `fundpolicy diff`: what changed between two policy years.

## The kinds of item a programme is described as.
diff-kind-programme = 项目
diff-kind-field = 字段
diff-kind-enum_value = 可选值
diff-kind-param = 参数
diff-kind-table = 对照表
diff-kind-check = 校验
diff-kind-rule = 资格规则
diff-kind-computed = 计算值
diff-kind-score_item = 评分项
diff-kind-scores = 评分
diff-kind-award = 奖补
diff-kind-allocation = 分配
diff-kind-flag = 标记
diff-kind-document = 申报材料
diff-kind-summary_by = 汇总分组

## The keys of an item, as a reader calls them.
diff-key-title = 标题
diff-key-status = 状态
diff-key-cite = 出处
diff-key-type = 类型
diff-key-unit = 单位
diff-key-label = 名称
diff-key-name = 名称
diff-key-help = 填写说明
diff-key-required = 必填
diff-key-min = 下限
diff-key-max = 上限
diff-key-aliases = 别名
diff-key-unique = 每批唯一
diff-key-open = 开放目录（目录外标记）
diff-key-source = 来源
diff-key-value = 值
diff-key-interpretation = 解释
diff-key-condition = 条件
diff-key-field = 报错字段
diff-key-message = 提示
diff-key-formula = 公式
diff-key-cap = 封顶
diff-key-max_score = 满分
diff-key-round = 保留小数位
diff-key-order = 排序
diff-key-awards = 名额
diff-key-quota_counts = 配额计入条件
diff-key-quota_share = 配额比例
diff-key-quota_rounding = 配额取整
diff-key-quota_flag = 配额标记
diff-key-quota_cite = 配额出处
diff-key-quota_interpretation = 配额解释
diff-key-demotion_condition = 降档条件
diff-key-demotion_flag = 降档标记
diff-key-demotion_cite = 降档出处
diff-key-group = 分组「{ $group }」
diff-key-tier = 第{ $n }档
diff-key-tier-rest = 第{ $n }档（其余名额）
diff-key-tier-label = 第{ $n }档名称
# A key written in both languages: its Chinese text, its English text.
diff-key-in-zh = { $label }（中文）
diff-key-in-en = { $label }（英文）

## Values the policy format names.
diff-type-text = 文本
diff-type-number = 数字
diff-type-money = 金额
diff-type-percent = 百分数
diff-type-bool = 是/否
diff-type-date = 日期
diff-type-datetime = 日期时间
diff-type-enum = 可选值
diff-type-credit_code = 统一社会信用代码
diff-type-list = { $item }列表
diff-type-records = 明细列表
diff-yes = 是
diff-no = 否
diff-none = （无）
diff-default = 默认 { $value }
diff-order-descending = { $formula } 从高到低
diff-order-ascending = { $formula } 从低到高
diff-rounding-ceil = 向上取整
diff-rounding-floor = 向下取整
diff-status-draft = 草案
diff-status-published = 已发布
diff-status-superseded = 已废止

## Lines.
# An item or a programme: its name, then its id.
diff-named = { $name }（{ $id }）
diff-item = { $kind } { $item }
diff-item-head = { $kind } { $item }：{ $value }
diff-line = { $key }：{ $value }
diff-change = { $key }：{ $old } → { $new }
diff-change-same-value = { $key }：{ $old } → { $new }（数值相同，仅写法不同）
diff-change-long = { $key }：
diff-was = 原：{ $value }
diff-now = 现：{ $value }
diff-now-same-value = 现：{ $value }（数值相同，仅写法不同）
# A value written with a name, and what it computes to.
diff-computes-to = { $text }（= { $value }）
diff-set-added = 增 { $items }
diff-set-removed = 删 { $items }
diff-programme-removed = 删除项目 { $programme }
diff-programme-added = 新增项目 { $programme }
diff-unchanged = （其余 { $n } 项未变）
