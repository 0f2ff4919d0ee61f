//! Characters a Chinese input method types in place of the ASCII ones that YAML and the
//! formula language need: full-width punctuation, digits and space. Named here once, so a
//! message can say which character it is and which one to type instead.

/// A full-width character and its half-width counterpart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FullWidth {
    pub found: char,
    pub ascii: char,
    /// Its name in Chinese (`全角冒号`).
    pub zh: &'static str,
    /// Its name in English (`full-width colon`).
    pub en: &'static str,
}

/// The full-width character `ch`, if it is one that stands for an ASCII one.
pub fn full_width(ch: char) -> Option<FullWidth> {
    let (ascii, zh, en) = match ch {
        '：' => (':', "全角冒号", "full-width colon"),
        '，' => (',', "全角逗号", "full-width comma"),
        '（' => ('(', "全角左括号", "full-width opening parenthesis"),
        '）' => (')', "全角右括号", "full-width closing parenthesis"),
        '【' => ('[', "全角左方括号", "full-width opening bracket"),
        '】' => (']', "全角右方括号", "full-width closing bracket"),
        '“' | '”' => ('"', "中文双引号", "Chinese double quotation mark"),
        '‘' | '’' => ('\'', "中文单引号", "Chinese single quotation mark"),
        '　' => (' ', "全角空格", "full-width space"),
        '０'..='９' => {
            let d = (ch as u32 - '０' as u32) as u8;
            (char::from(b'0' + d), "全角数字", "full-width digit")
        }
        _ => return None,
    };
    Some(FullWidth {
        found: ch,
        ascii,
        zh,
        en,
    })
}

impl FullWidth {
    /// "`：` is a full-width colon: type the half-width `:` instead", in the language of
    /// diagnostics.
    pub fn message(&self) -> String {
        if self.ascii == ' ' {
            return crate::Lang::say(
                "这里是全角空格：请改用半角空格（切换到英文输入法再输入；缩进只能用半角空格）",
                "this is a full-width space: type an ordinary half-width space instead (switch the input method to English; indentation is half-width spaces only)",
            );
        }
        crate::Lang::say(
            format!(
                "`{}` 是{}：请改用半角的 `{}`（切换到英文输入法再输入）",
                self.found, self.zh, self.ascii
            ),
            format!(
                "`{}` is a {}: type the half-width `{}` instead (switch the input method to English)",
                self.found, self.en, self.ascii
            ),
        )
    }

    /// The short label under the character.
    pub fn label(&self) -> String {
        if self.ascii == ' ' {
            return crate::Lang::say(
                "全角空格，应为半角空格",
                "full-width space, should be a space",
            );
        }
        crate::Lang::say(
            format!("{}，应为 `{}`", self.zh, self.ascii),
            format!("{}, should be `{}`", self.en, self.ascii),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_named_character_maps_to_ascii() {
        for ch in "：，（）【】“”‘’　０９".chars() {
            let f = full_width(ch);
            assert!(f.is_some_and(|f| f.ascii.is_ascii()), "{ch}");
        }
        assert_eq!(full_width('７').map(|f| f.ascii), Some('7'));
        assert_eq!(full_width('中'), None);
        assert_eq!(full_width(':'), None);
    }
}
