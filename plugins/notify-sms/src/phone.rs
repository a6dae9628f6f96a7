//! Phone numbers as HR typed them (`138 1234 5678`, `+86-138-1234-5678`,
//! `008613812345678`) in E.164 (`+8613812345678`), and in the form the
//! gateway wants. A number that cannot be one is refused without repeating
//! it: it is the candidate's personal data and errors are read by staff.

use panel_plugin_sdk::PluginError;
use serde::Deserialize;

/// The country calling code for numbers written without one, e.g. `86`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub struct CountryCode(String);

impl Default for CountryCode {
    fn default() -> Self {
        CountryCode("86".to_owned())
    }
}

impl TryFrom<String> for CountryCode {
    type Error = String;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        let digits = text.strip_prefix('+').unwrap_or(&text);
        let valid =
            (1..=3).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()) && !digits.starts_with('0');
        if valid {
            Ok(CountryCode(digits.to_owned()))
        } else {
            Err(format!("default_country_code {text:?} is not a country calling code such as \"86\""))
        }
    }
}

/// How the gateway wants the number written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PhoneFormat {
    /// `+8613812345678`.
    #[default]
    E164,
    /// `8613812345678`.
    Digits,
    /// `13812345678` for numbers in the default country, E.164 for others:
    /// for gateways that only send within one country.
    National,
}

/// A phone number in E.164: `+`, the country code and the number, 7 to 15 digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct E164(String);

impl E164 {
    /// The number as `+8613812345678`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The number written as `format` asks, `default` being the country of
    /// national numbers.
    pub fn written(&self, format: PhoneFormat, default: &CountryCode) -> String {
        let digits = &self.0[1..];
        match format {
            PhoneFormat::E164 => self.0.clone(),
            PhoneFormat::Digits => digits.to_owned(),
            PhoneFormat::National => digits.strip_prefix(default.0.as_str()).unwrap_or(&self.0).to_owned(),
        }
    }
}

fn refused() -> PluginError {
    PluginError::invalid_input("the candidate's phone number is not a valid mobile number (E.164 expected)")
}

/// `+` and digits 7 to 15 long, not starting with 0; numbers in mainland
/// China (+86) must be mobile numbers: 11 digits starting 13 to 19.
fn valid(e164: &str) -> bool {
    let Some(digits) = e164.strip_prefix('+') else { return false };
    if !(7..=15).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) || digits.starts_with('0') {
        return false;
    }
    match digits.strip_prefix("86") {
        Some(national) => {
            national.len() == 11 && national.starts_with('1') && !national[1..].starts_with(['0', '1', '2'])
        }
        None => true,
    }
}

/// The number `raw` in E.164, national numbers taken to be in `default`.
pub fn normalise(raw: &str, default: &CountryCode) -> Result<E164, PluginError> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(PluginError::invalid_input("the candidate has no phone number on record"));
    }
    // Separators people write; anything else (letters, an extension) is refused.
    let compact: String = trimmed.chars().filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')' | '\u{a0}')).collect();
    let international = compact.strip_prefix('+').or_else(|| compact.strip_prefix("00"));
    let candidates = match international {
        Some(digits) => vec![format!("+{digits}")],
        None => {
            // A national number drops its trunk prefix 0 (UK 07911…, not China's 13…).
            let national = compact.strip_prefix('0').unwrap_or(&compact);
            let mut candidates = vec![format!("+{}{national}", default.0)];
            // Numbers exported as 8613812345678: the country code without the `+`.
            if compact.starts_with(default.0.as_str()) {
                candidates.push(format!("+{compact}"));
            }
            candidates
        }
    };
    candidates.into_iter().find(|c| valid(c)).map(E164).ok_or_else(refused)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e164(raw: &str) -> Result<String, PluginError> {
        normalise(raw, &CountryCode::default()).map(|n| n.as_str().to_owned())
    }

    #[test]
    fn numbers_as_people_write_them_become_e164() {
        for raw in ["13812345678", "138 1234 5678", "138-1234-5678", "+86 138 1234 5678", "(+86) 13812345678"] {
            assert_eq!(e164(raw).expect(raw), "+8613812345678", "{raw}");
        }
        for raw in ["008613812345678", "8613812345678", " +8613812345678 "] {
            assert_eq!(e164(raw).expect(raw), "+8613812345678", "{raw}");
        }
        assert_eq!(e164("+1 (415) 555-0100").expect("US"), "+14155550100");
        assert_eq!(e164("+44 7911 123456").expect("UK"), "+447911123456");
        let uk = CountryCode::try_from("+44".to_owned()).expect("code");
        assert_eq!(normalise("07911 123456", &uk).expect("UK national").as_str(), "+447911123456");
    }

    #[test]
    fn what_cannot_be_a_mobile_number_is_refused_without_repeating_it() {
        for raw in ["", "  ", "1381234567", "138123456789", "+86 10 1234 5678", "12345678901", "1381234567x", "+0123"] {
            let error = e164(raw).expect_err(raw);
            assert_eq!(error.code, "invalid-input", "{raw}");
            assert!(!error.retryable);
            let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
            assert!(digits.len() < 4 || !error.message.contains(&digits), "{raw}: {}", error.message);
        }
        assert!(e164("+1234567890123456").is_err(), "over 15 digits");
    }

    #[test]
    fn the_gateway_gets_the_number_in_its_format() {
        let china = CountryCode::default();
        let number = normalise("13812345678", &china).expect("number");
        assert_eq!(number.written(PhoneFormat::E164, &china), "+8613812345678");
        assert_eq!(number.written(PhoneFormat::Digits, &china), "8613812345678");
        assert_eq!(number.written(PhoneFormat::National, &china), "13812345678");
        let abroad = normalise("+447911123456", &china).expect("number");
        assert_eq!(abroad.written(PhoneFormat::National, &china), "+447911123456", "abroad stays international");
    }

    #[test]
    fn country_codes_are_checked() {
        assert!(CountryCode::try_from("86".to_owned()).is_ok());
        assert!(CountryCode::try_from("+852".to_owned()).is_ok());
        for bad in ["", "0", "1234", "+", "8a"] {
            assert!(CountryCode::try_from(bad.to_owned()).is_err(), "{bad}");
        }
    }
}
