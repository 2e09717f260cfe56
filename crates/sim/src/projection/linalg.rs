//! The little linear algebra a manpower model needs: inverting a square matrix of at most
//! [`super::MAX_STATES`] rows, by Gauss–Jordan elimination with partial pivoting.
//!
//! Hand-written rather than taken from a crate: the matrices are small and dense, one
//! operation is needed, and a general linear-algebra crate would outweigh the rest of the
//! simulation crate (docs/architecture.md, "Why each major dependency").

/// A dense square matrix, row by row.
pub(crate) type Matrix = Vec<Vec<f64>>;

/// A pivot smaller than this, relative to the largest entry of the matrix, is taken for
/// zero: the matrix is singular as far as double precision can tell.
const SINGULAR: f64 = 1e-12;

/// The inverse of `a`, or `None` when `a` is singular (or not square).
pub(crate) fn invert(a: &Matrix) -> Option<Matrix> {
    let n = a.len();
    if a.iter().any(|row| row.len() != n) {
        return None;
    }
    let scale = a
        .iter()
        .flatten()
        .fold(0.0_f64, |m, x| m.max(x.abs()))
        .max(f64::MIN_POSITIVE);
    let mut left = a.clone();
    let mut right: Matrix = (0..n)
        .map(|i| (0..n).map(|j| if i == j { 1.0 } else { 0.0 }).collect())
        .collect();
    for col in 0..n {
        let pivot = (col..n).max_by(|&i, &j| left[i][col].abs().total_cmp(&left[j][col].abs()))?;
        if left[pivot][col].abs() <= SINGULAR * scale {
            return None;
        }
        left.swap(col, pivot);
        right.swap(col, pivot);
        let p = left[col][col];
        for x in &mut left[col] {
            *x /= p;
        }
        for x in &mut right[col] {
            *x /= p;
        }
        for row in 0..n {
            if row == col {
                continue;
            }
            let factor = left[row][col];
            if factor == 0.0 {
                continue;
            }
            for k in 0..n {
                left[row][k] -= factor * left[col][k];
                right[row][k] -= factor * right[col][k];
            }
        }
    }
    Some(right)
}

/// The identity matrix of size `n`.
#[cfg(test)]
pub(crate) fn identity(n: usize) -> Matrix {
    (0..n)
        .map(|i| (0..n).map(|j| if i == j { 1.0 } else { 0.0 }).collect())
        .collect()
}

/// The row vector `v` times the matrix `m`.
pub(crate) fn row_times(v: &[f64], m: &[Vec<f64>]) -> Vec<f64> {
    let n = m.first().map_or(0, Vec::len);
    let mut out = vec![0.0; n];
    for (x, row) in v.iter().zip(m) {
        if *x == 0.0 {
            continue;
        }
        for (o, y) in out.iter_mut().zip(row) {
            *o += x * y;
        }
    }
    out
}

/// The product of two square matrices of the same size.
pub(crate) fn times(a: &Matrix, b: &Matrix) -> Matrix {
    a.iter().map(|row| row_times(row, b)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: &Matrix, b: &Matrix) -> bool {
        a.iter()
            .flatten()
            .zip(b.iter().flatten())
            .all(|(x, y)| (x - y).abs() < 1e-12)
    }

    #[test]
    fn a_two_by_two_inverse_is_the_textbook_one() {
        // [[4, 7], [2, 6]]⁻¹ = 1/10 · [[6, −7], [−2, 4]].
        let a = vec![vec![4.0, 7.0], vec![2.0, 6.0]];
        let inv = invert(&a).unwrap();
        assert!(
            close(&inv, &vec![vec![0.6, -0.7], vec![-0.2, 0.4]]),
            "{inv:?}"
        );
    }

    #[test]
    fn pivoting_handles_a_zero_on_the_diagonal() {
        let a = vec![
            vec![0.0, 2.0, 1.0],
            vec![1.0, 0.0, 0.0],
            vec![3.0, 1.0, 4.0],
        ];
        let inv = invert(&a).unwrap();
        assert!(close(&times(&a, &inv), &identity(3)));
        assert!(close(&times(&inv, &a), &identity(3)));
    }

    #[test]
    fn a_singular_matrix_has_no_inverse() {
        let a = vec![vec![1.0, 2.0], vec![2.0, 4.0]];
        assert_eq!(invert(&a), None);
        assert_eq!(invert(&vec![vec![0.0]]), None);
        assert_eq!(invert(&vec![vec![1.0, 2.0]]), None, "not square");
    }

    #[test]
    fn row_vector_products() {
        let m = vec![vec![1.0, 2.0], vec![3.0, 4.0]];
        assert_eq!(row_times(&[1.0, 1.0], &m), vec![4.0, 6.0]);
        assert_eq!(row_times(&[0.0, 2.0], &m), vec![6.0, 8.0]);
    }
}
