//! The interface texts: built-in English, overridable key by key from the config's `texts`.
//!
//! A site that sets `language` to a language without built-in texts must supply every key;
//! the config is refused otherwise, so the widget never shows a mix of languages under one
//! `lang` attribute.

macro_rules! texts {
    ($($variant:ident $key:literal $english:literal,)*) => {
        /// One interface text, named by its camelCase config key.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Text { $($variant,)* }

        impl Text {
            /// Every text, in declaration order.
            pub const ALL: &'static [Text] = &[$(Text::$variant,)*];

            /// The key under `texts` in the config.
            #[must_use]
            pub fn key(self) -> &'static str {
                match self { $(Text::$variant => $key,)* }
            }

            fn english(self) -> &'static str {
                match self { $(Text::$variant => $english,)* }
            }
        }
    };
}

texts! {
    BannerTitle "bannerTitle" "Cookies on this site",
    BannerText "bannerText" "We use cookies that the site needs to work. With your permission we would also like to use optional cookies to understand how the site is used and to measure our marketing. Nothing optional is set until you choose, and you can change your mind at any time.",
    AcceptAll "acceptAll" "Accept all",
    RejectAll "rejectAll" "Reject all",
    ManagePreferences "managePreferences" "Manage preferences",
    PolicyLink "policyLink" "Privacy policy",
    PreferencesTitle "preferencesTitle" "Privacy preferences",
    PreferencesText "preferencesText" "Choose which optional cookies and similar technologies we may use. Strictly necessary ones are always on because the site cannot work without them.",
    SavePreferences "savePreferences" "Save preferences",
    Close "close" "Close",
    AlwaysOn "alwaysOn" "Always on",
    Services "services" "Services",
    Provider "provider" "Provider",
    Cookie "cookie" "Cookie",
    Lifetime "lifetime" "Lifetime",
    Purpose "purpose" "Purpose",
    ThirdParty "thirdParty" "Shares data with a third party",
    Yes "yes" "Yes",
    No "no" "No",
    ReopenButton "reopenButton" "Privacy preferences",
    RevisionNotice "revisionNotice" "We have changed how we use cookies since your last visit. Please review your choice.",
    GpcHonoured "gpcHonoured" "Your browser sends a Global Privacy Control signal, so this stays off.",
    Contents "contents" "Contents",
    LastUpdated "lastUpdated" "Last updated",
    CookieDeclaration "cookieDeclaration" "Cookie declaration",
    ChangeChoice "changeChoice" "Change your choice",
    PolicyLoading "policyLoading" "Loading the privacy policy…",
    PolicyFailed "policyFailed" "The privacy policy could not be loaded.",
    Service "service" "Service",
    NoCookies "noCookies" "No cookies",
    ConsentId "consentId" "Your consent ID",
    DecidedAt "decidedAt" "Last decided",
}

/// Languages with built-in texts.
pub const BUILT_IN: &[&str] = &["en"];

/// The resolved texts the interface shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Texts {
    values: Vec<String>,
}

impl Texts {
    /// The built-in English texts.
    #[must_use]
    pub fn english() -> Texts {
        Texts {
            values: Text::ALL.iter().map(|t| t.english().to_owned()).collect(),
        }
    }

    /// The text to show for `text`.
    #[must_use]
    pub fn get(&self, text: Text) -> &str {
        &self.values[text as usize]
    }

    pub(crate) fn set(&mut self, text: Text, value: String) {
        self.values[text as usize] = value;
    }

    /// Looks a config key up.
    #[must_use]
    pub fn from_key(key: &str) -> Option<Text> {
        Text::ALL.iter().copied().find(|t| t.key() == key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_button_names_are_the_contract() {
        let t = Texts::english();
        assert_eq!(t.get(Text::AcceptAll), "Accept all");
        assert_eq!(t.get(Text::RejectAll), "Reject all");
        assert_eq!(t.get(Text::ManagePreferences), "Manage preferences");
    }

    #[test]
    fn keys_are_unique_and_round_trip() {
        for &t in Text::ALL {
            assert_eq!(Texts::from_key(t.key()), Some(t));
        }
    }
}
