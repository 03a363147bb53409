//! Ruled tables: the grid of a table rebuilt from its border segments, merged cells
//! included.

use crate::geom::Seg;

/// Segments closer than this (points) are the same line.
const SNAP: f32 = 2.5;
/// Gaps up to this along a line are closed (dashed or piecewise-drawn borders).
const GAP: f32 = 3.0;

/// A merged cell: grid rows `r0..r1`, columns `c0..c1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CellBox {
    /// First row.
    pub r0: usize,
    /// One past the last row.
    pub r1: usize,
    /// First column.
    pub c0: usize,
    /// One past the last column.
    pub c1: usize,
}

/// The grid of one ruled table on one page.
#[derive(Debug, Clone)]
pub struct Grid {
    /// Column boundaries, left to right (`columns + 1` values).
    pub xs: Vec<f32>,
    /// Row boundaries, top to bottom (`rows + 1` values).
    pub ys: Vec<f32>,
    /// The cells, in row-major order of their top-left slot.
    pub cells: Vec<CellBox>,
    /// For each slot (row-major), the index of the cell covering it.
    owner: Vec<usize>,
    /// No rule is drawn along the top edge: the vertical borders reach above the first
    /// horizontal one (the top of a row whose upper part is on the previous page).
    pub open_top: bool,
    /// No rule is drawn along the bottom edge (a row going on to the next page).
    pub open_bottom: bool,
}

impl Grid {
    /// Number of grid columns.
    pub fn columns(&self) -> usize {
        self.xs.len().saturating_sub(1)
    }
    /// Number of grid rows.
    pub fn rows(&self) -> usize {
        self.ys.len().saturating_sub(1)
    }
    /// Left edge.
    pub fn left(&self) -> f32 {
        self.xs.first().copied().unwrap_or(0.0)
    }
    /// Right edge.
    pub fn right(&self) -> f32 {
        self.xs.last().copied().unwrap_or(0.0)
    }
    /// Top edge.
    pub fn top(&self) -> f32 {
        self.ys.first().copied().unwrap_or(0.0)
    }
    /// Bottom edge.
    pub fn bottom(&self) -> f32 {
        self.ys.last().copied().unwrap_or(0.0)
    }
    /// The cell at a point, if the point is inside the table.
    pub fn locate(&self, x: f32, y: f32) -> Option<usize> {
        let tol = 1.0;
        if x < self.left() - tol
            || x > self.right() + tol
            || y < self.top() - tol
            || y > self.bottom() + tol
        {
            return None;
        }
        let c = band(&self.xs, x);
        let r = band(&self.ys, y);
        self.owner.get(r * self.columns() + c).copied()
    }
}

/// The band `i` with `bounds[i] <= v < bounds[i + 1]`, clamped to the outer bands.
fn band(bounds: &[f32], v: f32) -> usize {
    let n = bounds.len().saturating_sub(1);
    let i = bounds.partition_point(|b| *b <= v);
    i.saturating_sub(1).min(n.saturating_sub(1))
}

/// Merges collinear overlapping segments.
fn merge(mut segs: Vec<Seg>) -> Vec<Seg> {
    segs.sort_by(|a, b| a.at.total_cmp(&b.at).then(a.from.total_cmp(&b.from)));
    // group by position
    let mut groups: Vec<Vec<Seg>> = Vec::new();
    for s in segs {
        match groups.last_mut() {
            Some(g) if (s.at - g[0].at).abs() <= 1.0 => g.push(s),
            _ => groups.push(vec![s]),
        }
    }
    let mut out = Vec::new();
    for mut g in groups {
        let at = g.iter().map(|s| s.at).sum::<f32>() / g.len() as f32;
        g.sort_by(|a, b| a.from.total_cmp(&b.from));
        let mut cur: Option<Seg> = None;
        for s in g {
            match cur.as_mut() {
                Some(c) if s.from <= c.to + GAP => c.to = c.to.max(s.to),
                _ => {
                    out.extend(cur.take());
                    cur = Some(Seg { at, ..s });
                }
            }
        }
        out.extend(cur);
    }
    out
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        parent[ra.max(rb)] = ra.min(rb);
    }
}

/// Snaps values to clusters (sorted centres).
fn snap(mut v: Vec<f32>) -> Vec<f32> {
    v.sort_by(f32::total_cmp);
    let mut out: Vec<(f32, usize)> = Vec::new();
    for x in v {
        match out.last_mut() {
            Some((c, n)) if x - *c / *n as f32 <= SNAP => {
                *c += x;
                *n += 1;
            }
            _ => out.push((x, 1)),
        }
    }
    out.into_iter().map(|(c, n)| c / n as f32).collect()
}

fn covers(segs: &[&Seg], at: f32, along: f32) -> bool {
    segs.iter()
        .any(|s| (s.at - at).abs() <= SNAP && s.from - 1.0 <= along && along <= s.to + 1.0)
}

/// Finds the ruled tables among a page's segments.
pub fn grids(segs: &[Seg]) -> Vec<Grid> {
    let hs = merge(segs.iter().filter(|s| s.horizontal).copied().collect());
    let vs = merge(segs.iter().filter(|s| !s.horizontal).copied().collect());
    if hs.is_empty() || vs.is_empty() || hs.len() * vs.len() > 4_000_000 {
        return Vec::new();
    }
    let n = hs.len() + vs.len();
    let mut parent: Vec<usize> = (0..n).collect();
    for (i, h) in hs.iter().enumerate() {
        for (j, v) in vs.iter().enumerate() {
            if v.at >= h.from - SNAP
                && v.at <= h.to + SNAP
                && h.at >= v.from - SNAP
                && h.at <= v.to + SNAP
            {
                union(&mut parent, i, hs.len() + j);
            }
        }
    }
    let mut comps: std::collections::BTreeMap<usize, (Vec<&Seg>, Vec<&Seg>)> = Default::default();
    for i in 0..n {
        let r = find(&mut parent, i);
        let e = comps.entry(r).or_default();
        if i < hs.len() {
            e.0.push(&hs[i]);
        } else {
            e.1.push(&vs[i - hs.len()]);
        }
    }
    let mut out: Vec<Grid> = comps
        .into_values()
        .filter(|(h, v)| (h.len() >= 2 && !v.is_empty()) || one_open_row(h, v))
        .filter_map(|(h, v)| grid(&h, &v))
        .collect();
    out.sort_by(|a, b| a.top().total_cmp(&b.top()));
    out
}

/// One row of cells with the rule along one edge missing: a single horizontal rule and
/// at least three verticals all standing on it on the same side, as far as each other
/// (the rest of a row split by a page break, at the top of the next page).
fn one_open_row(hs: &[&Seg], vs: &[&Seg]) -> bool {
    let [h] = hs else {
        return false;
    };
    let level = |ends: &mut dyn Iterator<Item = f32>| {
        let (lo, hi) = ends.fold((f32::INFINITY, f32::NEG_INFINITY), |(a, b), x| {
            (a.min(x), b.max(x))
        });
        hi - lo <= SNAP
    };
    let above = vs
        .iter()
        .all(|s| (s.to - h.at).abs() <= SNAP && s.from < h.at - 10.0);
    let below = vs
        .iter()
        .all(|s| (s.from - h.at).abs() <= SNAP && s.to > h.at + 10.0);
    vs.len() >= 3
        && ((above && level(&mut vs.iter().map(|s| s.from)))
            || (below && level(&mut vs.iter().map(|s| s.to))))
}

fn grid(hs: &[&Seg], vs: &[&Seg]) -> Option<Grid> {
    let mut xs = snap(vs.iter().map(|s| s.at).collect());
    let mut ys = snap(hs.iter().map(|s| s.at).collect());
    // open sides: rules longer than the outermost borders
    let h_from = hs.iter().map(|s| s.from).fold(f32::INFINITY, f32::min);
    let h_to = hs.iter().map(|s| s.to).fold(f32::NEG_INFINITY, f32::max);
    let v_from = vs.iter().map(|s| s.from).fold(f32::INFINITY, f32::min);
    let v_to = vs.iter().map(|s| s.to).fold(f32::NEG_INFINITY, f32::max);
    let first = |v: &Vec<f32>| v.first().copied().unwrap_or(0.0);
    let last = |v: &Vec<f32>| v.last().copied().unwrap_or(0.0);
    if h_from < first(&xs) - SNAP {
        xs.insert(0, h_from);
    }
    if h_to > last(&xs) + SNAP {
        xs.push(h_to);
    }
    let open_top = v_from < first(&ys) - SNAP;
    if open_top {
        ys.insert(0, v_from);
    }
    let open_bottom = v_to > last(&ys) + SNAP;
    if open_bottom {
        ys.push(v_to);
    }
    let (cols, rows) = (xs.len().checked_sub(1)?, ys.len().checked_sub(1)?);
    if cols == 0 || rows == 0 || cols * rows > 20_000 {
        return None;
    }
    let (nx, ny) = (xs.len(), ys.len());
    let mut parent: Vec<usize> = (0..rows * cols).collect();
    for r in 0..rows {
        let ymid = (ys[r] + ys[r + 1]) / 2.0;
        for c in 0..cols {
            let xmid = (xs[c] + xs[c + 1]) / 2.0;
            // right neighbour: joined unless a vertical border separates them
            if c + 1 < cols && c + 1 < nx - 1 && !covers(vs, xs[c + 1], ymid) {
                union(&mut parent, r * cols + c, r * cols + c + 1);
            }
            if r + 1 < rows && r + 1 < ny - 1 && !covers(hs, ys[r + 1], xmid) {
                union(&mut parent, r * cols + c, (r + 1) * cols + c);
            }
        }
    }
    let mut index: std::collections::HashMap<usize, usize> = Default::default();
    let mut cells: Vec<CellBox> = Vec::new();
    let mut owner = vec![0usize; rows * cols];
    for r in 0..rows {
        for c in 0..cols {
            let root = find(&mut parent, r * cols + c);
            let i = *index.entry(root).or_insert_with(|| {
                cells.push(CellBox {
                    r0: r,
                    r1: r + 1,
                    c0: c,
                    c1: c + 1,
                });
                cells.len() - 1
            });
            let cell = &mut cells[i];
            cell.r0 = cell.r0.min(r);
            cell.r1 = cell.r1.max(r + 1);
            cell.c0 = cell.c0.min(c);
            cell.c1 = cell.c1.max(c + 1);
            owner[r * cols + c] = i;
        }
    }
    if cells.len() < 2 {
        return None;
    }
    Some(Grid {
        xs,
        ys,
        cells,
        owner,
        open_top,
        open_bottom,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(y: f32, a: f32, b: f32) -> Seg {
        Seg {
            horizontal: true,
            at: y,
            from: a,
            to: b,
        }
    }
    fn v(x: f32, a: f32, b: f32) -> Seg {
        Seg {
            horizontal: false,
            at: x,
            from: a,
            to: b,
        }
    }

    #[test]
    fn merged_cells_are_rebuilt() {
        // 3 columns, 2 rows; the first column spans both rows; the top-right two cells
        // are one cell
        let segs = vec![
            h(0.0, 0.0, 300.0),
            h(50.0, 100.0, 300.0),
            h(100.0, 0.0, 300.0),
            v(0.0, 0.0, 100.0),
            v(100.0, 0.0, 100.0),
            v(200.0, 50.0, 100.0),
            v(300.0, 0.0, 100.0),
        ];
        let g = grids(&segs);
        assert_eq!(g.len(), 1);
        let g = &g[0];
        assert_eq!((g.rows(), g.columns()), (2, 3));
        assert_eq!(g.cells.len(), 4);
        assert_eq!(
            g.cells[0],
            CellBox {
                r0: 0,
                r1: 2,
                c0: 0,
                c1: 1
            }
        );
        assert_eq!(
            g.cells[1],
            CellBox {
                r0: 0,
                r1: 1,
                c0: 1,
                c1: 3
            }
        );
        assert_eq!(g.locate(250.0, 75.0), Some(3));
        assert_eq!(g.locate(50.0, 75.0), Some(0));
        assert_eq!(g.locate(350.0, 75.0), None);
        assert!(!g.open_top && !g.open_bottom);
    }

    #[test]
    fn an_edge_without_its_rule_is_open() {
        // the bottom rule missing: the verticals go on below the last horizontal
        let segs = vec![
            h(0.0, 0.0, 200.0),
            h(40.0, 0.0, 200.0),
            v(0.0, 0.0, 70.0),
            v(100.0, 0.0, 70.0),
            v(200.0, 0.0, 70.0),
        ];
        let g = grids(&segs);
        assert_eq!(g.len(), 1);
        assert_eq!(g[0].rows(), 2);
        assert!(g[0].open_bottom && !g[0].open_top);
        assert_eq!(g[0].locate(150.0, 60.0), Some(3));
        // one row under a missing top rule
        let segs = vec![
            h(40.0, 0.0, 200.0),
            v(0.0, 10.0, 40.0),
            v(100.0, 10.0, 40.0),
            v(200.0, 10.0, 40.0),
        ];
        let g = grids(&segs);
        assert_eq!(g.len(), 1);
        assert_eq!((g[0].rows(), g[0].columns()), (1, 2));
        assert!(g[0].open_top && !g[0].open_bottom);
        // a rule with marks hanging from it at different lengths is no table
        let segs = vec![
            h(40.0, 0.0, 200.0),
            v(0.0, 10.0, 40.0),
            v(100.0, 25.0, 40.0),
            v(200.0, 10.0, 40.0),
        ];
        assert!(grids(&segs).is_empty());
    }

    #[test]
    fn a_box_is_not_a_table_and_rules_alone_are_not_either() {
        let frame = vec![
            h(0.0, 0.0, 100.0),
            h(50.0, 0.0, 100.0),
            v(0.0, 0.0, 50.0),
            v(100.0, 0.0, 50.0),
        ];
        assert!(grids(&frame).is_empty());
        let rules = vec![h(0.0, 0.0, 100.0), h(50.0, 0.0, 100.0), h(90.0, 0.0, 100.0)];
        assert!(grids(&rules).is_empty());
    }

    #[test]
    fn dashed_and_piecewise_borders_join() {
        let mut segs = vec![];
        for i in 0..10 {
            let a = i as f32 * 20.0;
            segs.push(h(0.0, a, a + 18.0));
            segs.push(h(40.0, a, a + 18.0));
        }
        segs.push(v(0.0, 0.0, 40.0));
        segs.push(v(100.0, 0.0, 40.0));
        segs.push(v(198.0, 0.0, 40.0));
        let g = grids(&segs);
        assert_eq!(g.len(), 1);
        assert_eq!(g[0].cells.len(), 2);
    }
}
