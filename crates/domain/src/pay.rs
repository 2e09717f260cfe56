//! Individual pay: append-only pay events. Pay is visible to its owner and to holders of
//! the `pay` capability only; that is enforced where requests are authorised.
//!
//! Amounts are held in the minor unit of their currency, as ISO 4217 defines it (cents for
//! EUR, yen for JPY, fils for BHD), and entered in major units with no more decimals than
//! that minor unit allows. [`Money::parse`] is the one way an amount enters, whichever door
//! it comes through.

use pendulum_framework::ids::Currency;
use pendulum_framework::model::PayBand;
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

use crate::ids::{PayEventId, PersonId};
use crate::person::InvalidValue;

/// The highest annual pay accepted, in major units: a hundred billion. High enough for
/// pay in currencies with small units (VND, IDR, IRR, KRW), low enough to refuse a figure
/// that cannot be anyone's pay, such as one with a misplaced decimal separator in yen or
/// a number pasted from the wrong column. Its minor units stay below 2^53, so every JSON
/// client reads them exactly.
pub const MAX_MAJOR_UNITS: u64 = 100_000_000_000;

/// An amount in minor units (pence, cents, yen) of an ISO 4217 currency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Money {
    pub minor: i64,
    pub currency: Currency,
}

/// The number of decimals of a currency's minor unit (ISO 4217, from the `iso_currency`
/// table), for the codes pay may be recorded in: active and superseded national
/// currencies (a history may hold pay from before a change of currency), not funds,
/// precious metals or testing codes.
pub fn minor_digits(code: &str) -> Option<u32> {
    let currency = iso_currency::Currency::from_code(code)?;
    if currency.is_fund() || currency.is_special() {
        return None;
    }
    currency.exponent().map(u32::from)
}

/// A currency pay may be recorded in, by its ISO 4217 code (any case).
pub fn parse_currency(s: &str) -> Result<Currency, InvalidValue> {
    let code = s.trim().to_ascii_uppercase();
    match minor_digits(&code) {
        Some(_) => Currency::new(code).map_err(InvalidValue),
        None => {
            let shown = if code.chars().count() <= 10 {
                format!("{code:?}")
            } else {
                "this value".to_string()
            };
            Err(InvalidValue(format!(
                "{shown} is not an ISO 4217 currency code for pay, e.g. EUR, GBP, USD or JPY"
            )))
        }
    }
}

/// Characters that may group the digits of an amount's whole part in threes.
const GROUPING: [char; 5] = [',', '_', ' ', '\u{A0}', '\u{202F}'];

impl Money {
    /// An annual amount in major units (`85000`, `85,000.50`, `1 500 000`) of `currency`:
    /// more than zero, at most [`MAX_MAJOR_UNITS`], with no more decimals than the
    /// currency's minor unit allows (none for JPY, two for EUR, three for BHD). Digits of
    /// the whole part may be grouped in threes by `,`, `_` or a space; the decimal
    /// separator is `.`.
    pub fn parse(amount: &str, currency: &str) -> Result<Self, InvalidValue> {
        let currency = parse_currency(currency)?;
        let digits = minor_digits(currency.as_str()).expect("a parsed currency has a minor unit");
        let s = amount.trim();
        if s.starts_with('-') {
            return Err(InvalidValue("an amount must be more than zero".into()));
        }
        let not_an_amount = || {
            let shown = if s.chars().count() <= 40 {
                format!("{s:?}")
            } else {
                "this value".to_string()
            };
            InvalidValue(format!(
                "{shown} is not an amount: use major units with a decimal point, e.g. 85000 or 85000.50"
            ))
        };
        let (whole, fraction) = match s.split_once('.') {
            Some((whole, fraction)) => (whole, fraction),
            None => (s, ""),
        };
        let groups: Vec<&str> = whole.split(GROUPING).collect();
        let grouped_in_threes =
            groups.len() == 1 || (groups[0].len() <= 3 && groups[1..].iter().all(|g| g.len() == 3));
        let is_digits = |g: &str| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit());
        if !grouped_in_threes
            || !groups.iter().all(|g| is_digits(g))
            || (s.contains('.') && !is_digits(fraction))
        {
            return Err(not_an_amount());
        }
        if fraction.len() > digits as usize {
            return Err(InvalidValue(match digits {
                0 => {
                    format!("{currency} has no minor unit: amounts in {currency} are whole numbers")
                }
                1 => format!("{currency} amounts have at most one decimal"),
                n => format!("{currency} amounts have at most {n} decimals"),
            }));
        }
        let whole: String = groups.concat();
        let whole = whole.trim_start_matches('0');
        let too_much = || {
            InvalidValue(format!(
                "an annual amount is at most 100,000,000,000 {currency}; check the decimal separator"
            ))
        };
        // More digits than the maximum has cannot be in range (and may not fit a u64).
        if whole.len() > 12 {
            return Err(too_much());
        }
        let whole: u64 = if whole.is_empty() {
            0
        } else {
            whole.parse().map_err(|_| not_an_amount())?
        };
        let fraction: u64 = format!("{fraction:0<width$}", width = digits as usize)
            .parse()
            .unwrap_or(0);
        let scale = 10u64.pow(digits);
        let minor = whole * scale + fraction;
        if minor == 0 {
            return Err(InvalidValue("an amount must be more than zero".into()));
        }
        if minor > MAX_MAJOR_UNITS * scale {
            return Err(too_much());
        }
        Ok(Self {
            minor: i64::try_from(minor).map_err(|_| too_much())?,
            currency,
        })
    }

    /// The amount in major units, as [`Money::parse`] reads it back: `85000` when whole,
    /// otherwise with every decimal of the minor unit (`85000.50`; `1.250` for BHD).
    /// A currency outside the table is written with two decimals.
    pub fn to_decimal(&self) -> String {
        let digits = minor_digits(self.currency.as_str()).unwrap_or(2);
        let sign = if self.minor < 0 { "-" } else { "" };
        let minor = self.minor.unsigned_abs();
        let scale = 10u64.pow(digits);
        if minor.is_multiple_of(scale) {
            format!("{sign}{}", minor / scale)
        } else {
            format!(
                "{sign}{}.{:0width$}",
                minor / scale,
                minor % scale,
                width = digits as usize
            )
        }
    }
}

/// One change of a person's pay.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayEvent {
    pub id: PayEventId,
    pub person: PersonId,
    /// Per-person sequence number, from 1.
    pub seq: u32,
    /// Annual base pay from `effective` on.
    pub amount: Money,
    pub effective: Date,
    #[serde(with = "time::serde::rfc3339")]
    pub recorded_at: OffsetDateTime,
    pub reason: Option<String>,
}

/// How long after a return from a management trial the person's pay is protected.
pub const RETURN_PROTECTION_MONTHS: u32 = 12;

/// Why a pay amount needs a pay administrator's explicit reason: it takes effect within
/// [`RETURN_PROTECTION_MONTHS`] of the person's return from a management trial and is below
/// their pay before the trial (or in another currency, which cannot be compared).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReturnProtection {
    pub trial_started: Date,
    pub returned_on: Date,
    /// The last day an amount below `before_trial` needs a reason.
    pub protected_until: Date,
    /// The pay in effect the day before the trial started.
    pub before_trial: Money,
}

impl ReturnProtection {
    /// The sentence a refusal shows: what is protected, until when, and what to do.
    pub fn message(&self, amount: &Money) -> String {
        let before = format!(
            "{} {}",
            self.before_trial.to_decimal(),
            self.before_trial.currency.as_str()
        );
        let asked = format!("{} {}", amount.to_decimal(), amount.currency.as_str());
        let compared = if amount.currency == self.before_trial.currency {
            format!("{asked} is below {before}, the pay before the management trial")
        } else {
            format!(
                "{asked} is in another currency than {before}, the pay before the management \
                 trial, so it cannot be shown not to be lower"
            )
        };
        format!(
            "{compared} that started on {} and ended with a return on {}. Pay is protected \
             until {}: an amount below it needs a pay administrator's reason for paying less.",
            self.trial_started, self.returned_on, self.protected_until
        )
    }
}

/// Whether recording `amount` from `effective` needs a pay administrator's explicit
/// reason ([`ReturnProtection`]): `returns` are the person's trials that ended in a return
/// (`timeline::trial_returns`), `pay` their pay history. The latest return before
/// `effective` decides; a trial with no pay before it has nothing to protect.
pub fn return_protection(
    returns: &[crate::timeline::TrialReturn],
    pay: &[PayEvent],
    amount: &Money,
    effective: Date,
) -> Option<ReturnProtection> {
    protection_on(returns, pay, effective).filter(|protection| {
        let before = &protection.before_trial;
        amount.currency != before.currency || amount.minor < before.minor
    })
}

/// The protection after a return in effect on `day`, whatever the amount: the latest
/// return on or before `day`, when `day` is within [`RETURN_PROTECTION_MONTHS`] of it and
/// there was pay before its trial; `None` otherwise. What [`return_protection`] checks an
/// amount against, and what the pay form announces before anything is recorded.
pub fn protection_on(
    returns: &[crate::timeline::TrialReturn],
    pay: &[PayEvent],
    day: Date,
) -> Option<ReturnProtection> {
    let back = returns
        .iter()
        .filter(|r| r.returned_on <= day)
        .max_by_key(|r| r.returned_on)?;
    let protected_until = crate::timeline::add_months(back.returned_on, RETURN_PROTECTION_MONTHS)
        .previous_day()
        .unwrap_or(back.returned_on);
    if day > protected_until {
        return None;
    }
    let before_trial = pay
        .iter()
        .filter(|p| p.effective < back.started)
        .max_by_key(|p| (p.effective, p.seq))?
        .amount
        .clone();
    Some(ReturnProtection {
        trial_started: back.started,
        returned_on: back.returned_on,
        protected_until,
        before_trial,
    })
}

/// Where an amount sits in its level's pay band.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "zone", rename_all = "lowercase")]
pub enum BandPlace {
    /// Under the band's minimum.
    Below,
    /// Within the band: `percent` of the way from its minimum (0) to its maximum (100),
    /// rounded down. A band whose minimum is its maximum places its one amount at 50.
    Within { percent: u8 },
    /// Over the band's maximum.
    Above,
}

/// An amount against its level's pay band: its place in the band and its compa-ratio
/// (the amount divided by the band's midpoint).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BandPosition {
    pub place: BandPlace,
    /// The compa-ratio in hundredths, rounded to the nearest: 100 is the midpoint, 90 is
    /// 10 % under it.
    pub compa_ratio_percent: u32,
}

impl BandPosition {
    /// The compa-ratio as written in pay reviews: "0.97".
    pub fn compa_ratio(&self) -> String {
        format!(
            "{}.{:02}",
            self.compa_ratio_percent / 100,
            self.compa_ratio_percent % 100
        )
    }
}

/// Where `amount` sits in `band`, or `None` when the band is in another currency, its
/// midpoint is zero, or the currency is not one pay is recorded in. The band is in whole
/// units, the amount in minor units: both are compared in minor units, exactly.
pub fn band_position(amount: &Money, band: &PayBand) -> Option<BandPosition> {
    if band.currency != amount.currency {
        return None;
    }
    let scale = 10i128.pow(minor_digits(amount.currency.as_str())?);
    let (min, max) = (
        i128::from(band.min.min(band.max)) * scale,
        i128::from(band.max.max(band.min)) * scale,
    );
    let mid = i128::from(band.midpoint()) * scale;
    if mid <= 0 {
        return None;
    }
    let value = i128::from(amount.minor);
    let place = if value < min {
        BandPlace::Below
    } else if value > max {
        BandPlace::Above
    } else if max == min {
        BandPlace::Within { percent: 50 }
    } else {
        let percent = (value - min) * 100 / (max - min);
        BandPlace::Within {
            percent: u8::try_from(percent).unwrap_or(100),
        }
    };
    let ratio = (value * 100 + mid / 2) / mid;
    Some(BandPosition {
        place,
        compa_ratio_percent: u32::try_from(ratio).unwrap_or(u32::MAX),
    })
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    mod protection {
        use time::macros::date;

        use super::*;
        use crate::timeline::TrialReturn;

        fn eur(major: i64) -> Money {
            Money {
                minor: major * 100,
                currency: parse_currency("EUR").unwrap(),
            }
        }

        fn pay(seq: u32, major: i64, effective: Date) -> PayEvent {
            PayEvent {
                id: PayEventId::new(),
                person: PersonId::new(),
                seq,
                amount: eur(major),
                effective,
                recorded_at: OffsetDateTime::UNIX_EPOCH,
                reason: None,
            }
        }

        /// A trial from 2024-09-01 that ended in a return on 2025-03-01; 100,000 EUR
        /// before it, 120,000 during it.
        fn history() -> (Vec<TrialReturn>, Vec<PayEvent>) {
            (
                vec![TrialReturn {
                    started: date!(2024 - 09 - 01),
                    returned_on: date!(2025 - 03 - 01),
                }],
                vec![
                    pay(1, 90_000, date!(2023 - 01 - 01)),
                    pay(2, 100_000, date!(2024 - 01 - 01)),
                    pay(3, 120_000, date!(2024 - 09 - 01)),
                ],
            )
        }

        #[test]
        fn pay_below_the_pay_before_the_trial_is_protected_for_twelve_months() {
            let (returns, pay) = history();
            let protection = return_protection(&returns, &pay, &eur(95_000), date!(2025 - 06 - 01))
                .expect("below the pay before the trial");
            assert_eq!(protection.before_trial, eur(100_000));
            assert_eq!(protection.protected_until, date!(2026 - 02 - 28));
            let message = protection.message(&eur(95_000));
            assert_eq!(
                message,
                "95000 EUR is below 100000 EUR, the pay before the management trial that \
                 started on 2024-09-01 and ended with a return on 2025-03-01. Pay is \
                 protected until 2026-02-28: an amount below it needs a pay administrator's \
                 reason for paying less."
            );
            assert!(!message.to_lowercase().contains("demot"));
            // The last protected day, and the first day after.
            assert!(
                return_protection(&returns, &pay, &eur(95_000), date!(2026 - 02 - 28)).is_some()
            );
            assert_eq!(
                return_protection(&returns, &pay, &eur(95_000), date!(2026 - 03 - 01)),
                None
            );
            // Before the return (during the trial), nothing is protected yet.
            assert_eq!(
                return_protection(&returns, &pay, &eur(95_000), date!(2025 - 02 - 28)),
                None
            );
        }

        #[test]
        fn the_pay_before_the_trial_or_more_needs_no_reason() {
            let (returns, pay) = history();
            let on = date!(2025 - 03 - 01);
            assert_eq!(return_protection(&returns, &pay, &eur(100_000), on), None);
            // Below the trial's pay but not below the pay before it.
            assert_eq!(return_protection(&returns, &pay, &eur(110_000), on), None);
            assert!(return_protection(&returns, &pay, &eur(99_999), on).is_some());
        }

        #[test]
        fn another_currency_cannot_be_compared_and_needs_a_reason() {
            let (returns, pay) = history();
            let usd = Money {
                minor: 50_000_000,
                currency: parse_currency("USD").unwrap(),
            };
            let protection = return_protection(&returns, &pay, &usd, date!(2025 - 04 - 01))
                .expect("another currency");
            assert!(
                protection
                    .message(&usd)
                    .starts_with("500000 USD is in another currency than 100000 EUR")
            );
        }

        #[test]
        fn the_latest_return_decides_and_no_pay_before_it_protects_nothing() {
            let (mut returns, pay) = history();
            assert_eq!(
                return_protection(&[], &pay, &eur(1), date!(2025 - 04 - 01)),
                None
            );
            assert_eq!(
                return_protection(&returns, &[], &eur(1), date!(2025 - 04 - 01)),
                None
            );
            returns.push(TrialReturn {
                started: date!(2025 - 09 - 01),
                returned_on: date!(2026 - 01 - 05),
            });
            let protection =
                return_protection(&returns, &pay, &eur(110_000), date!(2026 - 06 - 01))
                    .expect("below the pay before the second trial");
            assert_eq!(protection.before_trial, eur(120_000));
            assert_eq!(protection.protected_until, date!(2027 - 01 - 04));
        }

        #[test]
        fn the_protection_in_effect_on_a_day_is_the_window_whatever_the_amount() {
            let (returns, pay) = history();
            let protection = protection_on(&returns, &pay, date!(2025 - 03 - 01))
                .expect("from the day of the return");
            assert_eq!(protection.before_trial, eur(100_000));
            assert_eq!(protection.trial_started, date!(2024 - 09 - 01));
            assert_eq!(protection.returned_on, date!(2025 - 03 - 01));
            assert_eq!(protection.protected_until, date!(2026 - 02 - 28));
            assert_eq!(
                protection_on(&returns, &pay, date!(2026 - 02 - 28)),
                Some(protection.clone()),
                "to the last protected day"
            );
            for outside in [date!(2025 - 02 - 28), date!(2026 - 03 - 01)] {
                assert_eq!(protection_on(&returns, &pay, outside), None, "{outside}");
            }
            assert_eq!(protection_on(&returns, &[], date!(2025 - 04 - 01)), None);
            assert_eq!(protection_on(&[], &pay, date!(2025 - 04 - 01)), None);
        }

        proptest! {
            /// Within the twelve months, an amount is refused exactly when it is below the
            /// pay before the trial.
            #[test]
            fn nobody_is_paid_less_than_before_the_trial_without_a_reason(
                major in 1_i64..300_000,
                days in 0_i64..365,
            ) {
                let (returns, pay) = history();
                let on = date!(2025 - 03 - 01) + time::Duration::days(days);
                let refused = return_protection(&returns, &pay, &eur(major), on).is_some();
                prop_assert_eq!(refused, major < 100_000);
                // The window the pay form announces is the one the amount is checked in.
                prop_assert!(protection_on(&returns, &pay, on).is_some());
            }
        }
    }

    fn minor(amount: &str, currency: &str) -> Result<i64, String> {
        Money::parse(amount, currency)
            .map(|m| m.minor)
            .map_err(|e| e.0)
    }

    #[test]
    fn amounts_follow_the_currency_minor_unit() {
        assert_eq!(minor("85000", "EUR"), Ok(8_500_000));
        assert_eq!(minor("85000.5", "eur"), Ok(8_500_050));
        assert_eq!(minor("91,500.50", "EUR"), Ok(9_150_050));
        assert_eq!(minor("1 500 000", "JPY"), Ok(1_500_000));
        assert_eq!(minor("12000.125", "BHD"), Ok(12_000_125));
        assert_eq!(
            minor("100.50", "JPY"),
            Err("JPY has no minor unit: amounts in JPY are whole numbers".into())
        );
        assert_eq!(
            minor("1.234", "EUR"),
            Err("EUR amounts have at most 2 decimals".into())
        );
        assert_eq!(
            minor("0", "EUR"),
            Err("an amount must be more than zero".into())
        );
        assert_eq!(
            minor("0.00", "EUR"),
            Err("an amount must be more than zero".into())
        );
        assert_eq!(
            minor("-5", "EUR"),
            Err("an amount must be more than zero".into())
        );
        assert_eq!(minor("100000000000", "EUR"), Ok(10_000_000_000_000));
        assert!(
            minor("100000000000.01", "EUR")
                .unwrap_err()
                .contains("at most 100,000,000,000")
        );
        assert!(
            minor("920000000000000", "EUR")
                .unwrap_err()
                .contains("at most")
        );
        assert!(
            minor(&"9".repeat(5_000), "EUR")
                .unwrap_err()
                .contains("at most")
        );
        for bad in [
            "", "lots", "1.", ".5", "1e3", "12,5", "1,2345", "1,,000", "+5", "1.2.3",
        ] {
            assert!(
                minor(bad, "EUR").unwrap_err().contains("is not an amount"),
                "{bad}"
            );
        }
        assert_eq!(
            minor("5", "XYZ"),
            Err(
                "\"XYZ\" is not an ISO 4217 currency code for pay, e.g. EUR, GBP, USD or JPY"
                    .into()
            )
        );
        assert!(minor("5", "XAU").is_err());
        assert!(minor("5", "EURO").is_err());
    }

    #[test]
    fn amounts_are_written_as_they_are_read() {
        let money = |minor, c: &str| Money {
            minor,
            currency: Currency::new(c).unwrap(),
        };
        assert_eq!(money(8_500_050, "EUR").to_decimal(), "85000.50");
        assert_eq!(money(8_500_000, "EUR").to_decimal(), "85000");
        assert_eq!(money(1_500_000, "JPY").to_decimal(), "1500000");
        assert_eq!(money(1_250, "BHD").to_decimal(), "1.250");
    }

    fn band(min: u64, mid: Option<u64>, max: u64, currency: &str) -> PayBand {
        PayBand {
            currency: Currency::new(currency).unwrap(),
            min,
            mid,
            max,
            example: false,
            description: None,
            zones: Vec::new(),
            extra: Default::default(),
            origin: Default::default(),
        }
    }

    fn eur(major: i64) -> Money {
        Money {
            minor: major * 100,
            currency: Currency::new("EUR").unwrap(),
        }
    }

    #[test]
    fn an_amount_is_placed_in_its_band() {
        let b = band(80_000, Some(90_000), 100_000, "EUR");
        let at = |major| band_position(&eur(major), &b).unwrap();
        assert_eq!(at(80_000).place, BandPlace::Within { percent: 0 });
        assert_eq!(at(90_000).place, BandPlace::Within { percent: 50 });
        assert_eq!(at(95_000).place, BandPlace::Within { percent: 75 });
        assert_eq!(at(100_000).place, BandPlace::Within { percent: 100 });
        assert_eq!(at(79_999).place, BandPlace::Below);
        assert_eq!(at(100_001).place, BandPlace::Above);
        assert_eq!(at(90_000).compa_ratio(), "1.00");
        assert_eq!(at(81_000).compa_ratio(), "0.90");
        assert_eq!(at(108_000).compa_ratio(), "1.20");
        // One cent over the maximum is above it.
        let over = Money {
            minor: 10_000_001,
            currency: Currency::new("EUR").unwrap(),
        };
        assert_eq!(band_position(&over, &b).unwrap().place, BandPlace::Above);
    }

    #[test]
    fn the_midpoint_defaults_to_the_middle_and_currencies_must_match() {
        let b = band(80_000, None, 120_000, "EUR");
        assert_eq!(
            band_position(&eur(100_000), &b)
                .unwrap()
                .compa_ratio_percent,
            100
        );
        assert_eq!(band_position(&eur(100_000), &band(1, None, 2, "GBP")), None);
        let flat = band(50_000, None, 50_000, "EUR");
        assert_eq!(
            band_position(&eur(50_000), &flat).unwrap().place,
            BandPlace::Within { percent: 50 }
        );
        let yen = Money {
            minor: 6_000_000,
            currency: Currency::new("JPY").unwrap(),
        };
        let b = band(5_000_000, None, 7_000_000, "JPY");
        assert_eq!(
            band_position(&yen, &b).unwrap(),
            BandPosition {
                place: BandPlace::Within { percent: 50 },
                compa_ratio_percent: 100
            }
        );
    }

    proptest! {
        #[test]
        fn any_amount_parses_in_range_or_is_refused(
            s in "[0-9., _-]{0,20}|\\PC{0,20}",
            c in "EUR|JPY|BHD|USD|XXX|eur",
        ) {
            if let Ok(m) = Money::parse(&s, &c) {
                let scale = 10i64.pow(minor_digits(m.currency.as_str()).unwrap());
                prop_assert!(m.minor > 0);
                prop_assert!(m.minor <= MAX_MAJOR_UNITS as i64 * scale);
                prop_assert_eq!(Money::parse(&m.to_decimal(), m.currency.as_str()), Ok(m.clone()));
            }
        }

        #[test]
        fn a_band_position_agrees_with_the_band(
            min in 1u64..1_000_000,
            width in 0u64..1_000_000,
            mid_at in proptest::option::of(0u64..=100),
            major in 1i64..3_000_000,
            cents in 0i64..100,
        ) {
            let max = min + width;
            let mid = mid_at.map(|p| min + width * p / 100);
            let b = band(min, mid, max, "EUR");
            let amount = Money { minor: major * 100 + cents, currency: Currency::new("EUR").unwrap() };
            let pos = band_position(&amount, &b).unwrap();
            let (lo, hi) = (i64::try_from(min).unwrap() * 100, i64::try_from(max).unwrap() * 100);
            match pos.place {
                BandPlace::Below => prop_assert!(amount.minor < lo),
                BandPlace::Above => prop_assert!(amount.minor > hi),
                BandPlace::Within { percent } => {
                    prop_assert!(lo <= amount.minor && amount.minor <= hi);
                    prop_assert!(percent <= 100);
                }
            }
            // A higher amount never sits lower, nor has a lower compa-ratio.
            let more = Money { minor: amount.minor + 100, ..amount.clone() };
            let next = band_position(&more, &b).unwrap();
            prop_assert!(next.compa_ratio_percent >= pos.compa_ratio_percent);
            let rank = |p: BandPlace| match p {
                BandPlace::Below => -1,
                BandPlace::Within { percent } => i32::from(percent),
                BandPlace::Above => 101,
            };
            prop_assert!(rank(next.place) >= rank(pos.place));
            // The compa-ratio is below 1 exactly when the amount is under the midpoint.
            let mid_minor = i64::try_from(b.midpoint()).unwrap() * 100;
            if amount.minor * 1000 < mid_minor * 995 {
                prop_assert!(pos.compa_ratio_percent < 100);
            }
            if amount.minor * 1000 > mid_minor * 1005 {
                prop_assert!(pos.compa_ratio_percent > 100);
            }
        }

        #[test]
        fn every_amount_in_range_round_trips(minor in 1i64..=10_000_000_000_000, c in "EUR|JPY|BHD") {
            let m = Money { minor, currency: Currency::new(c).unwrap() };
            let scale = 10i64.pow(minor_digits(m.currency.as_str()).unwrap());
            prop_assume!(minor <= MAX_MAJOR_UNITS as i64 * scale);
            prop_assert_eq!(Money::parse(&m.to_decimal(), m.currency.as_str()), Ok(m));
        }
    }
}
