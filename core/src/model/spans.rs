//! Span questions on a phone: a text is cut into words that can be tapped, and spans are measured in
//! characters (Unicode scalar values), as Argilla measures them.

/// One tappable word of a text: its characters `start..end` (not bytes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpanToken {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// The words of `text`: runs of letters and digits, with inner apostrophes and hyphens (`don't`, `well-known`).
/// Punctuation and spaces are left out, so a tap on "London." marks "London".
pub fn span_tokens(text: &str) -> Vec<SpanToken> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_alphanumeric() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len()
            && (chars[i].is_alphanumeric()
                || (matches!(chars[i], '\'' | '’' | '-') && chars.get(i + 1).is_some_and(|c| c.is_alphanumeric())))
        {
            i += 1;
        }
        tokens.push(SpanToken { start, end: i, text: chars[start..i].iter().collect() });
    }
    tokens
}

/// Characters `start..end` of `text`.
pub fn char_slice(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end.saturating_sub(start)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_cut_at_spaces_and_punctuation_with_character_offsets() {
        let tokens = span_tokens("Ada Lovelace lived in London. Don't stop!");
        let words: Vec<(&str, usize, usize)> = tokens.iter().map(|t| (t.text.as_str(), t.start, t.end)).collect();
        assert_eq!(words[0], ("Ada", 0, 3));
        assert_eq!(words[1], ("Lovelace", 4, 12));
        assert_eq!(words[4], ("London", 22, 28));
        assert_eq!(words[5], ("Don't", 30, 35));
        assert_eq!(words.len(), 7);
    }

    #[test]
    fn offsets_count_characters_not_bytes() {
        let tokens = span_tokens("Él vive en Málaga — كتب");
        assert_eq!((tokens[3].text.as_str(), tokens[3].start, tokens[3].end), ("Málaga", 11, 17));
        assert_eq!((tokens[4].start, tokens[4].end), (20, 23));
        assert_eq!(char_slice("Él vive en Málaga", 11, 17), "Málaga");
    }

    #[test]
    fn an_empty_or_punctuation_only_text_has_no_words() {
        assert!(span_tokens("").is_empty());
        assert!(span_tokens(" .,!? ").is_empty());
    }
}
