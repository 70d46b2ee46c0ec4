//! Markdown to HTML that is safe to put into the page with `innerHTML`.
//!
//! Records and guidelines come from strangers. Every character of the source is escaped; the only tags in
//! the output are the ones this module writes. Only `http`, `https` and `mailto` links survive (anything else
//! keeps its text and loses the link), images load only over http(s), and links open in a new tab without an
//! opener.
//!
//! Why not pulldown-cmark: it cost about 55 KB gzip of Wasm (a fifth of the app's budget), mostly for the
//! HTML5 entity table and Unicode case folding of link reference definitions, which prompts and guidelines do
//! not need. This renderer covers what they use: headings, paragraphs, emphasis, strong, strikethrough, code
//! spans and blocks, lists, block quotes, rules, links, autolinks and images. Anything else shows as text.

/// Nesting deeper than this (brackets, emphasis, quotes) is shown as text.
const MAX_DEPTH: usize = 16;

/// Render `source` as sanitized HTML.
pub fn render_safe(source: &str) -> String {
    render_with(source, &Images::All)
}

/// Which images may load as the page shows them.
pub enum Images<'a> {
    All,
    /// Those whose URL `trusted` accepts; any other is a button (`show_image` the text for its host) that a
    /// click turns into the image: `<button type="button" class="show-image" data-src=… data-alt=…>`.
    Trusted {
        trusted: &'a dyn Fn(&str) -> bool,
        show_image: &'a dyn Fn(&str) -> String,
    },
}

/// Render `source` as sanitized HTML, with images as `images` allows.
pub fn render_with(source: &str, images: &Images) -> String {
    let source = source.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = source.split('\n').collect();
    let mut out = String::with_capacity(source.len() + source.len() / 2);
    render_blocks(&lines, &mut out, 0, images);
    out
}

fn render_blocks(lines: &[&str], out: &mut String, depth: usize, images: &Images) {
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let trimmed = unindent(line);
        let indent = line.len() - trimmed.len();
        if trimmed.trim().is_empty() {
            i += 1;
        } else if let Some(fence) = fence_of(trimmed).filter(|_| indent < 4) {
            i += 1;
            out.push_str("<pre><code>");
            let mut first = true;
            while i < lines.len() && !lines[i].trim().starts_with(fence) {
                if !first {
                    out.push('\n');
                }
                escape_into(lines[i], out);
                first = false;
                i += 1;
            }
            out.push_str("</code></pre>\n");
            i += 1; // the closing fence, if any
        } else if code_line(line).is_some() {
            out.push_str("<pre><code>");
            let mut first = true;
            while i < lines.len() && (lines[i].trim().is_empty() || code_line(lines[i]).is_some()) {
                let code = code_line(lines[i]).unwrap_or("");
                if !first {
                    out.push('\n');
                }
                escape_into(code, out);
                first = false;
                i += 1;
            }
            while out.ends_with('\n') {
                out.pop();
            }
            out.push_str("</code></pre>\n");
        } else if let Some((level, text)) = heading_of(trimmed) {
            out.push_str(&format!("<h{level}>"));
            render_inline(text, out, depth, false, images);
            out.push_str(&format!("</h{level}>\n"));
            i += 1;
        } else if is_rule(trimmed) {
            out.push_str("<hr>\n");
            i += 1;
        } else if trimmed.starts_with('>') {
            let mut quoted = Vec::new();
            while i < lines.len() && unindent(lines[i]).starts_with('>') {
                let rest = &unindent(lines[i])[1..];
                quoted.push(rest.strip_prefix(' ').unwrap_or(rest));
                i += 1;
            }
            if depth >= MAX_DEPTH {
                out.push_str("<p>");
                escape_into(&quoted.join("\n"), out);
                out.push_str("</p>\n");
            } else {
                out.push_str("<blockquote>\n");
                render_blocks(&quoted, out, depth + 1, images);
                out.push_str("</blockquote>\n");
            }
        } else if let Some((ordered, _)) = list_item(trimmed) {
            let tag = if ordered { "ol" } else { "ul" };
            out.push_str(&format!("<{tag}>\n"));
            while i < lines.len() {
                let Some((is_ordered, text)) = list_item(unindent(lines[i])) else { break };
                if is_ordered != ordered {
                    break;
                }
                let mut item = vec![text];
                i += 1;
                // Lazy continuation: following indented, non-item lines belong to the item.
                while i < lines.len()
                    && lines[i].starts_with("  ")
                    && !lines[i].trim().is_empty()
                    && list_item(unindent(lines[i])).is_none()
                {
                    item.push(lines[i].trim());
                    i += 1;
                }
                out.push_str("<li>");
                render_paragraph_text(&item, out, depth, images);
                out.push_str("</li>\n");
            }
            out.push_str(&format!("</{tag}>\n"));
        } else {
            let mut paragraph = Vec::new();
            while i < lines.len() {
                let next = unindent(lines[i]);
                if next.trim().is_empty() || (!paragraph.is_empty() && starts_other_block(next)) {
                    break;
                }
                paragraph.push(next);
                i += 1;
            }
            out.push_str("<p>");
            render_paragraph_text(&paragraph, out, depth, images);
            out.push_str("</p>\n");
        }
    }
}

/// A line without its indentation. Only spaces and tabs indent: other white space (U+3000, say) is text.
fn unindent(line: &str) -> &str {
    line.trim_start_matches([' ', '\t'])
}

/// The code of an indented code line (four columns of spaces or tabs), or `None`.
fn code_line(line: &str) -> Option<&str> {
    let mut columns = 0;
    for (at, byte) in line.bytes().enumerate() {
        columns = match byte {
            b' ' => columns + 1,
            b'\t' => columns + 4 - columns % 4,
            _ => return None,
        };
        if columns >= 4 {
            return Some(&line[at + 1..]);
        }
    }
    None
}

/// Lines of one paragraph or list item: soft breaks stay newlines, two trailing spaces or `\` make `<br>`.
fn render_paragraph_text(lines: &[&str], out: &mut String, depth: usize, images: &Images) {
    for (n, line) in lines.iter().enumerate() {
        let last = n + 1 == lines.len();
        let hard = !last && (line.ends_with("  ") || line.ends_with('\\'));
        let text = if hard { line.trim_end().trim_end_matches('\\') } else { line.trim_end() };
        render_inline(text, out, depth, false, images);
        if hard {
            out.push_str("<br>\n");
        } else if !last {
            out.push('\n');
        }
    }
}

fn fence_of(line: &str) -> Option<&'static str> {
    if line.starts_with("```") {
        Some("```")
    } else if line.starts_with("~~~") {
        Some("~~~")
    } else {
        None
    }
}

fn heading_of(line: &str) -> Option<(usize, &str)> {
    let level = line.bytes().take_while(|b| *b == b'#').count();
    if !(1..=6).contains(&level) {
        return None;
    }
    let rest = &line[level..];
    if !(rest.is_empty() || rest.starts_with(' ') || rest.starts_with('\t')) {
        return None;
    }
    Some((level, rest.trim().trim_end_matches('#').trim_end()))
}

fn is_rule(line: &str) -> bool {
    let compact: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    compact.len() >= 3 && ["-", "*", "_"].iter().any(|m| compact.chars().all(|c| c.to_string() == *m))
}

/// `- item`, `* item`, `+ item` or `1. item` / `1) item`: whether it is ordered, and the item's text.
fn list_item(line: &str) -> Option<(bool, &str)> {
    for marker in ["- ", "* ", "+ "] {
        if let Some(rest) = line.strip_prefix(marker) {
            return Some((false, rest.trim_start()));
        }
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=9).contains(&digits) {
        let rest = &line[digits..];
        if let Some(text) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return Some((true, text.trim_start()));
        }
    }
    None
}

fn starts_other_block(line: &str) -> bool {
    fence_of(line).is_some()
        || heading_of(line).is_some()
        || line.starts_with('>')
        || list_item(line).is_some()
        || is_rule(line)
}

/// Where the delimiters of one line of inline text are, found in one pass, so that every opener finds its
/// closer without scanning ahead: rendering stays linear in the length of the text, whatever its content.
struct Marks {
    /// `[` positions in order, and the matching `]` of each (`NONE` when unmatched).
    brackets: Pairs,
    /// `(` positions in order, and the matching `)` on the same line.
    parens: Pairs,
    /// Starts of backtick runs, by run length (index 0 unused).
    backticks: Vec<Vec<usize>>,
    /// Starts of runs that can close emphasis, one list per `EMPHASIS` kind.
    closers: [Vec<usize>; 5],
}

const NONE: usize = usize::MAX;
/// The emphasis kinds: delimiter byte and width.
const EMPHASIS: [(u8, usize); 5] = [(b'*', 1), (b'*', 2), (b'_', 1), (b'_', 2), (b'~', 2)];

#[derive(Default)]
struct Pairs {
    opens: Vec<usize>,
    closes: Vec<usize>,
}

impl Pairs {
    /// An opener at `at`: unmatched until a closer pops it off `stack`.
    fn open(&mut self, stack: &mut Vec<usize>, at: usize) {
        stack.push(self.opens.len());
        self.opens.push(at);
        self.closes.push(NONE);
    }

    fn close(&mut self, stack: &mut Vec<usize>, at: usize) {
        if let Some(open) = stack.pop() {
            self.closes[open] = at;
        }
    }

    fn close_of(&self, open: usize) -> Option<usize> {
        let at = self.opens.binary_search(&open).ok()?;
        Some(self.closes[at]).filter(|c| *c != NONE)
    }
}

impl Marks {
    fn of(text: &str) -> Marks {
        let bytes = text.as_bytes();
        let mut marks = Marks {
            brackets: Pairs::default(),
            parens: Pairs::default(),
            backticks: Vec::new(),
            closers: Default::default(),
        };
        let (mut bracket_stack, mut paren_stack) = (Vec::new(), Vec::new());
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                // As a link label reads it: a backslash hides the next byte from bracket matching.
                b'\\' => {
                    i += 2;
                    continue;
                }
                b'[' => marks.brackets.open(&mut bracket_stack, i),
                b']' => marks.brackets.close(&mut bracket_stack, i),
                b'(' => marks.parens.open(&mut paren_stack, i),
                b')' => marks.parens.close(&mut paren_stack, i),
                b'\n' => paren_stack.clear(),
                _ => {}
            }
            i += 1;
        }
        let mut i = 0;
        while i < bytes.len() {
            let byte = bytes[i];
            if !matches!(byte, b'`' | b'*' | b'_' | b'~') {
                i += 1;
                continue;
            }
            let run = bytes[i..].iter().take_while(|b| **b == byte).count();
            if byte == b'`' {
                if marks.backticks.len() <= run {
                    marks.backticks.resize_with(run + 1, Vec::new);
                }
                marks.backticks[run].push(i);
            } else if let Some(kind) = EMPHASIS.iter().position(|k| *k == (byte, run)) {
                let after_space = text[..i].chars().next_back().is_none_or(char::is_whitespace);
                let intraword = byte == b'_' && text[i + run..].chars().next().is_some_and(char::is_alphanumeric);
                if i > 0 && !after_space && !intraword {
                    marks.closers[kind].push(i);
                }
            }
            i += run;
        }
        marks
    }

    /// The first of `starts` at or after `from`.
    fn first_from(starts: &[usize], from: usize) -> Option<usize> {
        starts.get(starts.partition_point(|s| *s < from)).copied()
    }
}

/// `in_link`: inside a link's text, where a link would nest one `<a>` in another; it shows its text.
fn render_inline(text: &str, out: &mut String, depth: usize, in_link: bool, images: &Images) {
    if depth >= MAX_DEPTH || !text.bytes().any(|b| b"\\`<![*_~".contains(&b)) {
        escape_into(text, out);
        return;
    }
    let marks = Marks::of(text);
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut plain_start = 0;
    let flush = |out: &mut String, from: usize, to: usize| escape_into(&text[from..to], out);
    while i < bytes.len() {
        let consumed = match bytes[i] {
            b'\\' if i + 1 < bytes.len() && bytes[i + 1].is_ascii_punctuation() => {
                flush(out, plain_start, i);
                escape_into(&text[i + 1..i + 2], out);
                Some(i + 2)
            }
            b'`' => match code_span(text, &marks, i) {
                Ok((code, end)) => {
                    flush(out, plain_start, i);
                    out.push_str("<code>");
                    escape_into(code, out);
                    out.push_str("</code>");
                    Some(end)
                }
                // An unclosed run of backticks is text, all of it.
                Err(run_end) => {
                    i = run_end;
                    continue;
                }
            },
            b'<' => autolink(text, i).map(|(url, end)| {
                flush(out, plain_start, i);
                write_link(url, "", in_link, out, |out, _| escape_into(url, out));
                end
            }),
            b'!' if bytes.get(i + 1) == Some(&b'[') => link_at(text, &marks, i + 1).map(|(label, url, title, end)| {
                flush(out, plain_start, i);
                let web = matches!(scheme_of(url).as_deref(), Some("http" | "https"));
                if let (true, Images::Trusted { trusted, show_image }) = (web, images) {
                    if !trusted(url) {
                        out.push_str("<button type=\"button\" class=\"show-image\" data-src=\"");
                        escape_into(url, out);
                        out.push_str("\" data-alt=\"");
                        escape_into(label, out);
                        out.push_str("\">");
                        escape_into(&show_image(url), out);
                        out.push_str("</button>");
                        return end;
                    }
                }
                if web {
                    out.push_str("<img src=\"");
                    escape_into(url, out);
                    out.push_str("\" alt=\"");
                    escape_into(label, out);
                    out.push('"');
                    if !title.is_empty() {
                        out.push_str(" title=\"");
                        escape_into(title, out);
                        out.push('"');
                    }
                    out.push_str(" loading=\"lazy\">");
                } else {
                    escape_into(label, out);
                }
                end
            }),
            b'[' => link_at(text, &marks, i).map(|(label, url, title, end)| {
                flush(out, plain_start, i);
                write_link(url, title, in_link, out, |out, linked| {
                    render_inline(label, out, depth + 1, linked, images)
                });
                end
            }),
            b'*' | b'_' | b'~' => emphasis_at(text, &marks, i).map(|(tag, inner, end)| {
                flush(out, plain_start, i);
                out.push_str(&format!("<{tag}>"));
                render_inline(inner, out, depth + 1, in_link, images);
                out.push_str(&format!("</{tag}>"));
                end
            }),
            _ => None,
        };
        match consumed {
            Some(end) => {
                i = end;
                plain_start = end;
            }
            None => i += text[i..].chars().next().map_or(1, char::len_utf8),
        }
    }
    flush(out, plain_start, bytes.len());
}

/// A code span opened by a run of backticks at `start`: its content and where it ends; or, when no run of the
/// same length closes it, where the opening run ends.
fn code_span<'a>(text: &'a str, marks: &Marks, start: usize) -> Result<(&'a str, usize), usize> {
    let run = text[start..].bytes().take_while(|b| *b == b'`').count();
    let body_start = start + run;
    let closer = marks.backticks.get(run).and_then(|starts| Marks::first_from(starts, body_start));
    let Some(close) = closer else { return Err(body_start) };
    let code = &text[body_start..close];
    let code =
        if code.len() > 2 && code.starts_with(' ') && code.ends_with(' ') { &code[1..code.len() - 1] } else { code };
    Ok((code, close + run))
}

/// `<https://…>` or `<mailto:…>`: the URL and where the autolink ends. It stops at the first space or `<`, so
/// no byte is looked at twice.
fn autolink(text: &str, start: usize) -> Option<(&str, usize)> {
    let rest = &text[start + 1..];
    let close = rest.find(|c: char| c == '>' || c == '<' || c.is_whitespace())?;
    let url = &rest[..close];
    if !rest[close..].starts_with('>') || url.is_empty() || !url.contains(':') {
        return None;
    }
    Some((url, start + 1 + close + 1))
}

/// `[label](url "title")` at `start` (the `[`): its parts and where it ends.
fn link_at<'a>(text: &'a str, marks: &Marks, start: usize) -> Option<(&'a str, &'a str, &'a str, usize)> {
    let label_end = marks.brackets.close_of(start)?;
    if text.as_bytes().get(label_end + 1) != Some(&b'(') {
        return None;
    }
    let close = marks.parens.close_of(label_end + 1)?;
    let inside = text[label_end + 2..close].trim();
    let (url, title) = match inside.find(char::is_whitespace) {
        Some(space) => {
            let title = inside[space..].trim();
            let title = title.strip_prefix('"').and_then(|t| t.strip_suffix('"')).unwrap_or(title);
            (&inside[..space], title)
        }
        None => (inside, ""),
    };
    let url = url.strip_prefix('<').and_then(|u| u.strip_suffix('>')).unwrap_or(url);
    Some((&text[start + 1..label_end], url, title, close + 1))
}

/// `**strong**`, `__strong__`, `*em*`, `_em_` or `~~del~~` at `start`.
fn emphasis_at<'a>(text: &'a str, marks: &Marks, start: usize) -> Option<(&'static str, &'a str, usize)> {
    let bytes = text.as_bytes();
    let marker = bytes[start];
    let run = text[start..].bytes().take_while(|b| *b == marker).count();
    let kind = EMPHASIS.iter().position(|k| *k == (marker, run))?;
    let tag = match (marker, run) {
        (b'~', _) => "del",
        (_, 2) => "strong",
        _ => "em",
    };
    // `_` inside a word (snake_case) is text.
    let before = text[..start].chars().next_back();
    if marker == b'_' && before.is_some_and(char::is_alphanumeric) {
        return None;
    }
    let inner_start = start + run;
    if text[inner_start..].chars().next().is_none_or(char::is_whitespace) {
        return None;
    }
    let close = Marks::first_from(&marks.closers[kind], inner_start + 1)?;
    Some((tag, &text[inner_start..close], close + run))
}

/// A link to `url`, or only its label where the scheme is not allowed or a link already encloses it. The label
/// is told whether it is inside a link.
fn write_link(url: &str, title: &str, in_link: bool, out: &mut String, label: impl FnOnce(&mut String, bool)) {
    if in_link || !matches!(scheme_of(url).as_deref(), Some("http" | "https" | "mailto")) {
        label(out, in_link);
        return;
    }
    out.push_str("<a href=\"");
    escape_into(url, out);
    out.push_str("\" target=\"_blank\" rel=\"noopener noreferrer nofollow\"");
    if !title.is_empty() {
        out.push_str(" title=\"");
        escape_into(title, out);
        out.push('"');
    }
    out.push('>');
    label(out, true);
    out.push_str("</a>");
}

/// The URL scheme, lower-cased, ignoring the whitespace and control characters browsers ignore.
fn scheme_of(url: &str) -> Option<String> {
    let cleaned: String = url.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect();
    let colon = cleaned.find(':')?;
    let scheme = &cleaned[..colon];
    scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)).then(|| scheme.to_ascii_lowercase())
}

/// `text` escaped for HTML text and attribute values.
pub fn escape_into(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // As an HTML parser would read it.
            '\0' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_markdown_renders() {
        let html = render_safe("# Title\n\nSome **bold**, *italic*, ~~old~~ and `code`.\n\n- a\n- b\n\n1. one\n2. two");
        assert!(html.contains("<h1>Title</h1>"), "{html}");
        assert!(html.contains("<strong>bold</strong>"));
        assert!(html.contains("<em>italic</em>"));
        assert!(html.contains("<del>old</del>"));
        assert!(html.contains("<code>code</code>"));
        assert!(html.contains("<ul>\n<li>a</li>\n<li>b</li>\n</ul>"), "{html}");
        assert!(html.contains("<ol>\n<li>one</li>\n<li>two</li>\n</ol>"), "{html}");
    }

    #[test]
    fn raw_html_blocks_and_inline_tags_are_shown_as_text() {
        let html = render_safe("<script>alert(1)</script>\n\nHello <img src=x onerror=alert(1)> there");
        assert!(!html.contains("<script"));
        assert!(!html.contains("<img"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
    }

    #[test]
    fn entities_are_shown_as_written() {
        assert_eq!(render_safe("&lt;b&gt; &amp; &#x3C;"), "<p>&amp;lt;b&amp;gt; &amp;amp; &amp;#x3C;</p>\n");
    }

    #[test]
    fn javascript_and_data_links_lose_the_link_but_keep_the_text() {
        for url in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "java\tscript:alert(1)",
            "data:text/html,<b>x</b>",
            "vbscript:x",
            " javascript:x",
        ] {
            let html = render_safe(&format!("[click]({url})"));
            assert!(!html.contains("<a"), "{url}: {html}");
            assert!(html.contains("click"), "{url}: {html}");
        }
    }

    #[test]
    fn relative_links_are_not_links() {
        assert!(!render_safe("[x](/admin)").contains("<a"));
        assert!(!render_safe("[x](#top)").contains("<a"));
    }

    #[test]
    fn http_https_and_mailto_links_open_safely_in_a_new_tab() {
        let html = render_safe("[hf](https://huggingface.co) [m](mailto:a@b.c) [h](http://x.org \"T\")");
        assert!(
            html.contains(
                r#"<a href="https://huggingface.co" target="_blank" rel="noopener noreferrer nofollow">hf</a>"#
            ),
            "{html}"
        );
        assert!(html.contains(r#"href="mailto:a@b.c""#));
        assert!(html.contains(r#"title="T""#));
    }

    #[test]
    fn link_text_keeps_its_formatting_and_urls_keep_balanced_parentheses() {
        let html = render_safe("[**Wiki**](https://en.wikipedia.org/wiki/Rust_(language))");
        assert!(html.contains(r#"href="https://en.wikipedia.org/wiki/Rust_(language)""#), "{html}");
        assert!(html.contains("<strong>Wiki</strong></a>"), "{html}");
    }

    #[test]
    fn attribute_breakouts_in_a_url_are_escaped() {
        let html = render_safe("[x](https://a.b/\"onmouseover=\"alert(1))");
        assert!(!html.contains("\"onmouseover"), "{html}");
    }

    #[test]
    fn autolinks_follow_the_same_rules() {
        assert!(render_safe("<https://example.org>").contains("href=\"https://example.org\""));
        assert!(!render_safe("<javascript:alert(1)>").contains("<a"));
    }

    #[test]
    fn only_http_images_load_and_others_keep_their_alt_text() {
        let good = render_safe("![cat](https://example.org/cat.png)");
        assert!(good.contains("<img src=\"https://example.org/cat.png\" alt=\"cat\""), "{good}");
        let bad = render_safe("![pixel](javascript:alert(1))");
        assert!(!bad.contains("<img"), "{bad}");
        assert!(bad.contains("pixel"), "{bad}");
    }

    #[test]
    fn an_image_from_an_untrusted_host_waits_behind_a_button_naming_it() {
        let trusted = |url: &str| url.starts_with("https://huggingface.co/");
        let show_image = |url: &str| format!("Show image from {}", url.split('/').nth(2).unwrap_or_default());
        let images = Images::Trusted { trusted: &trusted, show_image: &show_image };
        let html = render_with("![pixel](https://t.example/p.gif \"x\") ![ok](https://huggingface.co/a.png)", &images);
        assert!(
            html.contains(r#"<button type="button" class="show-image" data-src="https://t.example/p.gif" data-alt="pixel">Show image from t.example</button>"#),
            "{html}"
        );
        assert!(html.contains(r#"<img src="https://huggingface.co/a.png" alt="ok""#), "{html}");
        assert_eq!(html.matches("<img").count(), 1);
    }

    #[test]
    fn a_link_inside_a_dropped_link_is_still_balanced() {
        let html = render_safe("[a [b](https://x.y) c](javascript:x)");
        assert_eq!(html.matches("<a ").count(), html.matches("</a>").count(), "{html}");
    }

    #[test]
    fn code_keeps_markdown_and_html_as_text() {
        let html = render_safe("Use `**not bold** <b>` here.\n\n```rust\nfn main() { println!(\"<hi>\"); }\n```");
        assert!(html.contains("<code>**not bold** &lt;b&gt;</code>"), "{html}");
        assert!(html.contains("<pre><code>fn main() { println!(&quot;&lt;hi&gt;&quot;); }</code></pre>"), "{html}");
    }

    #[test]
    fn snake_case_and_lone_stars_are_text() {
        let html = render_safe("call my_function_name with 2 * 3 * 4");
        assert_eq!(html, "<p>call my_function_name with 2 * 3 * 4</p>\n");
    }

    #[test]
    fn quotes_rules_and_line_breaks() {
        let html = render_safe("> quoted *text*\n> more\n\n---\n\nline one  \nline two");
        assert!(html.contains("<blockquote>\n<p>quoted <em>text</em>\nmore</p>\n</blockquote>"), "{html}");
        assert!(html.contains("<hr>"));
        assert!(html.contains("line one<br>\nline two"), "{html}");
    }

    #[test]
    fn backslash_escapes_make_markdown_characters_literal() {
        assert_eq!(render_safe("\\*not em\\* \\<b\\>"), "<p>*not em* &lt;b&gt;</p>\n");
    }

    #[test]
    fn hostile_nesting_and_long_runs_stay_fast_and_escaped() {
        let deep = "[".repeat(5_000) + &"]".repeat(5_000);
        let stars = "*a ".repeat(5_000);
        let quotes = ">".repeat(200) + " deep";
        for input in [deep.as_str(), stars.as_str(), quotes.as_str()] {
            let html = render_safe(input);
            assert!(!html.contains("<script"));
            assert!(html.len() >= input.len() / 2);
        }
    }

    #[test]
    fn crlf_line_endings_are_normalised() {
        assert_eq!(render_safe("a\r\nb\r\n\r\nc"), "<p>a\nb</p>\n<p>c</p>\n");
    }

    #[test]
    fn multibyte_text_survives_every_path() {
        let html = render_safe("مرحبا **بالعالم** _ñandú_ `código` [enlace](https://es.wikipedia.org/wiki/Ñandú)");
        assert!(html.contains("<strong>بالعالم</strong>"), "{html}");
        assert!(html.contains("<em>ñandú</em>"), "{html}");
        assert!(html.contains("<code>código</code>"));
        assert!(html.contains("href=\"https://es.wikipedia.org/wiki/Ñandú\""));
    }
}
