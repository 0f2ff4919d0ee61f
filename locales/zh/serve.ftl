# `fundpolicy serve`: the HTTP service's words (starting, refusing, and every error answer).

## Starting
serve-exposed = 拒绝在 { $addr } 上提供服务：这不是本机回环地址，任何能连上它的人都能调用。
    .help = 用 --token-file 指定一个访问令牌文件，或明确加上 --no-auth；只在本机使用时请绑定 127.0.0.1。
serve-token-unreadable = 读不了令牌文件 { $path }：{ $reason }
serve-token-short = 警告：令牌文件 { $path } 中的令牌只有 { $n } 个字符，容易被猜到；建议至少 { $min } 个随机字符（例如 `openssl rand -hex 16` 生成的）
serve-token-empty = 令牌文件 { $path } 是空的；空令牌等于谁都能进，不能用。
serve-bind = 无法在 { $addr } 上监听：{ $reason }
serve-runtime = 无法启动服务：{ $reason }
serve-reload-failed = { $year }年的政策文件改动后检查不通过（{ $n } 个问题），继续使用上一个好的版本；详情见网页横幅或 /api/v1/years/{ $year }
serve-listening = 正在 http://{ $addr }/ 提供服务（政策来源：{ $source }）。按 Ctrl+C 停止。

## Error answers
serve-error-connections = 服务器连接数已满，请稍后再试。
serve-error-timeout = 请求超过 { $seconds } 秒仍未完成，已停止处理。
serve-error-token-missing = 需要访问令牌：请在请求头中加上 Authorization: Bearer <令牌>。
serve-error-token-page = 需要访问令牌才能打开这里。请刷新页面，在浏览器弹出的登录框里：用户名可随意填写，密码填管理员给您的访问令牌。
serve-error-token-wrong = 访问令牌不对。
serve-error-lang = 不支持的语言“{ $lang }”：只能是 zh 或 en。
serve-error-query-twice = 查询参数 { $key } 给了两次，无法判断要用哪一个；请只给一次
serve-error-method = { $path } 不接受 { $method } 请求。
serve-error-no-route = 没有这个地址：{ $path }
serve-error-year-unusable = { $year } 年的政策目前无法加载，详见 details。
serve-error-no-year = 没有 { $year } 年的政策。现有年份：{ $years }
serve-error-input = 输入无法使用。
serve-error-too-large = 请求内容太大：最多 { $max }。
serve-error-body = 读取请求内容时出错：{ $reason }
serve-error-content-type = 不支持的内容类型“{ $given }”：请用 application/json、application/jsonl、text/csv、application/yaml、Excel 工作簿（.xlsx）或 multipart/form-data 上传。
serve-error-multipart = 上传的表单格式不对：{ $reason }
serve-error-file-type = 看不出文件“{ $file }”的格式：请上传 .xlsx、.csv、.json、.jsonl 或 .yaml 文件。
serve-error-several-files = 一次只能上传一个文件：收到了“{ $first }”和“{ $second }”。请把申报放在一个文件里，或分开提交。
serve-multipart-no-boundary = 请求头 Content-Type 不是带 boundary 的 multipart/form-data
serve-multipart-incomplete = 上传内容不完整（传到一半被截断）
serve-multipart-garbled = 上传内容的各部分无法分开读取
serve-error-no-file = 上传的表单里没有文件。
serve-error-busy = 服务器正在接收的上传内容太多，请稍后再试。
serve-error-overloaded = 正在处理的评审太多，请稍后再试。
serve-error-internal = 服务器内部出错，请求没有完成。
serve-error-format = 不支持的结果格式“{ $format }”：只能是 json、csv 或 xlsx。
serve-error-explain-id = 请用 ?id= 指明要解释的申报记录。
serve-error-no-record = 输入中没有编号为“{ $id }”的申报记录。
serve-error-no-page = 没有这个页面：年份或项目不存在。
serve-error-form = 提交的表单无法读取。
serve-error-no-programme-field = 请选择要比较的项目。
