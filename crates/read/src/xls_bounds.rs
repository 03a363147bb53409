//! Bounds on a legacy Excel workbook (`.xls`: BIFF records inside an OLE compound file),
//! checked before calamine 0.38 reads it.
//!
//! Calamine trusts the file's structure in three places where a small hostile file takes
//! unbounded memory: it follows a sector chain that loops until memory runs out (a 14 KB
//! file found by the xlsx fuzz target took 2.4 GB), it reserves room for every cell a
//! DIMENSIONS record claims, and it makes each sheet a dense grid from its first to its
//! last cell (row and column are 16-bit: one cell at `(65535, 65535)` is four billion
//! cells). Running out of memory aborts the process, which [`crate::contain`] cannot catch.
//!
//! This module walks the file as calamine does — the same header fields, the same sector
//! arithmetic, the same record framing — with every loop bounded, and refuses a file that
//! would loop or would need more than [`MAX_GRID_CELLS`]. What it accepts, calamine reads
//! in memory proportional to the file.

use crate::ReadError;

const HEADER: usize = 512;
/// Sector ids at or above this are markers, not sectors.
const RESERVED_SECTORS: u32 = 0xFFFF_FFFA;
const DIFSECT: u32 = 0xFFFF_FFFC;
const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
/// Streams shorter than this live in the mini stream.
const MINI_CUTOFF: usize = 4096;
const MINI_SECTOR: usize = 64;

/// Grid cells calamine may allocate for the whole workbook: DIMENSIONS reservations and
/// the dense grids of values and of formulas together. A report's sheets hold a few
/// thousand cells; an Excel 97-2003 sheet at most 65,536 × 256 = 16,777,216.
pub(crate) const MAX_GRID_CELLS: u64 = 1 << 22;
/// BIFF records walked over all sheets (calamine walks the stream once per sheet).
const MAX_RECORDS: u64 = 4_000_000;

/// Checks the bytes of a compound file (the caller has seen its signature). A file too
/// damaged for calamine to open passes: calamine reports it.
pub(crate) fn check(bytes: &[u8]) -> Result<(), ReadError> {
    let Some(stream) = workbook_stream(bytes).map_err(refuse)? else {
        return Ok(());
    };
    grid_cells(&stream).map_err(refuse)?;
    Ok(())
}

fn refuse(why: String) -> ReadError {
    ReadError::Invalid(format!("Excel 97-2003 (.xls): {why}"))
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn u64_at(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(b.get(at..at + 8)?.try_into().ok()?))
}

fn u32s(b: &[u8]) -> impl Iterator<Item = u32> + '_ {
    b.chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
}

// ───────────────────────── the compound file ─────────────────────────

/// Calamine's sector buffer: sectors are read in file order into one growing buffer;
/// past the end of the file the buffer holds zeros, and a read that meets the end
/// returns the sector cut short.
struct Sectors<'a> {
    /// The file after its header.
    body: &'a [u8],
    size: usize,
    maxid: usize,
    /// Length of calamine's buffer.
    filled: usize,
}

impl Sectors<'_> {
    /// Sector `id` as calamine's `Sectors::get` returns it: bytes of the file, zeros
    /// past its end.
    fn get(&mut self, id: u32) -> Result<Vec<u8>, String> {
        let id = id as usize;
        if id > self.maxid {
            return Err(format!("sector {id} beyond the end of the file"));
        }
        let start = id * self.size;
        let end = start + self.size;
        let mut stop = end;
        if end > self.filled {
            let reached = self.filled.max(self.body.len());
            self.filled = end;
            if reached < end {
                if start > reached {
                    return Err(format!("sector {id} beyond the end of the file"));
                }
                stop = reached;
            }
        }
        let mut sector = vec![0; stop - start];
        if let Some(have) = self.body.get(start..self.body.len().min(stop)) {
            sector[..have.len()].copy_from_slice(have);
        }
        Ok(sector)
    }
}

/// Follows a chain from `start` through `next` up to `len` bytes, calling `read` for each
/// sector's bytes. A sector visited twice is a loop (calamine would go round it until
/// `len`, which for the directory is unbounded).
fn chain(
    start: u32,
    next: &[u32],
    len: usize,
    mut read: impl FnMut(u32) -> Result<Vec<u8>, String>,
) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut id = start;
    while id != ENDOFCHAIN {
        if !seen.insert(id) {
            return Err(format!(
                "the sector chain from {start} loops at sector {id}"
            ));
        }
        let sector = read(id)?;
        let take = sector.len().min(len - out.len());
        out.extend_from_slice(&sector[..take]);
        if out.len() >= len {
            break;
        }
        id = *next
            .get(id as usize)
            .ok_or_else(|| format!("sector {id} has no allocation entry"))?;
    }
    Ok(out)
}

/// The `Workbook` (or `Book`) stream as calamine assembles it; `None` when the file
/// has neither or calamine would refuse its header (calamine then reports that). A
/// damaged stream is an error here even where calamine would fall back to `Book`.
fn workbook_stream(bytes: &[u8]) -> Result<Option<Vec<u8>>, String> {
    let Some(head) = bytes.get(..HEADER) else {
        return Ok(None);
    };
    let version = u16_at(head, 26).unwrap_or(0);
    let (size, large) = match u16_at(head, 30) {
        Some(9) => (512, false),
        Some(12) => (4096, true),
        _ => return Ok(None),
    };
    if u16_at(head, 32) != Some(6) || bytes.len() < size {
        return Ok(None);
    }
    let field = |at| u32_at(head, at).unwrap_or(0);
    let (dir_start, mini_fat_start, difat_start) = (field(48), field(60), field(68));
    let mini_fat_len = field(64) as usize;
    let mut sectors = Sectors {
        body: &bytes[size..],
        size,
        maxid: bytes.len() / size,
        filled: 0,
    };

    // the DIFAT: the header's 109 entries, then a chain whose last entry links on
    let mut difat: Vec<u32> = u32s(&head[76..HEADER]).collect();
    let mut id = difat_start;
    let mut hops = 0usize;
    while id < RESERVED_SECTORS {
        hops += 1;
        if hops > sectors.maxid + 1 {
            return Err("the sector allocation list loops".into());
        }
        difat.extend(u32s(&sectors.get(id)?));
        id = difat.pop().ok_or("the sector allocation list is empty")?;
    }
    // the FAT: one sector per DIFAT entry, repeats included, as calamine reads it
    let most = (sectors.maxid + 1) * size / 4;
    let mut fat: Vec<u32> = Vec::new();
    for id in difat.into_iter().filter(|id| *id < DIFSECT) {
        fat.extend(u32s(&sectors.get(id)?));
        if fat.len() > most {
            return Err("the sector allocation table is larger than the file".into());
        }
    }

    let dirs = chain(dir_start, &fat, usize::MAX, |id| sectors.get(id))?;
    let dirs: Vec<(String, u32, usize)> = dirs
        .chunks_exact(128)
        .map(|d| {
            let units: Vec<u16> = d[..64]
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .collect();
            let mut name = String::from_utf16_lossy(&units);
            if let Some(nul) = name.find('\0') {
                name.truncate(nul);
            }
            let len = if large {
                u64_at(d, 120).unwrap_or(0) as usize
            } else {
                u32_at(d, 120).unwrap_or(0) as usize
            };
            (name, u32_at(d, 116).unwrap_or(0), len)
        })
        .collect();
    let Some(root) = dirs.first() else {
        return Ok(None);
    };
    if version != 3 && root.1 == ENDOFCHAIN {
        return Ok(None);
    }
    let (mini_fat, mini_stream) = if mini_fat_len > 0 {
        let stream = chain(root.1, &fat, root.2, |id| sectors.get(id))?;
        let table = chain(
            mini_fat_start,
            &fat,
            mini_fat_len.saturating_mul(size),
            |id| sectors.get(id),
        )?;
        (u32s(&table).collect::<Vec<_>>(), stream)
    } else {
        (Vec::new(), Vec::new())
    };
    let mini_max = sectors.maxid * 8;

    // calamine reads `Workbook`, and `Book` when that fails
    let mut stream = |name: &str| -> Result<Option<Vec<u8>>, String> {
        let Some((_, start, len)) = dirs.iter().find(|d| d.0.eq_ignore_ascii_case(name)) else {
            return Ok(None);
        };
        if *len < MINI_CUTOFF {
            chain(*start, &mini_fat, *len, |id| {
                let at = id as usize * MINI_SECTOR;
                if id as usize > mini_max || at + MINI_SECTOR > mini_stream.len() {
                    return Err(format!("mini sector {id} beyond the mini stream"));
                }
                Ok(mini_stream[at..at + MINI_SECTOR].to_vec())
            })
        } else {
            chain(*start, &fat, *len, |id| sectors.get(id))
        }
        .map(Some)
    };
    match stream("Workbook")? {
        Some(s) => Ok(Some(s)),
        None => stream("Book"),
    }
}

// ───────────────────────── the BIFF records ─────────────────────────

/// One record as calamine's `RecordIter` frames it: the CONTINUE records after it are
/// consumed with it. `None` at the end of the stream or where calamine's iterator fails.
fn next_record<'a>(stream: &mut &'a [u8]) -> Option<(u16, &'a [u8])> {
    let typ = u16_at(stream, 0)?;
    let len = u16_at(stream, 2)? as usize;
    let data = stream.get(4..4 + len)?;
    *stream = &stream[4 + len..];
    if stream.len() > 4 && u16_at(stream, 0) == Some(0x003C) {
        while stream.len() > 4 && u16_at(stream, 0) == Some(0x003C) {
            let len = u16_at(stream, 2)? as usize;
            *stream = stream.get(4 + len..)?;
        }
    }
    Some((typ, data))
}

/// The span of positions calamine puts into one dense grid.
#[derive(Default)]
struct Span(Option<(u32, u32, u32, u32)>);

impl Span {
    fn add(&mut self, row: u32, col: u32) {
        let s = self.0.get_or_insert((row, row, col, col));
        *s = (s.0.min(row), s.1.max(row), s.2.min(col), s.3.max(col));
    }
    fn cells(&self) -> u64 {
        self.0.map_or(0, |(r0, r1, c0, c1)| {
            u64::from(r1 - r0 + 1) * u64::from(c1 - c0 + 1)
        })
    }
}

/// Refuses a workbook whose sheets would make calamine allocate more than
/// [`MAX_GRID_CELLS`] grid cells, or walk more than [`MAX_RECORDS`] records.
fn grid_cells(stream: &[u8]) -> Result<(), String> {
    // the globals substream: sheet offsets from BOUNDSHEET, up to EOF
    let mut offsets = Vec::new();
    let mut rest = stream;
    while let Some((typ, data)) = next_record(&mut rest) {
        match typ {
            0x0085 => offsets.extend(u32_at(data, 0)),
            0x000A => break,
            _ => {}
        }
    }
    let mut total = 0u64;
    let mut records = 0u64;
    let too_large = || {
        format!(
            "its sheets would take more than {MAX_GRID_CELLS} cells / 工作表范围过大，超过 {MAX_GRID_CELLS} 个单元格"
        )
    };
    for offset in offsets {
        let Some(mut rest) = stream.get(offset as usize..) else {
            continue;
        };
        let (mut values, mut formulas) = (Span::default(), Span::default());
        let mut formula_at = (0u32, 0u32);
        let mut seen_bof = false;
        let mut depth = 0usize;
        while let Some((typ, data)) = next_record(&mut rest) {
            records += 1;
            if records > MAX_RECORDS {
                return Err(format!("more than {MAX_RECORDS} records"));
            }
            if depth > 0 {
                match typ {
                    0x0809 => depth += 1,
                    0x000A => depth -= 1,
                    _ => {}
                }
                continue;
            }
            let at = |data: &[u8]| Some((u32::from(u16_at(data, 0)?), u32::from(u16_at(data, 2)?)));
            match typ {
                0x0809 if seen_bof => depth += 1,
                0x0809 => seen_bof = true,
                0x000A => break,
                // DIMENSIONS: calamine reserves rows × columns, in wrapping arithmetic
                0x0200 => total = total.saturating_add(dimension_cells(data)),
                // NUMBER, LABEL, RSTRING, BOOLERR, RK, LABELSST
                0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD => {
                    if let Some((r, c)) = at(data) {
                        values.add(r, c);
                    }
                }
                // STRING: the value of the formula before it
                0x0207 => values.add(formula_at.0, formula_at.1),
                // MULRK: one row, consecutive columns
                0x00BD if data.len() >= 12 => {
                    if let Some((r, c)) = at(data) {
                        let n = (data.len() as u32 - 6) / 6;
                        values.add(r, c);
                        values.add(r, c + n - 1);
                    }
                }
                // FORMULA: a value cell and a formula cell
                0x0006 if data.len() >= 20 => {
                    if let Some((r, c)) = at(data) {
                        formula_at = (r, c);
                        values.add(r, c);
                        formulas.add(r, c);
                    }
                }
                _ => {}
            }
            if total > MAX_GRID_CELLS {
                return Err(too_large());
            }
        }
        total = total
            .saturating_add(values.cells())
            .saturating_add(formulas.cells());
        if total > MAX_GRID_CELLS {
            return Err(too_large());
        }
    }
    Ok(())
}

/// Cells calamine reserves for a DIMENSIONS record (`parse_dimensions`, then
/// `(end - start + 1)` per axis in 32-bit arithmetic that wraps in a release build).
fn dimension_cells(data: &[u8]) -> u64 {
    let (rf, rl, cf, cl) = match data.len() {
        10 => (
            u32::from(u16_at(data, 0).unwrap_or(0)),
            u32::from(u16_at(data, 2).unwrap_or(0)),
            u32::from(u16_at(data, 4).unwrap_or(0)),
            u32::from(u16_at(data, 6).unwrap_or(0)),
        ),
        14 | 16 => (
            u32_at(data, 0).unwrap_or(0),
            u32_at(data, 4).unwrap_or(0),
            u32::from(u16_at(data, 8).unwrap_or(0)),
            u32::from(u16_at(data, 10).unwrap_or(0)),
        ),
        _ => return 0,
    };
    let cf = if cf > 0xFF || cl < cf { 0 } else { cf };
    let ((r0, c0), (r1, c1)) = if rl >= 1 && cl >= 1 {
        ((rf, cf), (rl - 1, cl - 1))
    } else {
        ((rf, cf), (rf, cf))
    };
    let rows = u64::from(r1.wrapping_sub(r0).wrapping_add(1));
    let cols = u64::from(c1.wrapping_sub(c0).wrapping_add(1));
    rows.saturating_mul(cols)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut r = typ.to_le_bytes().to_vec();
        r.extend((data.len() as u16).to_le_bytes());
        r.extend(data);
        r
    }

    fn number(row: u16, col: u16) -> Vec<u8> {
        let mut d = row.to_le_bytes().to_vec();
        d.extend(col.to_le_bytes());
        d.extend([0u8; 10]);
        record(0x0203, &d)
    }

    /// A workbook stream: globals with one BOUNDSHEET, then the sheet's records.
    fn workbook(sheet: &[Vec<u8>]) -> Vec<u8> {
        let globals_len = 4 + 8 + 4 + 4; // BOF, BOUNDSHEET(8), EOF
        let mut s = record(0x0809, &[]);
        let mut bound = (globals_len as u32).to_le_bytes().to_vec();
        bound.extend([0, 0, 0, 0]);
        s.extend(record(0x0085, &bound));
        s.extend(record(0x000A, &[]));
        assert_eq!(s.len(), globals_len);
        s.extend(record(0x0809, &[]));
        for r in sheet {
            s.extend(r);
        }
        s.extend(record(0x000A, &[]));
        s
    }

    #[test]
    fn a_report_sized_sheet_passes() {
        let sheet: Vec<_> = (0..40)
            .flat_map(|r| (0..8).map(move |c| number(r, c)))
            .collect();
        assert_eq!(grid_cells(&workbook(&sheet)), Ok(()));
    }

    #[test]
    fn two_far_apart_cells_are_a_grid_too_large() {
        let far = workbook(&[number(0, 0), number(65535, 65535)]);
        assert!(grid_cells(&far).unwrap_err().contains("工作表范围过大"));
        // the same two cells inside an embedded chart's substream do not count
        let nested = workbook(&[
            number(0, 0),
            record(0x0809, &[]),
            number(65535, 65535),
            record(0x000A, &[]),
        ]);
        assert_eq!(grid_cells(&nested), Ok(()));
    }

    #[test]
    fn dimensions_are_reserved_as_calamine_computes_them() {
        let dims = |rf: u32, rl: u32, cf: u16, cl: u16| {
            let mut d = rf.to_le_bytes().to_vec();
            d.extend(rl.to_le_bytes());
            d.extend(cf.to_le_bytes());
            d.extend(cl.to_le_bytes());
            d.extend([0, 0]);
            d
        };
        assert_eq!(dimension_cells(&dims(0, 40, 0, 8)), 320);
        // a first row after the last wraps round to about four billion rows
        assert!(dimension_cells(&dims(10, 5, 0, 8)) > MAX_GRID_CELLS);
        assert!(grid_cells(&workbook(&[record(0x0200, &dims(0, u32::MAX, 0, 256))])).is_err());
        assert_eq!(dimension_cells(&[0; 3]), 0);
    }

    #[test]
    fn continue_records_are_framed_with_their_record() {
        let mut s = record(0x00FC, &[1, 2]);
        s.extend(record(0x003C, &[3]));
        s.extend(record(0x000A, &[]));
        let mut rest = s.as_slice();
        assert_eq!(next_record(&mut rest), Some((0x00FC, &[1u8, 2][..])));
        assert_eq!(next_record(&mut rest), Some((0x000A, &[][..])));
        assert_eq!(next_record(&mut rest), None);
        let mut cut = &s[..5];
        assert_eq!(next_record(&mut cut), None);
    }

    /// A compound file of 512-byte sectors: sector 0 the FAT, sector 1 the directory.
    fn compound(fat: &[u32], dir_next: u32) -> Vec<u8> {
        let mut f = crate::CFB_MAGIC.to_vec();
        f.resize(HEADER, 0);
        f[26..28].copy_from_slice(&3u16.to_le_bytes());
        f[30..32].copy_from_slice(&9u16.to_le_bytes());
        f[32..34].copy_from_slice(&6u16.to_le_bytes());
        f[44..48].copy_from_slice(&1u32.to_le_bytes());
        f[48..52].copy_from_slice(&1u32.to_le_bytes()); // directory at sector 1
        f[60..64].copy_from_slice(&ENDOFCHAIN.to_le_bytes());
        f[68..72].copy_from_slice(&ENDOFCHAIN.to_le_bytes());
        for (i, id) in std::iter::once(0u32)
            .chain(std::iter::repeat(u32::MAX))
            .take(109)
            .enumerate()
        {
            f[76 + 4 * i..80 + 4 * i].copy_from_slice(&id.to_le_bytes());
        }
        let mut fat_sector: Vec<u8> = fat.iter().flat_map(|v| v.to_le_bytes()).collect();
        fat_sector.resize(512, 0xFF);
        fat_sector[4..8].copy_from_slice(&dir_next.to_le_bytes());
        f.extend(fat_sector);
        let mut dir = vec![0u8; 512];
        for (i, u) in "Root Entry".encode_utf16().enumerate() {
            dir[2 * i..2 * i + 2].copy_from_slice(&u.to_le_bytes());
        }
        dir[116..120].copy_from_slice(&ENDOFCHAIN.to_le_bytes());
        f.extend(dir);
        f
    }

    #[test]
    fn a_looping_directory_chain_is_refused() {
        // the directory sector points back at itself: calamine would read it forever
        let looping = compound(&[DIFSECT - 1], 1);
        let err = check(&looping).unwrap_err().to_string();
        assert!(err.contains("loops at sector 1"), "{err}");
        // ended properly, the same file has no workbook stream: calamine reports that
        assert_eq!(check(&compound(&[DIFSECT - 1], ENDOFCHAIN)), Ok(()));
    }

    #[test]
    fn sectors_past_the_end_read_as_calamine_reads_them() {
        let body = [7u8; 700];
        let mut s = Sectors {
            body: &body,
            size: 512,
            maxid: 3,
            filled: 0,
        };
        assert_eq!(s.get(1).unwrap(), vec![7u8; 188]); // cut short at the end
        assert_eq!(s.get(0).unwrap(), vec![7u8; 512]);
        // sector 2 begins where calamine's buffer ends: empty
        assert_eq!(s.get(2).unwrap(), Vec::<u8>::new());
        // the buffer now holds zeros to 1536; sector 1 reads whole, zero-filled
        assert_eq!(s.get(1).unwrap()[187..190], [7, 0, 0]);
        assert!(s.get(4).is_err()); // beyond the file's sector count
        // sector 3 begins past what calamine's buffer reached: its slice would panic
        let mut fresh = Sectors { filled: 0, ..s };
        fresh.get(1).unwrap();
        assert!(fresh.get(3).is_err());
    }
}
