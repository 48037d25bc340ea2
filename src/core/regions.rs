//! Region rules (`regions` in the config): where the banner asks first (opt-in) and where the
//! optional purposes run until the visitor objects (opt-out), and where Global Privacy Control
//! is binding law.
//!
//! The visitor's region is what the site gives (`data-region` on the script tag, or
//! `<meta name="consent-region">`, e.g. copied from its CDN's country header); ConsentGate
//! never asks a geolocation service. A region that is missing or not an ISO 3166-1 country
//! (`DE`) or ISO 3166-2 subdivision (`US-CA`) gets the strictest rule. `docs/regions.md`.

#[allow(unused_imports)]
use crate::prelude::*;

/// Every assigned ISO 3166-1 alpha-2 code, two letters each.
const COUNTRIES: &str = "ADAEAFAGAIALAMAOAQARASATAUAWAXAZBABBBDBEBFBGBHBIBJBLBMBNBOBQBRBSBTBVBWBYBZ\
CACCCDCFCGCHCICKCLCMCNCOCRCUCVCWCXCYCZDEDJDKDMDODZECEEEGEHERESETFIFJFKFMFOFRGAGBGDGEGFGGGHGIGLGMGN\
GPGQGRGSGTGUGWGYHKHMHNHRHTHUIDIEILIMINIOIQIRISITJEJMJOJPKEKGKHKIKMKNKPKRKWKYKZLALBLCLILKLRLSLTLU\
LVLYMAMCMDMEMFMGMHMKMLMMMNMOMPMQMRMSMTMUMVMWMXMYMZNANCNENFNGNINLNONPNRNUNZOMPAPEPFPGPHPKPLPMPNPR\
PSPTPWPYQARERORSRURWSASBSCSDSESGSHSISJSKSLSMSNSOSRSSSTSVSXSYSZTCTDTFTGTHTJTKTLTMTNTOTRTTTVTWTZUA\
UGUMUSUYUZVAVCVEVGVIVNVUWFWSYEYTZAZMZW";

/// The 27 member states of the European Union.
pub const EU: &[&str] = &[
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV",
    "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
];

/// The European Economic Area's members beyond the European Union.
pub const EEA_ONLY: &[&str] = &["IS", "LI", "NO"];

/// The names a rule may use for several countries.
pub const GROUPS: &[&str] = &["EU", "EEA"];

/// Whether `code` is an assigned ISO 3166-1 alpha-2 country code (upper case).
#[must_use]
pub fn is_country(code: &str) -> bool {
    code.len() == 2
        && code.bytes().all(|b| b.is_ascii_uppercase())
        && COUNTRIES.as_bytes().chunks(2).any(|c| c == code.as_bytes())
}

/// Whether `code` is a country (`DE`) or a subdivision of one in ISO 3166-2 form (`US-CA`:
/// the country, a hyphen, one to three capitals or digits). Upper case only.
#[must_use]
pub fn is_code(code: &str) -> bool {
    match code.split_once('-') {
        None => is_country(code),
        Some((country, sub)) => {
            is_country(country)
                && (1..=3).contains(&sub.len())
                && sub
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        }
    }
}

/// The region a site gave, as a code ([`is_code`]): trimmed and upper-cased (`us-ca` ->
/// `US-CA`); `None` when it is none (the strictest rule then applies).
#[must_use]
pub fn visitor_region(raw: &str) -> Option<String> {
    let code = raw.trim().to_ascii_uppercase();
    is_code(&code).then_some(code)
}

/// What a rule asks of a visitor who has not decided yet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Model {
    /// The banner asks; nothing optional runs before a choice (today's behaviour).
    OptIn,
    /// No banner; the optional purposes run until the visitor objects (the reopen control and
    /// the preferences are there; Global Privacy Control still refuses what it refuses).
    OptOut,
}

impl Model {
    /// The name in the config, receipts and `getConsent()`.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Model::OptIn => "opt-in",
            Model::OptOut => "opt-out",
        }
    }

    /// By config name.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Model> {
        [Model::OptIn, Model::OptOut]
            .into_iter()
            .find(|m| m.name() == name)
    }
}

/// One rule: where it applies, its model, whether GPC is binding there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    /// Countries, subdivisions, groups (`EU`, `EEA`) or `*`, as written.
    pub regions: Vec<String>,
    /// What the visitor who has not decided gets.
    pub model: Model,
    /// Global Privacy Control is a binding opt-out request here: the preferences say it was
    /// honoured, and receipts record it.
    pub gpc_binding: bool,
}

/// The config's `regions`: its rules, in order (the first that matches applies).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Regions {
    /// The rules.
    pub rules: Vec<Rule>,
}

/// The rule a page view goes by.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Applied {
    /// The visitor's region ([`visitor_region`]), `None` when none was given or not a code.
    pub region: Option<String>,
    /// The rule's index in `regions.rules`.
    pub rule: usize,
    /// Its model.
    pub model: Model,
    /// Whether GPC is binding under it.
    pub gpc_binding: bool,
}

/// Whether a rule's entry `pattern` covers `region` (a valid code): `*` every region, a group
/// its countries and their subdivisions, a country itself and its subdivisions, a subdivision
/// itself.
#[must_use]
pub fn covers(pattern: &str, region: &str) -> bool {
    let country = region.split_once('-').map_or(region, |(c, _)| c);
    match pattern {
        "*" => true,
        "EU" => EU.contains(&country),
        "EEA" => EU.contains(&country) || EEA_ONLY.contains(&country),
        p if p.contains('-') => p == region,
        p => p == country,
    }
}

impl Regions {
    /// The rule for the region the site gave (raw, untrusted): the first rule that covers it;
    /// with no region, a region that is not a code, or no rule covering it, the strictest
    /// ([`Regions::strictest`]).
    #[must_use]
    pub fn applied(&self, given: Option<&str>) -> Applied {
        let region = given.and_then(visitor_region);
        let rule = region
            .as_deref()
            .and_then(|r| {
                self.rules
                    .iter()
                    .position(|rule| rule.regions.iter().any(|p| covers(p, r)))
            })
            .unwrap_or_else(|| self.strictest());
        let (model, gpc_binding) = self
            .rules
            .get(rule)
            .map_or((Model::OptIn, true), |r| (r.model, r.gpc_binding));
        Applied {
            region,
            rule,
            model,
            gpc_binding,
        }
    }

    /// The strictest rule's index: the first opt-in rule, GPC binding before not; else the first
    /// opt-out rule with GPC binding; else the first.
    #[must_use]
    pub fn strictest(&self) -> usize {
        let rank = |r: &Rule| (r.model == Model::OptOut, !r.gpc_binding);
        self.rules
            .iter()
            .enumerate()
            .min_by_key(|(i, r)| (rank(r), *i))
            .map_or(0, |(i, _)| i)
    }
}
