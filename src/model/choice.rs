//! The one way a closed list of words is declared in the model: an enum
//! whose variants carry their on-disk spelling. The macro gives each list
//! its variants, `ALL`, `NAMES` (the spellings, in order), `as_str` and
//! `parse`, and the serde names from the same spellings, so the check's
//! field table, the JSON Schema and the docs read the list from here and a
//! new word is one edit.

/// Declares a closed choice list: `choices! { pub enum Stance { Supports = "supports", } }`.
macro_rules! choices {
    ($(#[$m:meta])* pub enum $name:ident { $($(#[$vm:meta])* $v:ident = $s:literal,)+ }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $($(#[$vm])* #[serde(rename = $s)] $v,)+
        }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$v),+];
            /// The on-disk spelling of every variant, in the order of `ALL`.
            pub const NAMES: &'static [&'static str] = &[$($s),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$v => $s,)+
                }
            }

            pub fn parse(s: &str) -> Option<$name> {
                match s {
                    $($s => Some($name::$v),)+
                    _ => None,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

pub(crate) use choices;
