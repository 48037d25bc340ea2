//! How the interface looks: `theme` (scheme, colours checked for contrast, font, radius),
//! `layout`, `position`, `blocking` and `reopenPosition`.

#[allow(unused_imports)]
use crate::prelude::*;

use super::Reader;
use crate::core::config::Look;
use crate::core::json::{Fields, Json};
use crate::core::theme::{self, Layout, Rgb, Role, Scheme, Theme};

impl Reader {
    pub(super) fn look(&mut self, f: &Fields<'_>) -> Look {
        let theme = f
            .object("theme", &mut self.errors)
            .map(|t| self.theme(t))
            .unwrap_or_default();
        let layout = match f.string("layout", &mut self.errors) {
            None => Layout::Box,
            Some(name) => Layout::from_name(&name).unwrap_or_else(|| {
                self.err(
                    "layout",
                    format!(
                        "{name:?} is not a layout (known: {})",
                        Layout::NAMES.join(", ")
                    ),
                );
                Layout::Box
            }),
        };
        let positions = layout.positions();
        let position = match f.string("position", &mut self.errors) {
            None => positions[0],
            Some(name) => positions
                .iter()
                .find(|p| **p == name)
                .copied()
                .unwrap_or_else(|| {
                    self.err(
                        "position",
                        format!(
                            "{name:?} is not a position of the {:?} layout (known: {})",
                            layout.name(),
                            positions.join(", ")
                        ),
                    );
                    positions[0]
                }),
        };
        let blocking = f.bool("blocking", &mut self.errors).unwrap_or(false);
        if blocking && layout != Layout::Modal {
            self.err("blocking", "applies only to \"layout\": \"modal\"");
        }
        let reopen_position = match f.string("reopenPosition", &mut self.errors) {
            None => theme::CORNERS[0],
            Some(name) => theme::CORNERS
                .iter()
                .find(|p| **p == name)
                .copied()
                .unwrap_or_else(|| {
                    self.err(
                        "reopenPosition",
                        format!(
                            "{name:?} is not a corner (known: {})",
                            theme::CORNERS.join(", ")
                        ),
                    );
                    theme::CORNERS[0]
                }),
        };
        Look {
            theme,
            layout,
            position,
            blocking,
            reopen_position,
        }
    }

    fn theme(&mut self, value: &Json) -> Theme {
        const KEYS: &[&str] = &["scheme", "colors", "darkColors", "font", "radius"];
        let Some(f) = self.fields(value, "theme", KEYS) else {
            return Theme::default();
        };
        let scheme = match f.string("scheme", &mut self.errors) {
            None => Scheme::Light,
            Some(name) => Scheme::from_name(&name).unwrap_or_else(|| {
                self.err(
                    "theme.scheme",
                    format!(
                        "{name:?} is not a scheme (known: {})",
                        Scheme::NAMES.join(", ")
                    ),
                );
                Scheme::Light
            }),
        };
        let light = self.colours(&f, "colors");
        let dark = self.colours(&f, "darkColors");
        if scheme == Scheme::Light && !dark.is_empty() {
            self.err(
                "theme.darkColors",
                "applies only with \"scheme\": \"dark\" or \"auto\"",
            );
        }
        let font = f.string("font", &mut self.errors);
        if let Some(font) = &font
            && !theme::is_font_list(font)
        {
            self.err(
                "theme.font",
                format!("{font:?} is not a font-family list (names, quotes, commas and hyphens)"),
            );
        }
        let radius = f.u32("radius", &mut self.errors);
        if let Some(r) = radius
            && r > 32
        {
            self.err("theme.radius", format!("{r} px is out of range (0 to 32)"));
        }
        let theme = Theme {
            scheme,
            light,
            dark,
            font,
            radius,
        };
        for (dark, low) in theme.low_contrast() {
            let group = if dark { "darkColors" } else { "colors" };
            let given = if dark { &theme.dark } else { &theme.light };
            let name = |role: Role| {
                if given.iter().any(|&(r, _)| r == role) {
                    format!("`theme.{group}.{}`", role.key())
                } else {
                    format!(
                        "the built-in {} {}",
                        role.key(),
                        theme.palette(dark).get(role).hex()
                    )
                }
            };
            let path = if given.iter().any(|&(r, _)| r == low.foreground) {
                low.foreground
            } else {
                low.background
            };
            self.err(
                format!("theme.{group}.{}", path.key()),
                format!(
                    "{} on {} has a contrast of {}:1, below the {}:1 WCAG 2.2 AA requires",
                    name(low.foreground),
                    name(low.background),
                    theme::two_decimals(low.ratio),
                    low.minimum.text
                ),
            );
        }
        theme
    }

    fn colours(&mut self, f: &Fields<'_>, key: &'static str) -> Vec<(Role, Rgb)> {
        const ROLES: &[&str] = &[
            "background",
            "text",
            "accent",
            "accentText",
            "link",
            "border",
        ];
        let Some(c) = f
            .object(key, &mut self.errors)
            .and_then(|v| self.fields(v, &f.path_of(key), ROLES))
        else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for role in Role::ALL {
            if let Some(text) = c.string(role.key(), &mut self.errors) {
                match Rgb::parse(&text) {
                    Ok(rgb) => out.push((role, rgb)),
                    Err(m) => self.err(c.path_of(role.key()), m),
                }
            }
        }
        out
    }
}
