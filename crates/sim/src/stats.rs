//! Means and standard errors of independent runs.
//!
//! A simulation's answer is the mean over its runs, and the standard error says how far
//! that mean may sit from the model's true value: two results that differ by many
//! standard errors differ in the model, not by chance. Everything here sums in the order
//! it is given, so the same samples always give the same bits.

use serde::Serialize;

/// A mean over independent samples and its standard error.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Estimate {
    /// The sample mean.
    pub mean: f64,
    /// The standard deviation of the samples (with n − 1) divided by √n.
    pub standard_error: f64,
}

impl Estimate {
    /// The estimate from `samples`; `None` for fewer than two, which have no standard
    /// error.
    pub fn from_samples(samples: &[f64]) -> Option<Self> {
        Some(Self {
            mean: mean(samples)?,
            standard_error: standard_error(samples)?,
        })
    }

    /// How many standard errors `value` lies from the mean (positive when above it).
    pub fn deviations(&self, value: f64) -> f64 {
        (value - self.mean) / self.standard_error
    }
}

/// The mean of `samples`, summed in order; `None` when there are none.
pub fn mean(samples: &[f64]) -> Option<f64> {
    if samples.is_empty() {
        return None;
    }
    Some(samples.iter().sum::<f64>() / samples.len() as f64)
}

/// The standard error of the mean of `samples`: their standard deviation, with the
/// n − 1 of an unbiased variance, divided by √n. `None` for fewer than two samples.
pub fn standard_error(samples: &[f64]) -> Option<f64> {
    let n = samples.len();
    if n < 2 {
        return None;
    }
    let m = mean(samples)?;
    let squares: f64 = samples.iter().map(|x| (x - m) * (x - m)).sum();
    let variance = squares / (n - 1) as f64;
    Some((variance / n as f64).sqrt())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mean_and_standard_error_by_hand() {
        // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, squares 32, variance 32/7.
        let xs = [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0];
        let e = Estimate::from_samples(&xs).unwrap();
        assert_eq!(e.mean, 5.0);
        let expected = (32.0_f64 / 7.0 / 8.0).sqrt();
        assert!((e.standard_error - expected).abs() < 1e-15);
        assert!((e.deviations(5.0 + 2.0 * expected) - 2.0).abs() < 1e-12);
    }

    #[test]
    fn too_few_samples_have_no_standard_error() {
        assert_eq!(mean(&[]), None);
        assert_eq!(mean(&[3.0]), Some(3.0));
        assert_eq!(standard_error(&[3.0]), None);
        assert_eq!(Estimate::from_samples(&[3.0]), None);
        assert_eq!(standard_error(&[1.0, 1.0]), Some(0.0));
    }
}
