//! Calendar dates from Unix times. Reports need only UTC days and months, which one well-known
//! formula gives, so no date library is pulled in for them.

/// The proleptic Gregorian `(year, month, day)` of the UTC day `days` after 1970-01-01 (negative
/// before it), by Howard Hinnant's `civil_from_days`.
pub(crate) fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    // Both are small by construction: month in 1..=12, day in 1..=31.
    (year, month as u32, day as u32)
}

/// The UTC date of `secs` seconds after the Unix epoch (negative before it).
pub(crate) fn date_of_unix(secs: i64) -> (i64, u32, u32) {
    civil_from_days(secs.div_euclid(86_400))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_around_the_epoch_and_leap_years() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        assert_eq!(date_of_unix(951_782_400), (2000, 2, 29));
        assert_eq!(date_of_unix(1_709_164_799), (2024, 2, 28));
        assert_eq!(date_of_unix(4_107_542_400), (2100, 3, 1));
        assert_eq!(date_of_unix(-5), (1969, 12, 31));
    }
}
