//! How many SMS a text is sent as. A text in the GSM 7-bit alphabet (plain
//! English) fits 160 characters in one SMS and 153 per part when it is split;
//! any other character (Chinese, an emoji) sends the whole text as UCS-2: 70
//! per SMS, 67 per part. Carriers bill per part, and a long text arrives
//! late or in pieces on some phones, so the plugin refuses texts over the
//! configured number of parts instead of cutting them (a cut link is useless).

use std::fmt;

/// The GSM 03.38 basic character set, each one septet.
const GSM7_BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?\
    ¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
/// The GSM 03.38 extension table, each two septets (an escape and the character).
const GSM7_EXTENSION: &str = "^{}\\[~]|€\u{c}";

/// How a text is encoded on the air.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Gsm7,
    Ucs2,
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Encoding::Gsm7 => "GSM-7",
            Encoding::Ucs2 => "UCS-2",
        })
    }
}

/// A text's size on the air.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segments {
    pub encoding: Encoding,
    /// Septets (GSM-7) or UTF-16 code units (UCS-2).
    pub units: usize,
    /// How many SMS it is sent as.
    pub count: usize,
}

impl Segments {
    /// Counts the parts `text` is sent as.
    pub fn of(text: &str) -> Self {
        let septets: Option<usize> = text
            .chars()
            .map(|c| {
                if GSM7_BASIC.contains(c) {
                    Some(1)
                } else if GSM7_EXTENSION.contains(c) {
                    Some(2)
                } else {
                    None
                }
            })
            .sum();
        let (encoding, units, single, per_part) = match septets {
            Some(septets) => (Encoding::Gsm7, septets, 160, 153),
            None => (Encoding::Ucs2, text.encode_utf16().count(), 70, 67),
        };
        let count = if units <= single { 1 } else { units.div_ceil(per_part) };
        Segments { encoding, units, count }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(c: char, n: usize) -> String {
        std::iter::repeat_n(c, n).collect()
    }

    #[test]
    fn gsm7_texts_take_160_alone_and_153_per_part() {
        assert_eq!(Segments::of(&text('a', 160)), Segments { encoding: Encoding::Gsm7, units: 160, count: 1 });
        assert_eq!(Segments::of(&text('a', 161)).count, 2);
        assert_eq!(Segments::of(&text('a', 306)).count, 2);
        assert_eq!(Segments::of(&text('a', 307)).count, 3);
        assert_eq!(Segments::of("Hi Ana, 3 Dec 18:00: https://x.example/i/1?a=b").encoding, Encoding::Gsm7);
    }

    #[test]
    fn extension_characters_take_two_septets() {
        let euros = text('€', 80);
        assert_eq!(Segments::of(&euros), Segments { encoding: Encoding::Gsm7, units: 160, count: 1 });
        assert_eq!(Segments::of(&format!("{euros}a")).count, 2);
    }

    #[test]
    fn any_other_character_makes_the_whole_text_ucs2() {
        assert_eq!(Segments::of(&text('面', 70)), Segments { encoding: Encoding::Ucs2, units: 70, count: 1 });
        assert_eq!(Segments::of(&text('面', 71)).count, 2);
        assert_eq!(Segments::of(&text('面', 134)).count, 2);
        assert_eq!(Segments::of(&text('面', 135)).count, 3);
        // One Chinese name in an English text: 100 characters are two parts, not one.
        let mixed = format!("{}李", text('a', 99));
        assert_eq!(Segments::of(&mixed), Segments { encoding: Encoding::Ucs2, units: 100, count: 2 });
        // An emoji is two UTF-16 units.
        assert_eq!(Segments::of("🙂").units, 2);
    }
}
