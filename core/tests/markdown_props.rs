//! The markdown renderer against well-kept crates: whatever a stranger's dataset holds, `render_safe` never
//! panics, stays linear in time, and writes well-formed HTML that ammonia (a real sanitizer, set to the same
//! allow-list) leaves exactly as it is; on ordinary markdown it reads as pulldown-cmark reads it.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use std::time::Instant;
use together_core::markdown::render_safe;

/// One piece of the HTML: a start tag with its attributes (sorted), an end tag, or text (decoded).
#[derive(Clone, Debug, PartialEq)]
enum Token {
    Start(String, Vec<(String, String)>),
    End(String),
    Text(String),
}

const VOID: [&str; 3] = ["br", "hr", "img"];
const TAGS: [&str; 20] = [
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "em",
    "strong",
    "del",
    "code",
    "pre",
    "ul",
    "ol",
    "li",
    "blockquote",
    "a",
    "img",
    "br",
    "hr",
];

fn attributes_of(tag: &str) -> &'static [&'static str] {
    match tag {
        "a" => &["href", "rel", "target", "title"],
        "img" => &["alt", "loading", "src", "title"],
        _ => &[],
    }
}

fn decode(text: &str, strict: bool) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let (entity, decoded) =
            [("&amp;", "&"), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&nbsp;", "\u{a0}")]
                .into_iter()
                .find(|(e, _)| tail.starts_with(e))
                .ok_or_else(|| format!("a bare & in {text:?}"))?;
        if strict && entity == "&nbsp;" {
            return Err("&nbsp; is not written by the renderer".into());
        }
        out.push_str(decoded);
        rest = &tail[entity.len()..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Read HTML made of the renderer's own tags. `strict`: the renderer's output, which must be well-formed,
/// escaped and limited to its allow-list; otherwise ammonia's, which escapes a little differently.
fn tokens(html: &str, strict: bool) -> Result<Vec<Token>, String> {
    let mut out: Vec<Token> = Vec::new();
    let mut open: Vec<String> = Vec::new();
    let mut rest = html;
    while !rest.is_empty() {
        let Some(at) = rest.find('<') else {
            push_text(&mut out, decode(rest, strict)?);
            break;
        };
        if at > 0 {
            let text = &rest[..at];
            if strict && text.contains('>') {
                return Err(format!("a bare > in text {text:?}"));
            }
            push_text(&mut out, decode(text, strict)?);
        }
        let tail = &rest[at + 1..];
        let close = tail.find('>').ok_or("a tag that does not end")?;
        let inside = &tail[..close];
        rest = &tail[close + 1..];
        if let Some(name) = inside.strip_prefix('/') {
            let top = open.pop().ok_or_else(|| format!("</{name}> closes nothing"))?;
            if top != name {
                return Err(format!("</{name}> closes <{top}>"));
            }
            out.push(Token::End(name.to_owned()));
            continue;
        }
        let (name, mut attrs) = inside.split_once(' ').map_or((inside, ""), |(n, a)| (n, a));
        if !TAGS.contains(&name) {
            return Err(format!("a tag outside the allow-list: <{name}>"));
        }
        let mut pairs = Vec::new();
        while !attrs.trim().is_empty() {
            attrs = attrs.trim_start();
            let eq = attrs.find("=\"").ok_or_else(|| format!("an unquoted attribute in <{inside}>"))?;
            let key = &attrs[..eq];
            let value_end = attrs[eq + 2..].find('"').ok_or("an attribute value that does not end")?;
            let value = &attrs[eq + 2..eq + 2 + value_end];
            if !attributes_of(name).contains(&key) {
                return Err(format!("an attribute outside the allow-list: {key} on <{name}>"));
            }
            if strict && value.contains(['<', '>']) {
                return Err(format!("an unescaped < or > in {key}"));
            }
            let value = decode(value, strict)?;
            if matches!(key, "href" | "src") {
                let lower = value.to_ascii_lowercase();
                let allowed: &[&str] =
                    if key == "href" { &["http://", "https://", "mailto:"] } else { &["http://", "https://"] };
                if !allowed.iter().any(|s| lower.starts_with(s)) {
                    return Err(format!("a {key} with a scheme outside the allow-list: {value:?}"));
                }
            }
            pairs.push((key.to_owned(), value));
            attrs = &attrs[eq + 2 + value_end + 1..];
        }
        pairs.sort();
        if !VOID.contains(&name) {
            if name == "a" && open.iter().any(|t| t == "a") {
                return Err("a link inside a link".into());
            }
            open.push(name.to_owned());
        }
        out.push(Token::Start(name.to_owned(), pairs));
        if VOID.contains(&name) {
            out.push(Token::End(name.to_owned()));
        }
    }
    if let Some(tag) = open.pop() {
        return Err(format!("<{tag}> is never closed"));
    }
    Ok(out)
}

fn push_text(out: &mut Vec<Token>, text: String) {
    if text.is_empty() {
        return;
    }
    if let Some(Token::Text(last)) = out.last_mut() {
        last.push_str(&text);
    } else {
        out.push(Token::Text(text));
    }
}

/// ammonia set to exactly what the renderer may write.
fn sanitizer() -> ammonia::Builder<'static> {
    let mut builder = ammonia::Builder::empty();
    builder
        .add_tags(TAGS)
        .add_tag_attributes("a", ["href", "rel", "target", "title"])
        .add_tag_attributes("img", ["alt", "loading", "src", "title"])
        .add_url_schemes(["http", "https", "mailto"])
        .url_relative(ammonia::UrlRelative::Deny)
        .link_rel(None)
        .strip_comments(true);
    builder
}

/// Source text as strangers write it: many scripts, marks, bidi controls and emoji, with markdown and HTML
/// syntax and hostile constructs mixed in.
fn hostile_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        "[\\u{0600}-\\u{06FF}]{1,12}", // Arabic
        "[\\u{4E00}-\\u{4FFF}]{1,8}",  // CJK
        "[\\u{0900}-\\u{097F}]{1,8}",  // Devanagari
        "[a-zA-Z0-9]{1,8}",
        "[\\u{1F300}-\\u{1F64F}]{1,3}",                               // emoji
        "[\\u{0300}-\\u{036F}]{1,3}",                                 // combining marks
        "[\\u{202A}-\\u{202E}\\u{2066}-\\u{2069}\\u{200E}\\u{200F}]", // bidi controls
        "[ \\t\\n\\r\\u{3000}\\u{00A0}\\u{0000}\\u{000C}]{1,4}",
        "\\PC{1,6}",
        prop::sample::select(vec![
            "*",
            "**",
            "***",
            "_",
            "__",
            "~",
            "~~",
            "`",
            "``",
            "```",
            "~~~",
            "[",
            "]",
            "](",
            "(",
            ")",
            "<",
            ">",
            "!",
            "![",
            "#",
            "## ",
            "> ",
            "- ",
            "* ",
            "1. ",
            "2) ",
            "\\",
            "    ",
            "\t",
            "---",
            "\n\n",
            "  \n",
            "https://example.org/a_(b)",
            "mailto:a@b.c",
            "javascript:alert(1)",
            "JaVa\tScRiPt:x",
            "data:text/html,x",
            "vbscript:x",
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "\" onmouseover=\"x",
            "' onfocus='x",
            "&amp;",
            "&#x3C;",
            "&lt;",
            "<a href=\"javascript:x\">",
            "</p>",
            "<!--",
            "-->",
            "[x](javascript:alert(1))",
            "![p](https://t.example/p.gif)",
            "<https://x.y>",
            "<javascript:x>",
            "[a [b](https://x.y) c](https://z.w)",
            "\u{FEFF}",
        ])
        .prop_map(str::to_owned),
    ]
}

fn hostile_source() -> impl Strategy<Value = String> {
    prop::collection::vec(hostile_piece(), 0..80).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 768, ..ProptestConfig::default() })]

    #[test]
    fn any_text_renders_to_well_formed_html_of_the_allow_list(source in hostile_source()) {
        let html = render_safe(&source);
        if let Err(problem) = tokens(&html, true) {
            return Err(TestCaseError::fail(format!("{problem}\nsource: {source:?}\nhtml: {html:?}")));
        }
    }

    #[test]
    fn ammonia_set_to_the_same_allow_list_changes_nothing(source in hostile_source()) {
        let html = render_safe(&source);
        let cleaned = sanitizer().clean(&html).to_string();
        let ours = tokens(&html, true).map_err(TestCaseError::fail)?;
        let theirs = tokens(&cleaned, false).map_err(TestCaseError::fail)?;
        prop_assert_eq!(ours, theirs, "source: {:?}\nours: {:?}\nammonia: {:?}", source, html, cleaned);
    }

    #[test]
    fn ordinary_markdown_reads_as_pulldown_cmark_reads_it(source in ordinary_source()) {
        let ours = tokens(&render_safe(&source), true).map_err(TestCaseError::fail)?;
        let theirs = tokens(&commonmark(&source), false).map_err(TestCaseError::fail)?;
        prop_assert_eq!(without_link_attributes(ours), without_link_attributes(theirs), "source: {:?}", source);
    }
}

fn commonmark(source: &str) -> String {
    let parser = pulldown_cmark::Parser::new_ext(source, pulldown_cmark::Options::ENABLE_STRIKETHROUGH);
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, parser);
    html.replace("\n<", "<").replace(">\n", ">")
}

/// Links compare by their address; the renderer adds `target` and `rel` of its own.
fn without_link_attributes(tokens: Vec<Token>) -> Vec<Token> {
    tokens
        .into_iter()
        .filter_map(|t| match t {
            Token::Start(name, attrs) => {
                Some(Token::Start(name, attrs.into_iter().filter(|(k, _)| k == "href" || k == "src").collect()))
            }
            Token::Text(text) => {
                let trimmed = text.trim_matches('\n');
                (!trimmed.is_empty()).then(|| Token::Text(trimmed.to_owned()))
            }
            other => Some(other),
        })
        .collect()
}

/// Words of several scripts, some of them formatted, in paragraphs, headings and lists.
fn ordinary_source() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        "[\\u{0627}-\\u{064A}]{1,8}",
        "[\\u{4E00}-\\u{4FFF}]{1,4}",
        "[\\u{0905}-\\u{0939}]{1,6}",
        "[a-zA-Zñé]{1,8}",
    ];
    let formatted = (word, 0..7usize).prop_map(|(w, style)| match style {
        0 => format!("**{w}**"),
        1 => format!("*{w}*"),
        2 => format!("`{w}`"),
        3 => format!("[{w}](https://example.org/{style})"),
        4 => format!("~~{w}~~"),
        _ => w,
    });
    let line = prop::collection::vec(formatted, 1..8).prop_map(|words| words.join(" "));
    // Items of one list follow each other line by line (a tight list, as the renderer writes every list).
    prop::collection::vec((line, 0..4usize), 1..6).prop_map(|blocks| {
        let mut source = String::new();
        let mut in_list = false;
        for (line, kind) in blocks {
            let item = kind == 1;
            if !source.is_empty() {
                source.push_str(if item && in_list { "\n" } else { "\n\n" });
            }
            match kind {
                0 => source.push_str(&format!("# {line}")),
                1 => source.push_str(&format!("- {line}")),
                _ => source.push_str(&line),
            }
            in_list = item;
        }
        source
    })
}

#[test]
fn a_long_run_of_multibyte_text_after_a_delimiter_does_not_panic() {
    for opener in ["*a", "**a", "_a", "`", "``", "~~a", "[", "![", "<", "[a](", "\\"] {
        for filler in ["م", "中", "😀", "é"] {
            let source = format!("{opener}{}", filler.repeat(3000));
            let html = render_safe(&source);
            assert!(html.contains(filler), "{opener}");
            tokens(&html, true).unwrap();
        }
    }
}

#[test]
fn unicode_indentation_is_text_not_an_endless_code_block() {
    for source in ["\u{3000}\u{3000}x", "   \tx", "  \t  y", "\t\u{3000}z"] {
        let html = render_safe(source);
        tokens(&html, true).unwrap();
        assert!(html.contains(source.trim_start_matches([' ', '\t']).trim_start_matches('\u{3000}')), "{html}");
    }
}

/// Seconds to render `unit` repeated `times` times (the best of three).
fn seconds(unit: &str, times: usize) -> f64 {
    let source = unit.repeat(times);
    (0..3)
        .map(|_| {
            let started = Instant::now();
            std::hint::black_box(render_safe(&source));
            started.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}

#[test]
fn hostile_inputs_render_in_linear_time() {
    // Each of these was, or would be, quadratic for a renderer that scans ahead from every opener.
    let units = [
        "*a ", "**a ", "_a ", "~~a ", "`a", "``a`", "[a ", "[](", "[a](b ", "<a", "<a ", "![", "a*", "[[", "]]", "((",
        "\\*", "*م ", "> ", "- ", "# a\n", "    a\n", "a\n",
    ];
    for unit in units {
        let small = seconds(unit, 40_000);
        let large = seconds(unit, 320_000);
        // Eight times the input: linear is about 8x (a little more for the allocator and caches); quadratic
        // would be about 64x. Timer noise on tiny figures is absorbed by the floor.
        assert!(large <= 20.0 * small.max(0.01), "{unit:?}: {small:.4}s for 40,000, {large:.4}s for 320,000");
    }
}

#[test]
fn five_megabytes_of_hostile_markdown_render_within_seconds() {
    let source = "*a [b](c `d` ".repeat(5_000_000 / 13);
    let started = Instant::now();
    let html = render_safe(&source);
    assert!(html.len() > source.len());
    // Debug build, 2 cores: generous; release (the app) is about 10x faster.
    assert!(started.elapsed().as_secs_f64() < 20.0, "{:?}", started.elapsed());
}
