//! The look: colour schemes, the site's colours (checked for contrast), font and radius, and
//! the layouts of the first layer.
//!
//! The interface's stylesheet reads every colour from a private custom property that falls
//! back, in order, to the page's documented property (`--cg-background`, set by the host page
//! and inherited into the shadow root), then to the config's `theme`, then to the built-in
//! palette of the scheme. [`Theme::css`] writes the config's part.

#[allow(unused_imports)]
use crate::prelude::*;
use core::fmt::Write as _;

/// One colour the site may set: its config key, its CSS custom property, and where it is used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Dialog and banner background.
    Background,
    /// Body text.
    Text,
    /// Buttons and switches that are on.
    Accent,
    /// Text on buttons.
    AccentText,
    /// Links.
    Link,
    /// Borders and separators.
    Border,
}

impl Role {
    /// Every role, in the order they are documented.
    pub const ALL: [Role; 6] = [
        Role::Background,
        Role::Text,
        Role::Accent,
        Role::AccentText,
        Role::Link,
        Role::Border,
    ];

    /// The key under `theme.colors`.
    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            Role::Background => "background",
            Role::Text => "text",
            Role::Accent => "accent",
            Role::AccentText => "accentText",
            Role::Link => "link",
            Role::Border => "border",
        }
    }

    /// The CSS custom property's name without the leading `--cg-`.
    #[must_use]
    pub fn property(self) -> &'static str {
        match self {
            Role::Background => "background",
            Role::Text => "text",
            Role::Accent => "accent",
            Role::AccentText => "accent-text",
            Role::Link => "link",
            Role::Border => "border",
        }
    }
}

/// An opaque sRGB colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// Reads `#rgb`, `#rrggbb`, `rgb(r, g, b)` or `rgb(r g b)` (0-255 each).
    ///
    /// # Errors
    /// A message naming the forms accepted.
    pub fn parse(text: &str) -> Result<Rgb, String> {
        let s = text.trim();
        let refuse = || {
            format!(
                "{text:?} is not a colour ConsentGate can check (write #rgb, #rrggbb or rgb(r, g, b), opaque)"
            )
        };
        if let Some(hex) = s.strip_prefix('#') {
            if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(refuse());
            }
            let digit = |i: usize| u8::from_str_radix(&hex[i..=i], 16).unwrap_or(0);
            return match hex.len() {
                3 => Ok(Rgb(digit(0) * 17, digit(1) * 17, digit(2) * 17)),
                6 => {
                    let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0);
                    Ok(Rgb(byte(0), byte(2), byte(4)))
                }
                _ => Err(refuse()),
            };
        }
        let inner = s
            .strip_prefix("rgb(")
            .and_then(|r| r.strip_suffix(')'))
            .ok_or_else(refuse)?;
        let parts: Vec<&str> = inner
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|p| !p.is_empty())
            .collect();
        match parts.as_slice() {
            [r, g, b] => {
                let channel = |p: &str| p.parse::<u8>().map_err(|_| refuse());
                Ok(Rgb(channel(r)?, channel(g)?, channel(b)?))
            }
            _ => Err(refuse()),
        }
    }

    /// Relative luminance (WCAG 2.2). Each channel's linear value comes from a table the
    /// build computes (`build.rs`), so no `powf` (and no maths library) ships in the wasm.
    #[must_use]
    pub fn luminance(self) -> f64 {
        let channel = |v: u8| SRGB_TO_LINEAR[usize::from(v)];
        0.2126 * channel(self.0) + 0.7152 * channel(self.1) + 0.0722 * channel(self.2)
    }

    /// `#rrggbb`.
    #[must_use]
    pub fn hex(self) -> String {
        let mut s = String::with_capacity(7);
        s.push('#');
        for v in [self.0, self.1, self.2] {
            let _ = write!(s, "{v:02x}");
        }
        s
    }
}

include!(concat!(env!("OUT_DIR"), "/srgb.rs"));

/// A ratio to two decimals ("2.85"), written with integer arithmetic (no float formatting).
#[must_use]
pub fn two_decimals(x: f64) -> String {
    // ok: ratios are between 1 and 21, far inside u32.
    let hundredths = (x * 100.0 + 0.5) as u32;
    let mut s = (hundredths / 100).to_string();
    s.push('.');
    let rest = hundredths % 100;
    if rest < 10 {
        s.push('0');
    }
    s.push_str(&rest.to_string());
    s
}

/// The WCAG contrast ratio of two colours (1 to 21).
#[must_use]
pub fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (a.luminance(), b.luminance());
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// The colours of one scheme.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Palette([Rgb; 6]);

impl Palette {
    /// The built-in light palette.
    pub const LIGHT: Palette = Palette([
        Rgb(0xff, 0xff, 0xff),
        Rgb(0x1b, 0x1b, 0x1f),
        Rgb(0x1f, 0x3a, 0x5f),
        Rgb(0xff, 0xff, 0xff),
        Rgb(0x13, 0x46, 0xa8),
        Rgb(0xc7, 0xc9, 0xd1),
    ]);

    /// The built-in dark palette.
    pub const DARK: Palette = Palette([
        Rgb(0x1b, 0x1d, 0x23),
        Rgb(0xec, 0xee, 0xf2),
        Rgb(0xa8, 0xc7, 0xfa),
        Rgb(0x0b, 0x1d, 0x3a),
        Rgb(0xa8, 0xc7, 0xfa),
        Rgb(0x4a, 0x4f, 0x5a),
    ]);

    /// The colour for `role`.
    #[must_use]
    pub fn get(&self, role: Role) -> Rgb {
        self.0[role as usize]
    }

    fn set(&mut self, role: Role, colour: Rgb) {
        self.0[role as usize] = colour;
    }
}

/// Which palette the interface uses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Scheme {
    /// Light (the default).
    #[default]
    Light,
    /// Dark.
    Dark,
    /// The visitor's `prefers-color-scheme`.
    Auto,
}

impl Scheme {
    /// Every scheme's config name.
    pub const NAMES: &'static [&'static str] = &["light", "dark", "auto"];

    /// Reads a config name.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Scheme> {
        match name {
            "light" => Some(Scheme::Light),
            "dark" => Some(Scheme::Dark),
            "auto" => Some(Scheme::Auto),
            _ => None,
        }
    }

    /// The name, as the root's `data-scheme`.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Scheme::Light => "light",
            Scheme::Dark => "dark",
            Scheme::Auto => "auto",
        }
    }
}

/// The pairs that carry text and must reach 4.5:1 (WCAG 1.4.3), and the pair of controls that
/// must reach 3:1 (WCAG 1.4.11): `(foreground, background, minimum)`.
pub const PAIRS: [(Role, Role, Minimum); 4] = [
    (Role::Text, Role::Background, Minimum::TEXT),
    (Role::AccentText, Role::Accent, Minimum::TEXT),
    (Role::Link, Role::Background, Minimum::TEXT),
    (Role::Accent, Role::Background, Minimum::CONTROL),
];

/// A contrast WCAG 2.2 AA asks for, and how it is written.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Minimum {
    /// The ratio.
    pub ratio: f64,
    /// As written in messages ("4.5").
    pub text: &'static str,
}

impl Minimum {
    /// Text and images of text (1.4.3).
    pub const TEXT: Minimum = Minimum {
        ratio: 4.5,
        text: "4.5",
    };
    /// User interface components against their background (1.4.11).
    pub const CONTROL: Minimum = Minimum {
        ratio: 3.0,
        text: "3",
    };
}

/// A contrast the config's colours fail.
#[derive(Clone, Debug, PartialEq)]
pub struct LowContrast {
    /// The foreground role.
    pub foreground: Role,
    /// The background role.
    pub background: Role,
    /// The ratio found.
    pub ratio: f64,
    /// The ratio needed.
    pub minimum: Minimum,
}

/// The config's `theme`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Theme {
    /// Which palette.
    pub scheme: Scheme,
    /// Colours for the light scheme (`theme.colors`), over the built-in light palette.
    pub light: Vec<(Role, Rgb)>,
    /// Colours for the dark scheme (`theme.darkColors`), over the built-in dark palette.
    pub dark: Vec<(Role, Rgb)>,
    /// A CSS font-family list.
    pub font: Option<String>,
    /// Corner radius in px.
    pub radius: Option<u32>,
}

impl Theme {
    /// The palette a scheme ends up with: the built-in one with the site's colours over it.
    #[must_use]
    pub fn palette(&self, dark: bool) -> Palette {
        let (mut palette, given) = if dark {
            (Palette::DARK, &self.dark)
        } else {
            (Palette::LIGHT, &self.light)
        };
        for &(role, colour) in given {
            palette.set(role, colour);
        }
        palette
    }

    /// Every pair below its minimum in the palettes the scheme can show.
    #[must_use]
    pub fn low_contrast(&self) -> Vec<(bool, LowContrast)> {
        let schemes: &[bool] = match self.scheme {
            Scheme::Light => &[false],
            Scheme::Dark => &[true],
            Scheme::Auto => &[false, true],
        };
        let mut out = Vec::new();
        for &dark in schemes {
            let given = if dark { &self.dark } else { &self.light };
            let palette = self.palette(dark);
            for (fg, bg, minimum) in PAIRS {
                // Only pairs the site touched: the built-in palettes pass (tested).
                if !given.iter().any(|&(r, _)| r == fg || r == bg) {
                    continue;
                }
                let ratio = contrast(palette.get(fg), palette.get(bg));
                if ratio < minimum.ratio {
                    out.push((
                        dark,
                        LowContrast {
                            foreground: fg,
                            background: bg,
                            ratio,
                            minimum,
                        },
                    ));
                }
            }
        }
        out
    }

    /// The config's part of the stylesheet: the site's colours, font and radius as the
    /// fallbacks of the private properties (the page's own `--cg-*` still win).
    #[must_use]
    pub fn css(&self) -> String {
        let mut css = String::new();
        let block = |css: &mut String, selector: &str, given: &[(Role, Rgb)], extra: &str| {
            if given.is_empty() && extra.is_empty() {
                return;
            }
            css.push_str(selector);
            css.push('{');
            for &(role, colour) in given {
                let p = role.property();
                let _ = write!(css, "--_{p}:var(--cg-{p},{});", colour.hex());
            }
            css.push_str(extra);
            css.push('}');
        };
        let mut extra = String::new();
        if let Some(font) = &self.font {
            let _ = write!(extra, "--_font:var(--cg-font,{font});");
        }
        if let Some(radius) = self.radius {
            let _ = write!(extra, "--_radius:var(--cg-radius,{radius}px);");
        }
        block(&mut css, ".cg", &[], &extra);
        // Each palette for its scheme, and for `auto` under the matching preference (so the
        // site's light colours never reach a visitor who prefers dark).
        for (given, scheme, media) in [
            (&self.light, "light", "not (prefers-color-scheme: dark)"),
            (&self.dark, "dark", "(prefers-color-scheme: dark)"),
        ] {
            if given.is_empty() {
                continue;
            }
            block(&mut css, &format!(".cg[data-scheme={scheme}]"), given, "");
            let _ = write!(css, "@media {media}{{");
            block(&mut css, ".cg[data-scheme=auto]", given, "");
            css.push('}');
        }
        css
    }
}

/// Whether a font-family list is safe to put in a stylesheet: names, quotes, commas, spaces
/// and hyphens only.
#[must_use]
pub fn is_font_list(font: &str) -> bool {
    !font.trim().is_empty()
        && font.len() <= 200
        && font
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | ',' | '-' | '_' | '"' | '\''))
        && font.matches('"').count().is_multiple_of(2)
        && font.matches('\'').count().is_multiple_of(2)
}

/// How the first layer is laid out.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Layout {
    /// A box floating over the page (today's look).
    #[default]
    Box,
    /// A full-width bar at the top or bottom.
    Bar,
    /// A centred dialog.
    Modal,
}

impl Layout {
    /// Every layout's config name.
    pub const NAMES: &'static [&'static str] = &["box", "bar", "modal"];

    /// Reads a config name.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Layout> {
        match name {
            "box" => Some(Layout::Box),
            "bar" => Some(Layout::Bar),
            "modal" => Some(Layout::Modal),
            _ => None,
        }
    }

    /// The name, as the banner's `data-layout`.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Layout::Box => "box",
            Layout::Bar => "bar",
            Layout::Modal => "modal",
        }
    }

    /// The positions this layout takes, the default first.
    #[must_use]
    pub fn positions(self) -> &'static [&'static str] {
        match self {
            Layout::Box => &[
                "bottom",
                "bottom-start",
                "bottom-end",
                "top",
                "top-start",
                "top-end",
            ],
            Layout::Bar => &["bottom", "top"],
            Layout::Modal => &["center"],
        }
    }
}

/// Where the floating reopen control sits.
pub const CORNERS: &[&str] = &["bottom-start", "bottom-end", "top-start", "top-end"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_colour_forms_it_documents() {
        assert_eq!(Rgb::parse("#fff"), Ok(Rgb(255, 255, 255)));
        assert_eq!(Rgb::parse("#1F3a5f"), Ok(Rgb(0x1f, 0x3a, 0x5f)));
        assert_eq!(Rgb::parse("rgb(1, 2, 3)"), Ok(Rgb(1, 2, 3)));
        assert_eq!(Rgb::parse(" rgb(10 20 30) "), Ok(Rgb(10, 20, 30)));
        for bad in [
            "red",
            "#ff",
            "#fffa",
            "#ggg",
            "rgb(1,2)",
            "rgb(256,0,0)",
            "rgba(0,0,0,0.5)",
            "",
            "#ffffff80",
        ] {
            assert!(Rgb::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(Rgb(0x1f, 0x3a, 0x5f).hex(), "#1f3a5f");
    }

    #[test]
    fn contrast_matches_wcag() {
        let black = Rgb(0, 0, 0);
        let white = Rgb(255, 255, 255);
        assert!((contrast(black, white) - 21.0).abs() < 1e-9);
        assert!((contrast(white, white) - 1.0).abs() < 1e-9);
        // #767676 on white is the classic 4.54:1.
        let grey = contrast(Rgb(0x76, 0x76, 0x76), white);
        assert!((4.5..4.6).contains(&grey), "{grey}");
    }

    #[test]
    fn the_built_in_palettes_pass_every_pair() {
        for palette in [Palette::LIGHT, Palette::DARK] {
            for (fg, bg, minimum) in PAIRS {
                let ratio = contrast(palette.get(fg), palette.get(bg));
                assert!(ratio >= minimum.ratio, "{fg:?} on {bg:?}: {ratio:.2}");
            }
        }
    }

    #[test]
    fn only_pairs_the_site_touched_are_reported() {
        let theme = Theme {
            scheme: Scheme::Auto,
            light: vec![(Role::Text, Rgb(0x99, 0x99, 0x99))],
            dark: vec![],
            ..Theme::default()
        };
        let low = theme.low_contrast();
        assert_eq!(low.len(), 1);
        assert!(!low[0].0);
        assert_eq!(low[0].1.foreground, Role::Text);
        assert!((low[0].1.ratio - 2.85).abs() < 0.01, "{}", low[0].1.ratio);
    }

    #[test]
    fn writes_only_what_the_site_set() {
        assert_eq!(Theme::default().css(), "");
        let theme = Theme {
            scheme: Scheme::Auto,
            light: vec![(Role::Accent, Rgb(0, 0x55, 0))],
            dark: vec![(Role::Accent, Rgb(0x99, 0xee, 0x99))],
            font: Some("Georgia, serif".into()),
            radius: Some(4),
        };
        assert_eq!(
            theme.css(),
            ".cg{--_font:var(--cg-font,Georgia, serif);--_radius:var(--cg-radius,4px);}\
             .cg[data-scheme=light]{--_accent:var(--cg-accent,#005500);}\
             @media not (prefers-color-scheme: dark){.cg[data-scheme=auto]{--_accent:var(--cg-accent,#005500);}}\
             .cg[data-scheme=dark]{--_accent:var(--cg-accent,#99ee99);}\
             @media (prefers-color-scheme: dark){.cg[data-scheme=auto]{--_accent:var(--cg-accent,#99ee99);}}"
        );
    }

    #[test]
    fn the_luminance_table_is_wcags_formula_and_ratios_print_to_two_decimals() {
        let formula = |v: u8| {
            let c = f64::from(v) / 255.0;
            if c <= 0.040_45 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        for v in 0..=255u8 {
            assert!(
                (SRGB_TO_LINEAR[usize::from(v)] - formula(v)).abs() < 1e-12,
                "{v}"
            );
        }
        assert_eq!(two_decimals(2.849), "2.85");
        assert_eq!(two_decimals(21.0), "21.00");
        assert_eq!(two_decimals(1.045), "1.05");
        assert_eq!(two_decimals(4.5), "4.50");
    }

    #[test]
    fn font_lists_cannot_escape_the_declaration() {
        assert!(is_font_list("\"Source Sans 3\", system-ui, sans-serif"));
        for bad in ["x;}*{display:none", "a{b}", "url(x)", "\"unclosed", ""] {
            assert!(!is_font_list(bad), "{bad}");
        }
    }
}
