//! The Markdown policy reader on generated documents: trees of quotes, lists, emphasis and
//! links written out as Markdown, whose words must all come out as text.

use std::fmt::Debug;

use crate::policy::{all_text, check_policy};
use crate::runner::*;
use consent_gate::core::policy::Format;
use proptest::prelude::*;

/// A Markdown document as a tree, written out below; its words are what must survive.
#[derive(Clone, Debug)]
pub(crate) enum Node {
    Para(Vec<Word>),
    Heading(usize, Vec<Word>),
    Code(Vec<String>),
    Quote(Vec<Node>),
    List(bool, Vec<Vec<Node>>),
}

#[derive(Clone, Debug)]
pub(crate) enum Word {
    Plain(String),
    Em(Box<Word>),
    Strong(Box<Word>),
    Link(Box<Word>),
    Code(String),
}

pub(crate) fn word() -> impl Strategy<Value = Word> {
    let plain = "[a-z]{3,8}";
    prop_oneof![4 => plain.prop_map(Word::Plain), 1 => plain.prop_map(Word::Code)].prop_recursive(
        40,
        48,
        1,
        |inner| {
            prop_oneof![
                inner.clone().prop_map(|w| Word::Em(Box::new(w))),
                inner.clone().prop_map(|w| Word::Strong(Box::new(w))),
                inner.prop_map(|w| Word::Link(Box::new(w))),
            ]
        },
    )
}

pub(crate) fn node() -> impl Strategy<Value = Node> {
    let words = || prop::collection::vec(word(), 1..5);
    let leaf = prop_oneof![
        3 => words().prop_map(Node::Para),
        1 => (1usize..=6, words()).prop_map(|(l, w)| Node::Heading(l, w)),
        1 => prop::collection::vec("[a-z]{3,8}", 1..3).prop_map(Node::Code),
    ];
    leaf.prop_recursive(48, 96, 2, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 1..3).prop_map(Node::Quote),
            (
                any::<bool>(),
                prop::collection::vec(prop::collection::vec(inner, 1..3), 1..3)
            )
                .prop_map(|(o, items)| Node::List(o, items)),
        ]
    })
}

/// A chain of containers around a paragraph, as deep as `kinds` is long.
pub(crate) fn chain() -> impl Strategy<Value = Node> {
    (prop::collection::vec(0u8..3, 0..120), words_strategy()).prop_map(|(kinds, words)| {
        kinds
            .into_iter()
            .fold(Node::Para(words), |inner, k| match k {
                0 => Node::Quote(vec![inner]),
                1 => Node::List(false, vec![vec![inner]]),
                _ => Node::List(
                    true,
                    vec![vec![Node::Para(vec![Word::Plain("item".into())]), inner]],
                ),
            })
    })
}

pub(crate) fn words_strategy() -> impl Strategy<Value = Vec<Word>> {
    prop::collection::vec(word(), 1..4)
}

pub(crate) fn write_word(w: &Word, out: &mut String, words: &mut Vec<String>) {
    match w {
        Word::Plain(s) => {
            out.push_str(s);
            words.push(s.clone());
        }
        Word::Code(s) => {
            out.push('`');
            out.push_str(s);
            out.push('`');
            words.push(s.clone());
        }
        Word::Em(inner) => {
            out.push('*');
            write_word(inner, out, words);
            out.push('*');
        }
        Word::Strong(inner) => {
            out.push_str("__");
            write_word(inner, out, words);
            out.push_str("__");
        }
        Word::Link(inner) => {
            out.push('[');
            write_word(inner, out, words);
            out.push_str("](/p)");
        }
    }
}

/// Writes `nodes` as Markdown lines, collecting the words written.
pub(crate) fn write_nodes(nodes: &[Node], lines: &mut Vec<String>, words: &mut Vec<String>) {
    for node in nodes {
        match node {
            Node::Para(ws) | Node::Heading(_, ws) => {
                let mut line = match node {
                    Node::Heading(level, _) => format!("{} ", "#".repeat(*level)),
                    _ => String::new(),
                };
                for (i, w) in ws.iter().enumerate() {
                    if i > 0 {
                        line.push(' ');
                    }
                    write_word(w, &mut line, words);
                }
                lines.push(line);
            }
            Node::Code(code) => {
                lines.push("```".into());
                lines.extend(code.iter().cloned());
                words.extend(code.iter().cloned());
                lines.push("```".into());
            }
            Node::Quote(inner) => {
                let mut sub = Vec::new();
                write_nodes(inner, &mut sub, words);
                lines.extend(sub.into_iter().map(|l| {
                    if l.is_empty() {
                        ">".into()
                    } else {
                        format!("> {l}")
                    }
                }));
            }
            Node::List(ordered, items) => {
                let (marker, pad) = if *ordered {
                    ("1. ", "   ")
                } else {
                    ("- ", "  ")
                };
                for item in items {
                    let mut sub = Vec::new();
                    write_nodes(item, &mut sub, words);
                    for (i, l) in sub.into_iter().enumerate() {
                        lines.push(match (i, l.is_empty()) {
                            (0, _) => format!("{marker}{l}"),
                            (_, true) => String::new(),
                            _ => format!("{pad}{l}"),
                        });
                    }
                }
            }
        }
        lines.push(String::new());
    }
}

#[test]
fn policy_markdown_from_generated_trees() {
    check(
        "policy_markdown_from_generated_trees",
        96,
        prop::collection::vec(prop_oneof![2 => node(), 1 => chain()], 1..4),
        |nodes| {
            let mut lines = Vec::new();
            let mut words = Vec::new();
            write_nodes(&nodes, &mut lines, &mut words);
            let text = lines.join("\n");
            let doc = check_policy(&text, Format::Markdown)?;
            let out = all_text(&doc);
            for w in &words {
                prop_assert!(
                    out.contains(w.as_str()),
                    "`{}` lost from\n{}\nread as {:#?}",
                    w,
                    text,
                    doc
                );
            }
            let plain = check_policy(&text, Format::Text)?;
            let out = all_text(&plain);
            for w in &words {
                prop_assert!(
                    out.contains(w.as_str()),
                    "`{}` lost from the text reading",
                    w
                );
            }
            Ok(())
        },
    );
}
