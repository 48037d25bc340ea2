//! Policy documents as sites have them -> the safe node tree the viewer renders.
#![cfg(not(target_arch = "wasm32"))] // native tests of the pure core

mod common;

use common::golden;
use consent_gate::core::policy::{Block, Document, Format, Inline, parse, text_of};

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// A readable outline of the tree, one node per line, for golden files.
fn outline(doc: &Document) -> String {
    let mut out = format!(
        "title: {:?}\ndate: {:?}\ndescription: {:?}\n",
        doc.title, doc.date, doc.description
    );
    blocks(&mut out, &doc.blocks, 0);
    out
}

fn blocks(out: &mut String, blocks_: &[Block], depth: usize) {
    let pad = "  ".repeat(depth);
    for b in blocks_ {
        match b {
            Block::Heading { level, id, content } => {
                out.push_str(&format!("{pad}h{level} #{id} {}\n", inlines(content)));
            }
            Block::Paragraph(c) => out.push_str(&format!("{pad}p {}\n", inlines(c))),
            Block::List {
                ordered,
                start,
                items,
            } => {
                out.push_str(&format!(
                    "{pad}{}\n",
                    if *ordered {
                        format!("ol start={start}")
                    } else {
                        "ul".into()
                    }
                ));
                for item in items {
                    out.push_str(&format!("{pad}  -\n"));
                    self::blocks(out, item, depth + 2);
                }
            }
            Block::Quote(inner) => {
                out.push_str(&format!("{pad}quote\n"));
                self::blocks(out, inner, depth + 1);
            }
            Block::Code(t) => out.push_str(&format!("{pad}pre {t:?}\n")),
            Block::Rule => out.push_str(&format!("{pad}hr\n")),
            Block::Table { head, rows } => {
                let cells = |c: &Vec<Vec<Inline>>| {
                    c.iter().map(|x| inlines(x)).collect::<Vec<_>>().join(" | ")
                };
                out.push_str(&format!("{pad}table [{}]\n", cells(head)));
                for r in rows {
                    out.push_str(&format!("{pad}  [{}]\n", cells(r)));
                }
            }
            Block::CookieDeclaration => out.push_str(&format!("{pad}[cookie declaration]\n")),
        }
    }
}

fn inlines(c: &[Inline]) -> String {
    c.iter()
        .map(|i| match i {
            Inline::Text(t) => t.clone(),
            Inline::Strong(c) => format!("**{}**", inlines(c)),
            Inline::Emphasis(c) => format!("*{}*", inlines(c)),
            Inline::Code(t) => format!("`{t}`"),
            Inline::Link {
                href,
                external,
                content,
            } => {
                format!(
                    "[{}]({href}{})",
                    inlines(content),
                    if *external { " external" } else { "" }
                )
            }
            Inline::Break => "<br>".into(),
        })
        .collect()
}

fn all_links(doc: &Document) -> Vec<(String, String)> {
    fn walk_inlines(c: &[Inline], out: &mut Vec<(String, String)>) {
        for i in c {
            match i {
                Inline::Link { href, content, .. } => out.push((href.clone(), text_of(content))),
                Inline::Strong(c) | Inline::Emphasis(c) => walk_inlines(c, out),
                _ => {}
            }
        }
    }
    fn walk(b: &[Block], out: &mut Vec<(String, String)>) {
        for block in b {
            match block {
                Block::Heading { content, .. } | Block::Paragraph(content) => {
                    walk_inlines(content, out)
                }
                Block::List { items, .. } => items.iter().for_each(|i| walk(i, out)),
                Block::Quote(inner) => walk(inner, out),
                Block::Table { head, rows } => {
                    head.iter().for_each(|c| walk_inlines(c, out));
                    rows.iter().flatten().for_each(|c| walk_inlines(c, out));
                }
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    walk(&doc.blocks, &mut out);
    out
}

#[test]
fn the_hugo_policy_reads_well() {
    let doc = parse(&fixture("takara-privacy-policy.md"), Format::Markdown);
    golden("takara-privacy-policy.outline", &outline(&doc));
    assert_eq!(
        doc.title.as_deref(),
        Some("Data Privacy Policy"),
        "from the TOML front matter"
    );
    assert_eq!(doc.updated(), Some("2024-10-15"));
    assert_eq!(
        doc.description, None,
        "an empty description is no description"
    );
    let sections: Vec<String> = doc
        .toc()
        .into_iter()
        .filter(|(level, ..)| *level == 2)
        .map(|(_, _, text)| text)
        .collect();
    assert_eq!(
        sections,
        [
            "1. Information Collection and Use",
            "2. Data Handling",
            "3. User Rights",
            "4. Client Data Processing",
            "5. Third-Party Services",
            "6. General Provisions",
            "7. Contact Us",
        ]
    );
    assert!(
        !matches!(doc.blocks.first(), Some(Block::Heading { level: 1, .. })),
        "the title is not repeated as a heading"
    );
    assert!(
        doc.toc()
            .iter()
            .any(|(_, id, _)| id == "cookies-and-tracking-technologies")
    );
    let links = all_links(&doc);
    assert!(links.contains(&(
        "mailto:privacy@takara.ai".into(),
        "privacy@takara.ai".into()
    )));
    assert_eq!(
        links
            .iter()
            .filter(|(href, _)| href == "mailto:privacy@takara.ai")
            .count(),
        2,
        "the written link and the address in the text of section 3"
    );
    assert_eq!(
        doc.blocks.last(),
        Some(&Block::CookieDeclaration),
        "appended when not placed"
    );
    let text = outline(&doc);
    assert!(text.contains("we’re taking"), "mojibake repaired");
    assert!(
        !text.contains("-To provide"),
        "a bullet missing its space is still an item"
    );
}

#[test]
fn the_plain_text_policy_reads_well() {
    let doc = parse(&fixture("kaiten-personal-data.txt"), Format::Text);
    golden("kaiten-personal-data.outline", &outline(&doc));
    let headings: Vec<String> = doc.toc().into_iter().map(|(_, _, t)| t).collect();
    assert_eq!(
        headings,
        [
            "Where personal data stored",
            "How we protect your data",
            "How we access your data",
            "How you can manage your data",
        ]
    );
    let lists: Vec<usize> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::List { items, .. } => Some(items.len()),
            _ => None,
        })
        .collect();
    assert_eq!(lists, [5, 2]);
    let links: Vec<String> = all_links(&doc).into_iter().map(|(href, _)| href).collect();
    assert!(links.contains(&"https://aws.amazon.com".to_string()));
    assert!(links.contains(&"http://analytics.google.com".to_string()));
    assert!(links.contains(&"mailto:personaldata@kaiten.io".to_string()));
    assert!(
        links.contains(&"https://www.eugdpr.org".to_string()),
        "closing parenthesis not part of it"
    );
}

#[test]
fn hostile_input_stays_text() {
    let doc = parse(
        r#"# Policy

<script>alert(1)</script>

Click <img src=x onerror=alert(2)> here, [me](javascript:alert(3)), [data](data:text/html,<b>x</b>),
[ok](https://example.com/a), [mail](mailto:a@example.com), [rel](/privacy#top) and ![tracking pixel](https://evil.example/p.gif).

<a href="javascript:alert(4)">raw link</a>
"#,
        Format::Markdown,
    );
    golden("hostile.outline", &outline(&doc));
    let links: Vec<String> = all_links(&doc).into_iter().map(|(href, _)| href).collect();
    assert_eq!(
        links,
        [
            "https://example.com/a",
            "mailto:a@example.com",
            "/privacy#top"
        ]
    );
    let text = outline(&doc);
    assert!(
        text.contains("<script>alert(1)</script>"),
        "raw HTML is shown as text"
    );
    assert!(text.contains("<img src=x onerror=alert(2)>"));
    assert!(
        !text.contains("evil.example"),
        "images are never loaded, only described"
    );
}

#[test]
fn front_matter_edge_cases() {
    let yaml = parse(
        "---\ntitle: \"Privacy: the short version\"\ndate: 2025-01-02\nlayout: page\n---\n\nText.\n",
        Format::Markdown,
    );
    assert_eq!(yaml.title.as_deref(), Some("Privacy: the short version"));
    assert_eq!(yaml.updated(), Some("2025-01-02"));
    let toml = parse(
        "+++\ntitle = \"A = B\"\ndescription = 'About us'\n+++\n# Another heading\n",
        Format::Markdown,
    );
    assert_eq!(toml.title.as_deref(), Some("A = B"));
    assert_eq!(toml.description.as_deref(), Some("About us"));
    assert!(
        matches!(toml.blocks.first(), Some(Block::Heading { level: 1, .. })),
        "a different h1 stays"
    );
    let escaped = parse(
        "+++\ntitle = \"Takara's \\\"Data\\\" Policy \\u00e9\"\ndescription = 'It''s short'\n+++\n",
        Format::Markdown,
    );
    assert_eq!(
        escaped.title.as_deref(),
        Some("Takara's \"Data\" Policy \u{e9}"),
        "double-quoted strings take backslash escapes"
    );
    assert_eq!(escaped.description.as_deref(), Some("It's short"));
    let none = parse("Just text, no heading.", Format::Markdown);
    assert_eq!(none.title, None);
    assert_eq!(none.date, None);
    let rule = parse("Intro\n\n---\n\nAfter the rule.", Format::Markdown);
    assert!(
        rule.blocks.contains(&Block::Rule),
        "a later --- is a rule, not front matter"
    );
}

#[test]
fn the_marker_places_the_declaration_once() {
    let doc = parse(
        "# P\n\n## Cookies\n\n{{cookie-declaration}}\n\n## Contact\n",
        Format::Markdown,
    );
    let kinds: Vec<&str> = doc
        .blocks
        .iter()
        .map(|b| match b {
            Block::Heading { .. } => "h",
            Block::CookieDeclaration => "declaration",
            _ => "other",
        })
        .collect();
    assert_eq!(kinds, ["h", "declaration", "h"]);
    let text = parse("Intro.\n\n{{cookie-declaration}}\n\nOutro.", Format::Text);
    assert_eq!(text.blocks[1], Block::CookieDeclaration);
    assert_eq!(text.blocks.len(), 3);
}

#[test]
fn headings_get_unique_ids() {
    let doc = parse(
        "## Cookies\n\n## Cookies\n\n## Cookie declaration\n\n## ?!\n",
        Format::Markdown,
    );
    let ids: Vec<String> = doc.toc().into_iter().map(|(_, id, _)| id).collect();
    assert_eq!(
        ids,
        ["cookies", "cookies-2", "cookie-declaration-2", "section"]
    );
}

#[test]
fn the_format_follows_the_url_and_content_type() {
    assert_eq!(Format::detect("/privacy.md", None, "x"), Format::Markdown);
    assert_eq!(Format::detect("/privacy.txt", None, "# x"), Format::Text);
    assert_eq!(
        Format::detect("/privacy", Some("text/markdown; charset=utf-8"), "x"),
        Format::Markdown
    );
    assert_eq!(
        Format::detect("/privacy", Some("text/plain"), "## x"),
        Format::Text
    );
    assert_eq!(
        Format::detect("/privacy", None, "+++\ntitle='x'\n+++"),
        Format::Markdown
    );
    assert_eq!(
        Format::detect("/privacy", None, "Plain words."),
        Format::Text
    );
    // Many hosts serve .md as text/plain: the name and the front matter win.
    assert_eq!(
        Format::detect("/privacy/index.md", Some("text/plain; charset=utf-8"), "x"),
        Format::Markdown
    );
    assert_eq!(
        Format::detect("/privacy", Some("text/plain"), "+++\ntitle='x'\n+++"),
        Format::Markdown
    );
}

// ---- the viewer's state --------------------------------------------------------------------

mod viewer {
    use std::rc::Rc;

    use super::common::*;
    use consent_gate::core::consent::{Action, Facts, Session};
    use consent_gate::core::policy::Format;
    use consent_gate::core::view::{PolicyDocument, PolicySource, Surface};

    fn doc() -> Rc<PolicySource> {
        Rc::new(PolicySource {
            text: "# Privacy".into(),
            format: Format::Markdown,
        })
    }

    #[test]
    fn opening_loads_the_policy_once_and_closing_keeps_it() {
        let (mut s, start_effects) = first_visit();
        assert!(
            !describe(&start_effects)
                .iter()
                .any(|l| l.starts_with("load policy")),
            "not on the banner's path"
        );
        let open = s.dispatch(Action::ShowPolicy, env(NOW, 1));
        assert_eq!(describe(&open)[0], "load policy /privacy.md");
        let view = s.view();
        assert_eq!(
            view.surface,
            Surface::Banner,
            "the banner stays under the viewer"
        );
        let policy = view.policy.unwrap();
        assert!(policy.open && !policy.inline);
        assert_eq!(policy.document, PolicyDocument::Loading);
        let d = doc();
        s.dispatch(Action::PolicyLoaded(Ok(Rc::clone(&d))), env(NOW, 1));
        assert_eq!(
            s.view().policy.unwrap().document,
            PolicyDocument::Ready(Rc::clone(&d))
        );
        s.dispatch(Action::ClosePolicy, env(NOW, 1));
        assert_eq!(s.view().policy, None);
        let again = s.dispatch(Action::ShowPolicy, env(NOW, 1));
        assert!(
            !describe(&again)
                .iter()
                .any(|l| l.starts_with("load policy")),
            "loaded once"
        );
        assert_eq!(s.view().policy.unwrap().document, PolicyDocument::Ready(d));
        assert!(s.consent().is_none(), "reading the policy decides nothing");
    }

    #[test]
    fn change_your_choice_in_the_viewer_leads_to_the_preferences() {
        let (mut s, _) = first_visit();
        s.dispatch(Action::ShowPolicy, env(NOW, 1));
        s.dispatch(Action::ShowPreferences, env(NOW, 1));
        let view = s.view();
        assert_eq!(view.surface, Surface::Preferences);
        assert_eq!(view.policy, None, "the viewer closes");
    }

    #[test]
    fn a_failed_load_says_why() {
        let (mut s, _) = first_visit();
        s.dispatch(Action::ShowPolicy, env(NOW, 1));
        let effects = s.dispatch(Action::PolicyLoaded(Err("HTTP 404".into())), env(NOW, 1));
        assert_eq!(
            describe(&effects)[0],
            "log Error: could not show the privacy policy: HTTP 404"
        );
        assert_eq!(
            s.view().policy.unwrap().document,
            PolicyDocument::Failed("HTTP 404".into())
        );
    }

    #[test]
    fn without_a_policy_url_there_is_nothing_to_open() {
        let (mut s, _) = start(
            config(r#"{"categories": {"a": {"title": "A", "description": "D"}}}"#),
            None,
            NOW,
        );
        let effects = s.dispatch(Action::ShowPolicy, env(NOW, 1));
        assert_eq!(
            describe(&effects)[0],
            "log Warn: there is no privacy policy to show: the config has no `policy.url`"
        );
        assert_eq!(s.view().policy, None);
    }

    #[test]
    fn a_standalone_policy_page_loads_it_at_start() {
        let (s, effects) = Session::start(
            sample(),
            Facts {
                env: env(NOW, 1),
                gpc: false,
                stored: None,
                policy_inline: true,
                declaration_inline: false,
                languages: Vec::new(),
                region: None,
            },
        );
        assert!(describe(&effects).contains(&"load policy /privacy.md".to_string()));
        let policy = s.view().policy.unwrap();
        assert!(policy.inline && !policy.open);
        assert!(
            s.view().needs_interface(),
            "the gate hands such a page over"
        );
    }

    #[test]
    fn a_page_with_a_declaration_element_gets_the_declaration_alone() {
        let facts = |declaration_inline| Facts {
            env: env(NOW, 1),
            gpc: false,
            stored: None,
            policy_inline: false,
            declaration_inline,
            languages: Vec::new(),
            region: None,
        };
        let (s, effects) = Session::start(sample(), facts(false));
        assert!(!describe(&effects).contains(&"load the policy build".to_string()));
        assert_eq!(s.view().declaration, None);

        let (mut s, effects) = Session::start(sample(), facts(true));
        let effects = describe(&effects);
        assert!(effects.contains(&"load the policy build".to_string()));
        assert!(
            !effects.iter().any(|e| e.starts_with("load policy ")),
            "the policy document itself is not fetched"
        );
        assert_eq!(s.view().declaration, Some(PolicyDocument::Loading));
        s.dispatch(Action::PolicyModuleLoaded(Ok(())), env(NOW, 2));
        match s.view().declaration {
            Some(PolicyDocument::Ready(source)) => {
                let doc = super::parse(&source.text, source.format);
                assert_eq!(doc.blocks, [super::Block::CookieDeclaration]);
                assert_eq!(doc.title, None);
            }
            other => panic!("expected the declaration, got {other:?}"),
        }
        assert!(s.view().needs_interface(), "more than the reopen control");

        let (mut s, _) = Session::start(sample(), facts(true));
        let effects = s.dispatch(
            Action::PolicyModuleLoaded(Err("HTTP 404".into())),
            env(NOW, 2),
        );
        assert_eq!(
            describe(&effects)[0],
            "log Error: could not show the cookie declaration: HTTP 404"
        );
    }
}
