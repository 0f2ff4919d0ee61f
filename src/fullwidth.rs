//! Characters a Chinese input method types in place of the ASCII ones that YAML and the
//! formula language need: full-width punctuation, digits and space. Named here once, so a
//! message can say which character it is and which one to type instead.

/// A full-width character and its half-width counterpart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FullWidth {
    pub found: char,
    pub ascii: char,
    /// The catalogue key of its name (`fullwidth-colon`: 全角冒号, full-width colon).
    pub name_key: &'static str,
}

/// The full-width character `ch`, if it is one that stands for an ASCII one.
pub fn full_width(ch: char) -> Option<FullWidth> {
    let (ascii, name_key) = match ch {
        '：' => (':', "fullwidth-colon"),
        '，' => (',', "fullwidth-comma"),
        '（' => ('(', "fullwidth-open_paren"),
        '）' => (')', "fullwidth-close_paren"),
        '【' => ('[', "fullwidth-open_bracket"),
        '】' => (']', "fullwidth-close_bracket"),
        '“' | '”' => ('"', "fullwidth-double_quote"),
        '‘' | '’' => ('\'', "fullwidth-single_quote"),
        '　' => (' ', "fullwidth-space"),
        '＋' => ('+', "fullwidth-plus"),
        '－' => ('-', "fullwidth-minus"),
        '＊' => ('*', "fullwidth-asterisk"),
        '／' => ('/', "fullwidth-slash"),
        '＝' => ('=', "fullwidth-equals"),
        '＜' => ('<', "fullwidth-less"),
        '＞' => ('>', "fullwidth-greater"),
        '％' => ('%', "fullwidth-percent"),
        '．' => ('.', "fullwidth-full_stop"),
        '！' => ('!', "fullwidth-exclamation"),
        '０'..='９' => {
            let d = (ch as u32 - '０' as u32) as u8;
            (char::from(b'0' + d), "fullwidth-digit")
        }
        _ => return None,
    };
    Some(FullWidth {
        found: ch,
        ascii,
        name_key,
    })
}

impl FullWidth {
    /// Its name in the language of diagnostics (`全角冒号`, `full-width colon`).
    pub fn name(&self) -> String {
        crate::msg!(self.name_key)
    }

    /// "`：` is a full-width colon: type the half-width `:` instead", in the language of
    /// diagnostics.
    pub fn message(&self) -> String {
        if self.ascii == ' ' {
            return crate::msg!("fullwidth-message-space");
        }
        crate::msg!(
            "fullwidth-message",
            found = self.found.to_string(),
            name = self.name(),
            ascii = self.ascii.to_string()
        )
    }

    /// The short label under the character.
    pub fn label(&self) -> String {
        if self.ascii == ' ' {
            return crate::msg!("fullwidth-label-space");
        }
        crate::msg!(
            "fullwidth-label",
            name = self.name(),
            ascii = self.ascii.to_string()
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

    #[test]
    fn every_character_is_named_in_both_languages() {
        for ch in "：，（）【】“”‘’　０＋－＊／＝＜＞％．！".chars() {
            let Some(f) = full_width(ch) else {
                panic!("{ch}")
            };
            for lang in [crate::Lang::Zh, crate::Lang::En] {
                assert!(crate::i18n::has(lang, f.name_key), "{ch} {lang:?}");
            }
        }
        let colon = full_width('：');
        let zh = crate::Lang::Zh.with_messages(|| colon.map(|f| f.message()));
        let en = crate::Lang::En.with_messages(|| colon.map(|f| f.message()));
        assert_eq!(
            zh.as_deref(),
            Some("`：` 是全角冒号：请改用半角的 `:`（切换到英文输入法再输入）")
        );
        assert!(en.is_some_and(|m| m.starts_with("`：` is a full-width colon")));
    }
}
