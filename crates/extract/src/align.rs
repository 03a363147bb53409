//! Reading the value cells of a table row into the template's columns.
//!
//! Published tables are flattened from merged cells, so rows carry padding, doubled
//! columns, or lose cells. The rules, in order (the first that applies wins):
//!
//! 1. exactly `n` value cells: read in order;
//! 2. blank padding at both ends stripped leaves exactly `n`: read in order;
//! 3. (irregular from here on) the row's extra cells are all blank at the front: the last
//!    `n` cells are read (right-aligned to 总计); or all blank at the end: the first `n`;
//! 4. `k·n` cells (after dropping blank padding) with at most one non-blank per group of `k`:
//!    each group is one column (a table whose value columns were doubled);
//! 5. exactly `n` non-blank cells among blanks: those, in order;
//! 6. more than `n` cells, and reading them left-aligned or right-aligned gives the same
//!    values: those values;
//! 7. fewer than `n` cells, none of them holding anything (the label alone, or the label
//!    and a few blank cells): nothing to read, every column `None`, the same as a row
//!    without cells (a blank cell is read as 0 only where the row has a cell for every
//!    column, so that its column is certain);
//! 8. fewer than `n` cells: right-aligned; the columns the row lacks are `None` (left out);
//! 9. otherwise the row cannot be aligned: every column `None`.
//!
//! Rule 8 is for a table-three row whose label took a cell among rows that have all
//! theirs. The callers do not use it where it would guess a whole layout (`tables.rs`):
//! table four's row of figures shorter than 15 and table two's 规章/行政规范性文件 row
//! shorter than three stay null; a table three whose rows all lack the same cell (a column
//! lost in conversion) is null unless a one-row header names its columns; table four in
//! small tables is read group by group.

use crate::norm::Value;

/// How a row was aligned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alignment {
    /// Rules 1–2: as the template.
    Regular,
    /// Rule 3, right-aligned.
    RightPadded,
    /// Rule 3, left-aligned.
    LeftPadded,
    /// Rule 4, with the group width.
    Grouped(usize),
    /// Rule 5.
    NonBlank,
    /// Rule 6.
    Symmetric,
    /// Rule 7: fewer cells than columns and none of them filled.
    Empty,
    /// Rule 8.
    Short,
    /// Rule 9.
    Unaligned,
    /// Not a rule of [`align`]: placed by the column names of a one-row header (table
    /// three, `tables.rs`).
    Named,
}

impl Alignment {
    /// Chinese and English explanation of how the row was read, for T304/T404.
    pub fn explain(self) -> (&'static str, &'static str) {
        match self {
            Alignment::Regular => ("按模板读取", "read as the template"),
            Alignment::RightPadded => (
                "多余的空单元格在前，按右对齐读取",
                "extra blank cells in front; read right-aligned",
            ),
            Alignment::LeftPadded => (
                "多余的空单元格在后，按左对齐读取",
                "extra blank cells at the end; read left-aligned",
            ),
            Alignment::Grouped(_) => (
                "每列被拆成多个单元格，按组合并读取",
                "each column split into several cells; read by groups",
            ),
            Alignment::NonBlank => ("取其中的非空单元格", "read the non-blank cells"),
            Alignment::Symmetric => ("左右对齐结果相同", "left and right alignment agree"),
            Alignment::Empty => (
                "没有任何数值（只有标签，或空白单元格少于模板列数），全部置为空值（null）",
                "no value at all (the label alone, or fewer blank cells than columns); all cells null",
            ),
            Alignment::Short => (
                "单元格不足，按右对齐读取，缺少的列为空值（null）",
                "too few cells; read right-aligned, the missing columns are null",
            ),
            Alignment::Named => (
                "按表头的列名读取，表头没有的列为空值（null）",
                "read by the header's column names; columns the header lacks are null",
            ),
            Alignment::Unaligned => (
                "无法确定各数字所在的列，全部置为空值（null）",
                "cannot tell which column each number is in; all cells null",
            ),
        }
    }
}

/// Aligns `vals` (the row's value cells, with their index in the caller's list) to `n`
/// columns. Returns, per column, the index of the source cell (or `None` when left out).
pub fn align(vals: &[Value], n: usize) -> (Vec<Option<usize>>, Alignment) {
    let m = vals.len();
    let seq = |start: usize| (start..start + n).map(Some).collect::<Vec<_>>();
    if m == n {
        return (seq(0), Alignment::Regular);
    }
    let first_nb = vals.iter().position(|v| !v.is_blank());
    let last_nb = vals.iter().rposition(|v| !v.is_blank());
    // 2: blank padding stripped at both ends leaves exactly n
    if m > n {
        if let (Some(f), Some(l)) = (first_nb, last_nb)
            && l + 1 - f == n
        {
            return (seq(f), Alignment::Regular);
        }
        // 3: the extra cells are blank at the front (right-aligned) or at the end
        let extra = m - n;
        let right_ok = vals[..extra].iter().all(Value::is_blank);
        let left_ok = vals[n..].iter().all(Value::is_blank);
        match (right_ok, left_ok) {
            (true, false) => return (seq(extra), Alignment::RightPadded),
            (false, true) => return (seq(0), Alignment::LeftPadded),
            (true, true) if vals[extra..] == vals[..n] => {
                return (seq(extra), Alignment::RightPadded);
            }
            _ => {}
        }
        // 4: groups
        for k in 2..=4 {
            if m < k * n {
                continue;
            }
            let extra = m - k * n;
            for front in 0..=extra {
                let back = extra - front;
                let pad_ok = vals[..front].iter().all(Value::is_blank)
                    && vals[m - back..].iter().all(Value::is_blank);
                if !pad_ok {
                    continue;
                }
                let mut cols = Vec::with_capacity(n);
                let mut ok = true;
                for g in 0..n {
                    let base = front + g * k;
                    let nb: Vec<usize> =
                        (base..base + k).filter(|i| !vals[*i].is_blank()).collect();
                    match nb.len() {
                        0 => cols.push(Some(base)),
                        1 => cols.push(Some(nb[0])),
                        _ => {
                            ok = false;
                            break;
                        }
                    }
                }
                if ok {
                    return (cols, Alignment::Grouped(k));
                }
            }
        }
        // 5: exactly n non-blank
        let nb: Vec<usize> = (0..m).filter(|i| !vals[*i].is_blank()).collect();
        if nb.len() == n {
            return (nb.into_iter().map(Some).collect(), Alignment::NonBlank);
        }
        // 6: left and right agree
        if vals[..n] == vals[m - n..] {
            return (seq(0), Alignment::Symmetric);
        }
        return (vec![None; n], Alignment::Unaligned);
    }
    // 7: fewer cells than columns, all blank: nothing to place
    if first_nb.is_none() {
        return (vec![None; n], Alignment::Empty);
    }
    // 8: fewer cells than columns: right-aligned
    let missing = n - m;
    let cols = (0..n).map(|c| c.checked_sub(missing)).collect();
    (cols, Alignment::Short)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::norm::parse_value;

    fn vals(s: &str) -> Vec<Value> {
        s.split('|').map(parse_value).collect()
    }
    fn read(s: &str, n: usize) -> (Vec<Option<Value>>, Alignment) {
        let v = vals(s);
        let (cols, a) = align(&v, n);
        (
            cols.into_iter().map(|c| c.map(|i| v[i].clone())).collect(),
            a,
        )
    }
    fn ints(xs: &[Option<i64>]) -> Vec<Option<Value>> {
        xs.iter()
            .map(|x| Some(x.map(Value::Int).unwrap_or(Value::Blank)))
            .collect()
    }

    #[test]
    fn exact_row() {
        assert_eq!(
            read("1|2|3|4|5|6|21", 7),
            (
                ints(&[
                    Some(1),
                    Some(2),
                    Some(3),
                    Some(4),
                    Some(5),
                    Some(6),
                    Some(21)
                ]),
                Alignment::Regular
            )
        );
    }

    #[test]
    fn merged_label_padding_is_regular() {
        // seed 001, 3. 危及“三安全一稳定” row: a blank after the label and a trailing blank
        let (v, a) = read("|0|0|0|0|0|0|0|", 7);
        assert_eq!(a, Alignment::Regular);
        assert_eq!(v, ints(&[Some(0); 7]));
    }

    #[test]
    fn doubled_columns_are_grouped() {
        // seed 000, （四）无法提供 1. row: 14 cells, natural person and total filled
        let (v, a) = read("11|||||||||||||11", 7);
        assert_eq!(a, Alignment::Grouped(2));
        assert_eq!(v[0], Some(Value::Int(11)));
        assert_eq!(v[6], Some(Value::Int(11)));
        assert_eq!(v[1], Some(Value::Blank));
        // seed 000, 四、结转下年度继续办理: one blank of label padding in front
        let (v, a) = read("||1|||||||||||||1", 7);
        assert_eq!(a, Alignment::Grouped(2));
        assert_eq!(v[0], Some(Value::Int(1)));
        assert_eq!(v[6], Some(Value::Int(1)));
    }

    #[test]
    fn short_row_is_right_aligned_with_nulls() {
        // seed 004, 5.属于三类内部事务信息: the label took the natural-person cell
        let (v, a) = read("0|0|0|0|0|0", 7);
        assert_eq!(a, Alignment::Short);
        assert_eq!(v[0], None);
        assert_eq!(v[6], Some(Value::Int(0)));
    }

    #[test]
    fn short_blank_rows_are_empty_not_zero() {
        // the label and two blank cells: no column is certain, so none is 0
        let (v, a) = read("|", 7);
        assert_eq!(a, Alignment::Empty);
        assert_eq!(v, vec![None; 7]);
        let (v, a) = read("|||||", 7);
        assert_eq!(a, Alignment::Empty);
        assert_eq!(v, vec![None; 7]);
        assert_eq!(align(&[], 5), (vec![None; 5], Alignment::Empty));
        // a blank cell for every column: read as blank (0, reported by T306)
        let (v, a) = read("||||||", 7);
        assert_eq!(a, Alignment::Regular);
        assert_eq!(v, ints(&[None; 7]));
    }

    #[test]
    fn front_blanks_are_right_aligned() {
        // seed 004, 四、结转下年度继续办理: 3 blanks then 5 zeros
        let (v, a) = read("|||0|0|0|0|0", 7);
        assert_eq!(a, Alignment::RightPadded);
        assert_eq!(v[0], Some(Value::Blank));
        assert_eq!(v[1], Some(Value::Blank));
        assert_eq!(v[2], Some(Value::Int(0)));
    }

    #[test]
    fn equal_values_extra_cell() {
        let (v, a) = read(&["0"; 16].join("|"), 15);
        assert_eq!(a, Alignment::Symmetric);
        assert_eq!(v, ints(&[Some(0); 15]));
    }

    #[test]
    fn conflicting_extra_cells_are_unaligned() {
        let (v, a) = read("1|2|3|4|5|6|7|8", 7);
        assert_eq!(a, Alignment::Unaligned);
        assert!(v.iter().all(Option::is_none));
    }
}
