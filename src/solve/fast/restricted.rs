//! A restricted model: the LP or MIP over some columns (working pairs and
//! shortfalls), built through HiGHS's incremental API so that columns can
//! be added and bounds changed after a solve, which then restarts from the
//! last basis. Rows are created as a column first uses them.

use super::faces::Fixings;
use super::{Master, State};
use crate::solve::Level;
use highs::{ColProblem, Model, Row as ModelRow, Sense};

/// A column of a restricted model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Column {
    Pair(u32),
    Shortfall(usize),
}

/// One restricted model: its columns and which rows it holds. Built
/// through HiGHS's incremental API, so columns can be added and bounds
/// changed after a solve, which then restarts from the last basis.
pub(super) struct Restricted {
    /// The model; taken out while HiGHS solves it.
    pub(super) model: Option<Model>,
    pub(super) columns: Vec<Column>,
    /// HiGHS's handle of each column.
    pub(super) handles: Vec<highs::Col>,
    /// Each column's bounds.
    bounds: Vec<(f64, f64)>,
    /// Model row of each row, once some column uses it.
    row_of: Vec<Option<ModelRow>>,
    /// Row of each model row.
    rows: Vec<usize>,
    tight: Vec<bool>,
    upper: Vec<f64>,
    integer: bool,
}

/// A row's bounds: `≤ upper`, or `= upper` when tight.
fn bounds_of(upper: &[f64], tight: &[bool], row: usize) -> (f64, f64) {
    let u = upper[row];
    if tight[row] {
        (u, u)
    } else {
        (f64::NEG_INFINITY, u)
    }
}

impl Restricted {
    /// Adds a column (rows are created as first used).
    pub(super) fn add(
        &mut self,
        c: Column,
        cost: f64,
        bounds: (f64, f64),
        entries: &[(usize, f64)],
    ) {
        let model = self.model.as_mut().expect("model present");
        let mut factors = Vec::with_capacity(entries.len());
        for &(row, coef) in entries {
            let handle = match self.row_of[row] {
                Some(h) => h,
                None => {
                    let (lo, hi) = bounds_of(&self.upper, &self.tight, row);
                    let h = model.add_row(lo..=hi, std::iter::empty::<(highs::Col, f64)>());
                    self.row_of[row] = Some(h);
                    self.rows.push(row);
                    h
                }
            };
            factors.push((handle, coef));
        }
        let integer = self.integer && matches!(c, Column::Pair(_));
        let handle = model.add_column_with_integrality(cost, bounds.0..=bounds.1, factors, integer);
        self.handles.push(handle);
        self.bounds.push(bounds);
        self.columns.push(c);
    }

    /// Whether the column values `values` keep every column's bounds and
    /// every row of the model, to within `tolerance` (absolute, as HiGHS's
    /// feasibility tolerance is); `entries` gives a column's rows and
    /// coefficients.
    pub(super) fn keeps(
        &self,
        values: &[f64],
        entries: impl Fn(Column, &mut Vec<(usize, f64)>),
        tolerance: f64,
    ) -> bool {
        debug_assert_eq!(values.len(), self.columns.len());
        let within = |v: f64, (lo, hi): (f64, f64)| v >= lo - tolerance && v <= hi + tolerance;
        let mut activity = vec![0.0; self.upper.len()];
        let mut row_entries = Vec::new();
        for ((&c, &bounds), &v) in self.columns.iter().zip(&self.bounds).zip(values) {
            if !within(v, bounds) {
                return false;
            }
            if v != 0.0 {
                entries(c, &mut row_entries);
                for &(row, coef) in &row_entries {
                    activity[row] += coef * v;
                }
            }
        }
        self.rows
            .iter()
            .all(|&row| within(activity[row], bounds_of(&self.upper, &self.tight, row)))
    }

    /// Model row duals spread over all rows (0 for rows not in the model).
    pub(super) fn row_duals(&self, model: &[f64], rows: usize) -> Vec<f64> {
        let mut y = vec![0.0; rows];
        for (i, &row) in self.rows.iter().enumerate() {
            y[row] = model.get(i).copied().unwrap_or(0.0);
        }
        y
    }
}

impl Master<'_> {
    /// The working pairs, in the order they joined, then every shortfall:
    /// the columns of a restricted model over the working set.
    pub(super) fn working_columns(&self) -> Vec<Column> {
        self.work
            .iter()
            .map(|&k| Column::Pair(k))
            .chain((0..self.targets.len()).map(Column::Shortfall))
            .collect()
    }

    /// A restricted model over `columns`.
    pub(super) fn restricted(
        &self,
        level: Level,
        columns: &[Column],
        integer: bool,
        fix: Option<&Fixings>,
        tight: &dyn Fn(usize) -> bool,
    ) -> Restricted {
        let rows = self.upper.len();
        let sense = if level.maximize() {
            Sense::Maximise
        } else {
            Sense::Minimise
        };
        let mut model = Model::new(ColProblem::new());
        model.set_sense(sense);
        let mut r = Restricted {
            model: Some(model),
            columns: Vec::with_capacity(columns.len()),
            handles: Vec::with_capacity(columns.len()),
            bounds: Vec::with_capacity(columns.len()),
            row_of: vec![None; rows],
            rows: Vec::new(),
            tight: (0..rows).map(|i| self.tight[i] || tight(i)).collect(),
            upper: self.upper.clone(),
            integer,
        };
        let mut entries = Vec::new();
        for &c in columns {
            match c {
                Column::Pair(k) => {
                    let ku = k as usize;
                    let bounds = match (self.state[ku], fix.and_then(|f| f.pairs.get(&k).copied()))
                    {
                        (State::One, _) => (1.0, 1.0),
                        (State::Zero, _) => (0.0, 0.0),
                        (State::Free, Some(v)) => (v, v),
                        (State::Free, None) => (0.0, 1.0),
                    };
                    self.entries(ku, &mut entries);
                    r.add(c, self.objective(level, ku), bounds, &entries);
                }
                Column::Shortfall(t) => {
                    let fixed = fix.and_then(|f| f.shortfalls[t]);
                    let bounds = match self.shortfall_fixed[t].or(fixed) {
                        Some(v) => (v, v),
                        None => (0.0, f64::INFINITY),
                    };
                    self.shortfall_entries(t, &mut entries);
                    r.add(c, Self::shortfall_cost(level), bounds, &entries);
                }
            }
        }
        r
    }
}
