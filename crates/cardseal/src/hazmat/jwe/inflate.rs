//! Raw DEFLATE (RFC 1951) decoding into an output buffer that never grows past a cap.
//!
//! Written for the shape of JWE payloads (JSON carrying base64 images: long literal runs
//! under near-flat Huffman codes), where a symbol-at-a-time decoder is bound by the
//! table-lookup latency: two-level decode tables whose 12-bit primary level resolves two
//! literals per lookup when both codes fit, a 64-bit bit buffer refilled eight bytes at a
//! time, and a hot loop on locals. Every slice access is checked (no `unsafe`); input
//! running out is detected by counting the zero bytes shifted in past the end.

/// Why inflating failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum InflateError {
    /// The output would exceed the cap.
    TooBig,
    /// The stream ends before its final block does.
    Truncated,
    /// The stream is not valid DEFLATE.
    Corrupt,
    /// Bytes follow the end of the stream.
    Trailing,
}

type R<T> = core::result::Result<T, InflateError>;

// Decode-table entries (u32): value << 16 | kind << 12 | extra << 8 | len.
// `len` is the number of bits the entry consumes (the whole code, including the
// primary bits for a subtable entry); `extra` the extra bits that follow (length and
// distance symbols); `value` the literal byte, the length or distance base, or the
// subtable offset.
const KIND_LIT: u32 = 0;
const KIND_LEN: u32 = 1;
const KIND_EOB: u32 = 2;
const KIND_SUB: u32 = 3;
const KIND_INVALID: u32 = 4;

const fn entry(value: u32, kind: u32, extra: u32, len: u32) -> u32 {
    (value << 16) | (kind << 12) | (extra << 8) | len
}
#[inline(always)]
fn e_len(e: u32) -> u32 {
    e & 0xff
}
#[inline(always)]
fn e_extra(e: u32) -> u32 {
    (e >> 8) & 0xf
}
#[inline(always)]
fn e_kind(e: u32) -> u32 {
    (e >> 12) & 0xf
}
#[inline(always)]
fn e_value(e: u32) -> u32 {
    e >> 16
}

const MAX_CODE_LEN: usize = 15;
const LITLEN_BITS: u32 = 12;
const DIST_BITS: u32 = 9;
const PRECODE_BITS: u32 = 7;
const INVALID: u32 = entry(0, KIND_INVALID, 0, 0);

const LEN_BASE: [u16; 29] = [
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131,
    163, 195, 227, 258,
];
const LEN_EXTRA: [u8; 29] = [
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
];
const DIST_BASE: [u16; 30] = [
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
    2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
];
const DIST_EXTRA: [u8; 30] = [
    0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13,
    13,
];
/// The order in which code-length code lengths are sent (RFC 1951 §3.2.7).
const PRECODE_ORDER: [usize; 19] = [
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
];

/// What a symbol of a table decodes to.
#[derive(Clone, Copy)]
enum Alphabet {
    LitLen,
    Dist,
    Precode,
}

fn symbol_entry(alphabet: Alphabet, sym: usize, len: u32) -> u32 {
    match alphabet {
        Alphabet::LitLen => match sym {
            0..=255 => entry(sym as u32, KIND_LIT, 1, len),
            256 => entry(0, KIND_EOB, 0, len),
            _ => match (LEN_BASE.get(sym - 257), LEN_EXTRA.get(sym - 257)) {
                (Some(&b), Some(&x)) => entry(u32::from(b), KIND_LEN, u32::from(x), len),
                _ => entry(0, KIND_INVALID, 0, len),
            },
        },
        Alphabet::Dist => match (DIST_BASE.get(sym), DIST_EXTRA.get(sym)) {
            (Some(&b), Some(&x)) => entry(u32::from(b), KIND_LEN, u32::from(x), len),
            _ => entry(0, KIND_INVALID, 0, len),
        },
        Alphabet::Precode => entry(sym as u32, KIND_LIT, 1, len),
    }
}

/// A two-level canonical Huffman decode table: `2^primary` entries indexed by the next
/// `primary` bits (LSB first), and for codes longer than that, subtables of
/// `2^(15 - primary)` entries indexed by the following bits.
struct Table {
    entries: Vec<u32>,
    /// Scratch: the primary table before literal pairing.
    single: Vec<u32>,
    primary: u32,
    /// Whether `pair_literals` ran since the last build.
    paired: bool,
}

impl Table {
    fn new(primary: u32) -> Self {
        Table {
            entries: Vec::with_capacity(1 << primary),
            single: Vec::new(),
            primary,
            paired: false,
        }
    }

    /// Builds the table for the code lengths `lens` (0 = unused symbol). Over-subscribed
    /// codes are corrupt. Incomplete codes are corrupt too, as zlib and miniz_oxide have
    /// them, except a literal/length or distance code made of one symbol of length 1
    /// (RFC 1951 §3.2.7: "one distance code of one bit") and a code with no symbol at all;
    /// unused entries decode to an invalid symbol.
    fn build(&mut self, lens: &[u8], alphabet: Alphabet) -> R<()> {
        let mut count = [0u16; MAX_CODE_LEN + 1];
        for &l in lens {
            let c = count.get_mut(usize::from(l)).ok_or(InflateError::Corrupt)?;
            *c += 1;
        }
        let mut left: i32 = 1;
        let mut used = 0u32;
        let mut longest = 0usize;
        for (len, &c) in count.iter().enumerate().skip(1) {
            left = (left << 1) - i32::from(c);
            if left < 0 {
                return Err(InflateError::Corrupt);
            }
            used += u32::from(c);
            if c > 0 {
                longest = len;
            }
        }
        let lone_one_bit_code = longest == 1 && !matches!(alphabet, Alphabet::Precode);
        if left > 0 && used > 0 && !lone_one_bit_code {
            return Err(InflateError::Corrupt);
        }
        // Symbols sorted by code length (then by value): canonical code order.
        let mut offset = [0u16; MAX_CODE_LEN + 2];
        for l in 1..=MAX_CODE_LEN {
            let o = offset.get(l).copied().unwrap_or(0) + count.get(l).copied().unwrap_or(0);
            if let Some(x) = offset.get_mut(l + 1) {
                *x = o;
            }
        }
        let mut sorted = [0u16; 320];
        for (sym, &l) in lens.iter().enumerate() {
            if l == 0 {
                continue;
            }
            let o = offset
                .get_mut(usize::from(l))
                .ok_or(InflateError::Corrupt)?;
            if let Some(x) = sorted.get_mut(usize::from(*o)) {
                *x = sym as u16;
            }
            *o += 1;
        }
        let primary = self.primary;
        let psize = 1usize << primary;
        let sub_bits = MAX_CODE_LEN as u32 - primary;
        let t = &mut self.entries;
        self.paired = false;
        t.clear();
        t.resize(2, INVALID);
        let mut code = 0u32;
        let mut k = 0usize;
        for len in 1..=MAX_CODE_LEN as u32 {
            if len > 1 && len <= primary {
                // Codes of the shorter lengths ignore the new top bit: double the table.
                let half = 1usize << (len - 1);
                t.extend_from_within(..half);
            }
            for _ in 0..count.get(len as usize).copied().unwrap_or(0) {
                let sym = usize::from(sorted.get(k).copied().unwrap_or(0));
                k += 1;
                let rev = code.reverse_bits() >> (32 - len);
                code += 1;
                let e = symbol_entry(alphabet, sym, len);
                if len <= primary {
                    if let Some(x) = t.get_mut(rev as usize) {
                        *x = e;
                    }
                } else {
                    let p = (rev as usize) & (psize - 1);
                    let head = t.get(p).copied().ok_or(InflateError::Corrupt)?;
                    let base = if e_kind(head) == KIND_SUB {
                        e_value(head) as usize
                    } else {
                        let base = t.len();
                        t.resize(base + (1 << sub_bits), INVALID);
                        if let Some(x) = t.get_mut(p) {
                            *x = entry(base as u32, KIND_SUB, 0, primary);
                        }
                        base
                    };
                    let step = 1usize << (len - primary);
                    let mut i = (rev >> primary) as usize;
                    while i < (1 << sub_bits) {
                        if let Some(x) = t.get_mut(base + i) {
                            *x = e;
                        }
                        i += step;
                    }
                }
            }
            code <<= 1;
        }
        if t.len() < psize {
            // No code reaches the primary width (only when a code is incomplete).
            while t.len() < psize {
                t.extend_from_within(..t.len());
            }
        }
        Ok(())
    }

    /// Turns each primary literal entry whose code leaves room for a whole second
    /// literal code in the same lookup into a two-literal entry (count 2 in `extra`,
    /// the bytes in `value`, `len` both codes). Halves the lookups on literal runs.
    fn pair_literals(&mut self) {
        const PSIZE: usize = 1 << LITLEN_BITS;
        if self.primary != LITLEN_BITS || self.paired {
            return;
        }
        self.paired = true;
        let Some(primary) = self.entries.get_mut(..PSIZE) else {
            return;
        };
        let Ok(primary) = <&mut [u32; PSIZE]>::try_from(primary) else {
            return;
        };
        self.single.resize(PSIZE, 0);
        let Ok(single) = <&mut [u32; PSIZE]>::try_from(self.single.as_mut_slice()) else {
            return;
        };
        single.copy_from_slice(primary);
        for (i, x) in primary.iter_mut().enumerate() {
            let e = *x;
            let l1 = e_len(e);
            // `i >> l1` has its top `l1` bits zero; a code that fits in the bits that are
            // known decodes the same whatever they are.
            let e2 = single
                .get((i >> l1) & (PSIZE - 1))
                .copied()
                .unwrap_or(INVALID);
            let total = l1 + e_len(e2);
            let both = (e_kind(e) | e_kind(e2)) == KIND_LIT && total <= LITLEN_BITS;
            let paired = entry(e_value(e) | (e_value(e2) << 8), KIND_LIT, 2, total);
            *x = if both { paired } else { e };
        }
    }

    /// The entry for the next bits `peek` (at least 15 valid bits).
    #[inline(always)]
    fn lookup(&self, peek: u64) -> u32 {
        let p = (peek as usize) & ((1 << self.primary) - 1);
        let e = self.entries.get(p).copied().unwrap_or(INVALID);
        if e_kind(e) != KIND_SUB {
            return e;
        }
        let s =
            ((peek >> self.primary) as usize) & ((1 << (MAX_CODE_LEN as u32 - self.primary)) - 1);
        self.entries
            .get(e_value(e) as usize + s)
            .copied()
            .unwrap_or(INVALID)
    }
}

/// LSB-first bit reader with a 64-bit buffer. Past the end of the input it shifts in
/// zero bytes ("phantom" bytes, counted) so decoding never stalls; consuming one of
/// them means the stream was truncated.
struct Bits<'a> {
    data: &'a [u8],
    pos: usize,
    buf: u64,
    n: u32,
    phantom: u32,
}

impl<'a> Bits<'a> {
    /// Tops the buffer up to at least 56 valid bits.
    #[inline(always)]
    fn refill(&mut self) {
        if let Some(word) = self.data.get(self.pos..self.pos + 8) {
            let mut w = [0u8; 8];
            w.copy_from_slice(word);
            self.buf |= u64::from_le_bytes(w) << self.n;
            let take = (63 - self.n) >> 3;
            self.pos += take as usize;
            self.n += take << 3;
        } else {
            self.refill_slow();
        }
    }

    #[cold]
    fn refill_slow(&mut self) {
        while self.n < 56 {
            match self.data.get(self.pos) {
                Some(&b) => {
                    self.buf |= u64::from(b) << self.n;
                    self.pos += 1;
                }
                None => self.phantom += 1,
            }
            self.n += 8;
        }
    }

    /// True once a phantom bit has been consumed.
    #[inline(always)]
    fn overrun(&self) -> bool {
        self.phantom * 8 > self.n
    }

    #[inline(always)]
    fn consume(&mut self, k: u32) {
        self.buf >>= k;
        self.n -= k;
    }

    /// Reads `k` ≤ 32 bits (the buffer must hold them).
    #[inline(always)]
    fn take(&mut self, k: u32) -> u32 {
        let v = (self.buf & ((1u64 << k) - 1)) as u32;
        self.consume(k);
        v
    }

    /// Drops the bits up to the next byte boundary and returns the position of the
    /// next unread input byte, emptying the buffer.
    fn align_and_drain(&mut self) -> R<usize> {
        self.consume(self.n & 7);
        if self.overrun() {
            return Err(InflateError::Truncated);
        }
        let buffered = (self.n >> 3)
            .checked_sub(self.phantom)
            .ok_or(InflateError::Truncated)?;
        let at = self
            .pos
            .checked_sub(buffered as usize)
            .ok_or(InflateError::Corrupt)?;
        self.pos = at;
        self.buf = 0;
        self.n = 0;
        self.phantom = 0;
        Ok(at)
    }
}

/// The output: `buf` is zero-filled room (its length never passes `max`), `len` the
/// bytes written so far.
struct Out {
    buf: Vec<u8>,
    len: usize,
    max: usize,
}

impl Out {
    /// Makes room for `k` more bytes, or fails when that would pass the cap.
    #[cold]
    fn grow(&mut self, k: usize) -> R<()> {
        let needed = self.len.checked_add(k).ok_or(InflateError::TooBig)?;
        if needed > self.max {
            return Err(InflateError::TooBig);
        }
        if needed > self.buf.len() {
            let target = self
                .buf
                .len()
                .saturating_mul(2)
                .max(needed)
                .max(4096)
                .min(self.max);
            self.buf.reserve_exact(target - self.buf.len());
            self.buf.resize(target, 0);
        }
        Ok(())
    }

    #[inline(always)]
    fn room(&mut self, k: usize) -> R<()> {
        if self.buf.len() - self.len < k {
            self.grow(k)?;
        }
        Ok(())
    }

    #[inline(always)]
    fn push(&mut self, b: u8) {
        if let Some(x) = self.buf.get_mut(self.len) {
            *x = b;
        }
        self.len += 1;
    }

    fn extend(&mut self, bytes: &[u8]) -> R<()> {
        self.room(bytes.len())?;
        self.buf
            .get_mut(self.len..self.len + bytes.len())
            .ok_or(InflateError::TooBig)?
            .copy_from_slice(bytes);
        self.len += bytes.len();
        Ok(())
    }

    /// Appends the `len` bytes that start `dist` bytes back (they may overlap the new
    /// ones), making room first.
    #[inline(always)]
    fn copy_match(&mut self, dist: usize, len: usize) -> R<()> {
        self.room(len)?;
        self.len = copy_match(&mut self.buf, self.len, dist, len)?;
        Ok(())
    }
}

/// LZ77 copy inside `buf` (room for `len` bytes at `at` already there): `len` bytes from
/// `dist` back. Returns the new end.
#[inline(always)]
fn copy_match(buf: &mut [u8], at: usize, dist: usize, len: usize) -> R<usize> {
    let start = at.checked_sub(dist).ok_or(InflateError::Corrupt)?;
    if dist == 0 {
        return Err(InflateError::Corrupt);
    }
    if dist >= len {
        buf.copy_within(start..start + len, at);
    } else {
        let mut cur = at;
        let end = at + len;
        while cur < end {
            let k = (end - cur).min(dist);
            buf.copy_within(cur - dist..cur - dist + k, cur);
            cur += k;
        }
    }
    Ok(at + len)
}

/// Inflates raw DEFLATE `data` into at most `max` bytes; `hint` is the initial capacity.
pub(super) fn inflate(data: &[u8], max: usize, hint: usize) -> R<Vec<u8>> {
    // Zeroed by the allocator (fresh pages for a large buffer: no memset).
    let mut out = Out {
        buf: vec![0u8; hint.min(max)],
        len: 0,
        max,
    };
    inflate_into(data, &mut out)?;
    out.buf.truncate(out.len);
    Ok(out.buf)
}

/// Decodes the whole stream `data` into `out`.
fn inflate_into(data: &[u8], out: &mut Out) -> R<()> {
    let mut bits = Bits {
        data,
        pos: 0,
        buf: 0,
        n: 0,
        phantom: 0,
    };
    let mut litlen = Table::new(LITLEN_BITS);
    let mut dist = Table::new(DIST_BITS);
    let mut precode = Table::new(PRECODE_BITS);
    let mut lens = [0u8; 288 + 32];
    let mut fixed_tables = false;
    loop {
        bits.refill();
        let header = bits.take(3);
        let last = header & 1 != 0;
        match header >> 1 {
            0 => {
                let at = bits.align_and_drain()?;
                let hdr = data.get(at..at + 4).ok_or(InflateError::Truncated)?;
                let word = |i: usize| {
                    u16::from_le_bytes([
                        hdr.get(i).copied().unwrap_or(0),
                        hdr.get(i + 1).copied().unwrap_or(0),
                    ])
                };
                let (len, nlen) = (word(0), word(2));
                if len != !nlen {
                    return Err(InflateError::Corrupt);
                }
                let body = data
                    .get(at + 4..at + 4 + usize::from(len))
                    .ok_or(InflateError::Truncated)?;
                out.extend(body)?;
                bits.pos = at + 4 + usize::from(len);
            }
            1 => {
                // The fixed code's tables are built once and kept while blocks keep
                // using them (a run of tiny fixed blocks costs no rebuilds).
                if !fixed_tables {
                    for (i, l) in lens.iter_mut().enumerate().take(288) {
                        *l = match i {
                            0..=143 => 8,
                            144..=255 => 9,
                            256..=279 => 7,
                            _ => 8,
                        };
                    }
                    litlen.build(lens.get(..288).unwrap_or_default(), Alphabet::LitLen)?;
                    dist.build(&[5u8; 32], Alphabet::Dist)?;
                    fixed_tables = true;
                }
                decode_block(&mut bits, out, &mut litlen, &dist)?;
            }
            2 => {
                fixed_tables = false;
                read_dynamic_header(&mut bits, &mut precode, &mut lens, &mut litlen, &mut dist)?;
                decode_block(&mut bits, out, &mut litlen, &dist)?;
            }
            _ => {
                return Err(if bits.overrun() {
                    InflateError::Truncated
                } else {
                    InflateError::Corrupt
                });
            }
        }
        if bits.overrun() {
            return Err(InflateError::Truncated);
        }
        if last {
            break;
        }
    }
    let at = bits.align_and_drain()?;
    if at != data.len() {
        return Err(InflateError::Trailing);
    }
    Ok(())
}

fn read_dynamic_header(
    bits: &mut Bits<'_>,
    precode: &mut Table,
    lens: &mut [u8; 320],
    litlen: &mut Table,
    dist: &mut Table,
) -> R<()> {
    let hlit = bits.take(5) as usize + 257;
    let hdist = bits.take(5) as usize + 1;
    let hclen = bits.take(4) as usize + 4;
    if hlit > 286 || hdist > 30 {
        return Err(InflateError::Corrupt);
    }
    let mut pre = [0u8; 19];
    for &i in PRECODE_ORDER.iter().take(hclen) {
        bits.refill();
        if let Some(p) = pre.get_mut(i) {
            *p = bits.take(3) as u8;
        }
    }
    precode.build(&pre, Alphabet::Precode)?;
    let total = hlit + hdist;
    let mut i = 0;
    while i < total {
        bits.refill();
        if bits.overrun() {
            return Err(InflateError::Truncated);
        }
        let e = precode.lookup(bits.buf);
        if e_kind(e) == KIND_INVALID {
            return Err(InflateError::Corrupt);
        }
        bits.consume(e_len(e));
        let sym = e_value(e);
        let (value, repeat) = match sym {
            0..=15 => (sym as u8, 1),
            16 => {
                let prev = i
                    .checked_sub(1)
                    .and_then(|p| lens.get(p))
                    .copied()
                    .ok_or(InflateError::Corrupt)?;
                (prev, 3 + bits.take(2) as usize)
            }
            17 => (0, 3 + bits.take(3) as usize),
            _ => (0, 11 + bits.take(7) as usize),
        };
        let end = i + repeat;
        if end > total {
            return Err(InflateError::Corrupt);
        }
        for l in lens.get_mut(i..end).unwrap_or_default() {
            *l = value;
        }
        i = end;
    }
    if bits.overrun() {
        return Err(InflateError::Truncated);
    }
    let (ll, dl) = lens.split_at(hlit);
    // The end-of-block symbol must have a code.
    if ll.get(256).copied().unwrap_or(0) == 0 {
        return Err(InflateError::Corrupt);
    }
    litlen.build(ll, Alphabet::LitLen)?;
    dist.build(dl.get(..hdist).unwrap_or_default(), Alphabet::Dist)?;
    Ok(())
}

/// Decodes one Huffman-coded block up to and including its end-of-block symbol.
fn decode_block(bits: &mut Bits<'_>, out: &mut Out, litlen: &mut Table, dist: &Table) -> R<()> {
    // Pairing literals costs a pass over the primary table: done once the block has
    // shown it is long enough to repay it (a stream of tiny blocks stays cheap).
    let mut pair_at = if litlen.paired {
        usize::MAX
    } else {
        out.len.saturating_add(PAIR_AFTER)
    };
    loop {
        if let Some(done) = decode_fast(bits, out, litlen, dist, pair_at)? {
            return Ok(done);
        }
        if out.len >= pair_at {
            litlen.pair_literals();
            pair_at = usize::MAX;
            continue;
        }
        // Near the end of the input or of the room: one symbol, every check made.
        bits.refill();
        if bits.overrun() {
            return Err(InflateError::Truncated);
        }
        let e = litlen.lookup(bits.buf);
        bits.consume(e_len(e));
        match e_kind(e) {
            KIND_LIT => {
                if bits.overrun() {
                    return Err(InflateError::Truncated);
                }
                let count = e_extra(e) as usize;
                out.room(count)?;
                out.push(e_value(e) as u8);
                if count == 2 {
                    out.push((e_value(e) >> 8) as u8);
                }
            }
            KIND_LEN => {
                let len = e_value(e) as usize + bits.take(e_extra(e)) as usize;
                let d = dist.lookup(bits.buf);
                if e_kind(d) != KIND_LEN {
                    return Err(corrupt_or_truncated(bits));
                }
                bits.consume(e_len(d));
                let distance = e_value(d) as usize + bits.take(e_extra(d)) as usize;
                if bits.overrun() {
                    return Err(InflateError::Truncated);
                }
                out.copy_match(distance, len)?;
            }
            KIND_EOB => {
                if bits.overrun() {
                    return Err(InflateError::Truncated);
                }
                return Ok(());
            }
            _ => return Err(corrupt_or_truncated(bits)),
        }
    }
}

fn corrupt_or_truncated(bits: &Bits<'_>) -> InflateError {
    if bits.overrun() {
        InflateError::Truncated
    } else {
        InflateError::Corrupt
    }
}

/// Output bytes a block decodes before its literal/length table is paired.
const PAIR_AFTER: usize = 4096;

/// Room the fast loop keeps: a maximal match plus a run of literals.
const FAST_ROOM: usize = 258 + 8;

/// The hot loop, on local copies of the bit buffer and output position (so the
/// compiler keeps them in registers), while at least 8 input bytes and [`FAST_ROOM`]
/// output bytes remain. Returns `Some(())` at the end of the block, `None` when the
/// careful path must take over.
#[inline(always)]
fn decode_fast(
    bits: &mut Bits<'_>,
    out: &mut Out,
    litlen: &Table,
    dist: &Table,
    stop: usize,
) -> R<Option<()>> {
    let data = bits.data;
    let mut pos = bits.pos;
    let mut bb = bits.buf;
    let mut n = bits.n;
    let mut op = out.len;
    let buf: &mut [u8] = &mut out.buf;
    let lt: &[u32] = &litlen.entries;
    let dt: &[u32] = &dist.entries;
    let lmask = (1usize << litlen.primary) - 1;
    let dmask = (1usize << dist.primary) - 1;
    let lsub = MAX_CODE_LEN as u32 - litlen.primary;
    let dsub = MAX_CODE_LEN as u32 - dist.primary;
    let lookup = |t: &[u32], bb: u64, mask: usize, primary: u32, sub: u32| -> u32 {
        let e = t.get(bb as usize & mask).copied().unwrap_or(INVALID);
        if e_kind(e) != KIND_SUB {
            return e;
        }
        let s = ((bb >> primary) as usize) & ((1 << sub) - 1);
        t.get(e_value(e) as usize + s).copied().unwrap_or(INVALID)
    };
    let mut result = None;
    let buf_len = buf.len();
    while op + FAST_ROOM <= buf_len && op < stop && bits.phantom == 0 {
        // Refill to at least 56 bits.
        let Some(word) = data.get(pos..pos + 8) else {
            break;
        };
        let mut w = [0u8; 8];
        w.copy_from_slice(word);
        bb |= u64::from_le_bytes(w) << n;
        let take = (63 - n) >> 3;
        pos += take as usize;
        n += take << 3;

        let mut e = lookup(lt, bb, lmask, litlen.primary, lsub);
        if e_kind(e) == KIND_LIT {
            // Up to three literals per refill (56 bits ≥ 3 × 15).
            let l = e_len(e);
            bb >>= l;
            n -= l;
            if let Some(x) = buf.get_mut(op..op + 2) {
                x.copy_from_slice(&(e_value(e) as u16).to_le_bytes());
            }
            op += e_extra(e) as usize;
            e = lookup(lt, bb, lmask, litlen.primary, lsub);
            if e_kind(e) == KIND_LIT {
                let l = e_len(e);
                bb >>= l;
                n -= l;
                if let Some(x) = buf.get_mut(op..op + 2) {
                    x.copy_from_slice(&(e_value(e) as u16).to_le_bytes());
                }
                op += e_extra(e) as usize;
                e = lookup(lt, bb, lmask, litlen.primary, lsub);
                if e_kind(e) == KIND_LIT {
                    let l = e_len(e);
                    bb >>= l;
                    n -= l;
                    if let Some(x) = buf.get_mut(op..op + 2) {
                        x.copy_from_slice(&(e_value(e) as u16).to_le_bytes());
                    }
                    op += e_extra(e) as usize;
                }
            }
            continue;
        }
        let l = e_len(e);
        bb >>= l;
        n -= l;
        match e_kind(e) {
            KIND_LEN => {
                let x = e_extra(e);
                let len = e_value(e) as usize + (bb & ((1u64 << x) - 1)) as usize;
                bb >>= x;
                n -= x;
                let d = lookup(dt, bb, dmask, dist.primary, dsub);
                if e_kind(d) != KIND_LEN {
                    return Err(InflateError::Corrupt);
                }
                let l = e_len(d);
                bb >>= l;
                n -= l;
                let x = e_extra(d);
                let distance = e_value(d) as usize + (bb & ((1u64 << x) - 1)) as usize;
                bb >>= x;
                n -= x;
                op = copy_match(buf, op, distance, len)?;
            }
            KIND_EOB => {
                result = Some(());
                break;
            }
            _ => return Err(InflateError::Corrupt),
        }
    }
    bits.pos = pos;
    bits.buf = bb;
    bits.n = n;
    out.len = op;
    Ok(result)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// LSB-first bit writer for hand-made streams; Huffman codes go MSB-first.
    #[derive(Default)]
    struct BitWriter {
        out: Vec<u8>,
        acc: u64,
        n: u32,
    }

    impl BitWriter {
        fn bits(&mut self, value: u32, count: u32) -> &mut Self {
            self.acc |= u64::from(value) << self.n;
            self.n += count;
            while self.n >= 8 {
                self.out.push(self.acc as u8);
                self.acc >>= 8;
                self.n -= 8;
            }
            self
        }
        fn code(&mut self, code: u32, len: u32) -> &mut Self {
            self.bits(code.reverse_bits() >> (32 - len), len)
        }
        /// A symbol of the fixed literal/length code (RFC 1951 §3.2.6).
        fn fixed(&mut self, sym: u32) -> &mut Self {
            match sym {
                0..=143 => self.code(0x30 + sym, 8),
                144..=255 => self.code(0x190 + sym - 144, 9),
                256..=279 => self.code(sym - 256, 7),
                _ => self.code(0xc0 + sym - 280, 8),
            }
        }
        fn finish(&mut self) -> Vec<u8> {
            if self.n > 0 {
                self.out.push(self.acc as u8);
            }
            std::mem::take(&mut self.out)
        }
    }

    fn fixed_block(symbols: &[(u32, Option<(u32, u32)>)]) -> Vec<u8> {
        // BFINAL = 1, BTYPE = 01; each symbol optionally followed by (extra, count).
        let mut w = BitWriter::default();
        w.bits(1, 1).bits(1, 2);
        for &(sym, extra) in symbols {
            w.fixed(sym);
            if let Some((v, c)) = extra {
                w.bits(v, c);
            }
        }
        w.finish()
    }

    #[test]
    fn fixed_blocks_with_overlapping_matches() {
        // 'a', then length 10 (symbol 264) at distance 1 (distance code 0): 11 × 'a'.
        let mut w = BitWriter::default();
        w.bits(1, 1)
            .bits(1, 2)
            .fixed(u32::from(b'a'))
            .fixed(264)
            .code(0, 5)
            .fixed(256);
        assert_eq!(inflate(&w.finish(), 100, 0).unwrap(), b"a".repeat(11));
        // "abc", then length 9 (symbol 263) at distance 3 (code 2): period-3 overlap.
        let mut w = BitWriter::default();
        w.bits(1, 1).bits(1, 2);
        for b in *b"abc" {
            w.fixed(u32::from(b));
        }
        w.fixed(263).code(2, 5).fixed(256);
        assert_eq!(inflate(&w.finish(), 100, 0).unwrap(), b"abc".repeat(4));
        // Length 258 (symbol 285, no extra bits) at distance 1, then a 9-bit literal.
        let mut w = BitWriter::default();
        w.bits(1, 1)
            .bits(1, 2)
            .fixed(0)
            .fixed(285)
            .code(0, 5)
            .fixed(200)
            .fixed(256);
        let mut want = vec![0u8; 259];
        want.push(200);
        assert_eq!(inflate(&w.finish(), 1000, 0).unwrap(), want);
    }

    #[test]
    fn stored_blocks() {
        let ok = [0x01, 0x03, 0x00, 0xfc, 0xff, b'a', b'b', b'c'];
        assert_eq!(inflate(&ok, 3, 0).unwrap(), b"abc");
        assert_eq!(inflate(&ok, 2, 0).unwrap_err(), InflateError::TooBig);
        // Two blocks: a non-final stored block, then a final empty one.
        let two = [
            0x00, 0x01, 0x00, 0xfe, 0xff, b'x', 0x01, 0x00, 0x00, 0xff, 0xff,
        ];
        assert_eq!(inflate(&two, 10, 0).unwrap(), b"x");
        // NLEN is not the complement of LEN.
        let bad = [0x01, 0x03, 0x00, 0x00, 0x00, b'a', b'b', b'c'];
        assert_eq!(inflate(&bad, 10, 0).unwrap_err(), InflateError::Corrupt);
        // Fewer bytes than LEN, or no LEN at all.
        assert_eq!(
            inflate(&ok[..7], 10, 0).unwrap_err(),
            InflateError::Truncated
        );
        assert_eq!(
            inflate(&ok[..3], 10, 0).unwrap_err(),
            InflateError::Truncated
        );
    }

    #[test]
    fn malformed_streams() {
        assert_eq!(inflate(&[], 10, 0).unwrap_err(), InflateError::Truncated);
        // Block type 3 is reserved.
        assert_eq!(inflate(&[0x07], 10, 0).unwrap_err(), InflateError::Corrupt);
        // A match before any output: distance past the start.
        let mut w = BitWriter::default();
        w.bits(1, 1).bits(1, 2).fixed(257).code(0, 5).fixed(256);
        assert_eq!(
            inflate(&w.finish(), 10, 0).unwrap_err(),
            InflateError::Corrupt
        );
        // 'a', length 3; the padding of the last byte reads as distance code 0, then
        // the input ends before the end-of-block symbol.
        let cut = fixed_block(&[(u32::from(b'a'), None), (257, None)]);
        assert_eq!(cut.len(), 3);
        assert_eq!(inflate(&cut, 10, 0).unwrap_err(), InflateError::Truncated);
        // Literal/length symbols 286 and 287 and distance codes 30 and 31 exist in
        // the fixed code but are invalid.
        for sym in [286, 287] {
            let z = fixed_block(&[(u32::from(b'a'), None), (sym, None), (256, None)]);
            assert_eq!(
                inflate(&z, 10, 0).unwrap_err(),
                InflateError::Corrupt,
                "{sym}"
            );
        }
        for code in [30, 31] {
            let mut w = BitWriter::default();
            w.bits(1, 1)
                .bits(1, 2)
                .fixed(u32::from(b'a'))
                .fixed(257)
                .code(code, 5);
            w.fixed(256);
            assert_eq!(
                inflate(&w.finish(), 10, 0).unwrap_err(),
                InflateError::Corrupt
            );
        }
        // A dynamic header with more than 286 literal/length codes (HLIT = 30).
        let mut w = BitWriter::default();
        w.bits(1, 1).bits(2, 2).bits(30, 5).bits(0, 5).bits(15, 4);
        w.bits(0, 32).bits(0, 32);
        assert_eq!(
            inflate(&w.finish(), 10, 0).unwrap_err(),
            InflateError::Corrupt
        );
        // A dynamic header whose code-length code is over-subscribed: three
        // 1-bit codes.
        let mut w = BitWriter::default();
        w.bits(1, 1).bits(2, 2).bits(0, 5).bits(0, 5).bits(0, 4);
        w.bits(1, 3).bits(1, 3).bits(1, 3).bits(0, 3);
        w.bits(0, 32);
        assert_eq!(
            inflate(&w.finish(), 10, 0).unwrap_err(),
            InflateError::Corrupt
        );
        // A complete fixed stream followed by one more byte.
        let mut z = fixed_block(&[(u32::from(b'a'), None), (256, None)]);
        assert_eq!(inflate(&z, 10, 0).unwrap(), b"a");
        z.push(0);
        assert_eq!(inflate(&z, 10, 0).unwrap_err(), InflateError::Trailing);
    }

    #[test]
    fn runs_of_fixed_blocks_and_switching_block_types() {
        // 100 000 empty non-final fixed blocks (10 bits each), then 'a' in a final
        // one: the fixed tables are built once.
        let mut w = BitWriter::default();
        for _ in 0..100_000 {
            w.bits(0, 1).bits(1, 2).fixed(256);
        }
        w.bits(1, 1).bits(1, 2).fixed(u32::from(b'a')).fixed(256);
        assert_eq!(inflate(&w.finish(), 10, 0).unwrap(), b"a");

        // fixed "xy" → (empty stored block to align) → a dynamic block from
        // miniz_oxide (sync flush: non-final, byte-aligned) → fixed "z": the tables
        // are rebuilt for the dynamic block and again for the last fixed one.
        use miniz_oxide::deflate::core::{
            CompressorOxide, TDEFLFlush, TDEFLStatus, compress_to_output,
            create_comp_flags_from_zip_params,
        };
        let text = b"the quick brown fox jumps over the lazy dog; ".repeat(200);
        let mut dynamic = Vec::new();
        let mut c = CompressorOxide::new(create_comp_flags_from_zip_params(6, -15, 0));
        let (status, _) = compress_to_output(&mut c, &text, TDEFLFlush::Sync, |b: &[u8]| {
            dynamic.extend_from_slice(b);
            true
        });
        assert_eq!(status, TDEFLStatus::Okay);
        // Its first block is dynamic (BTYPE = 10).
        assert_eq!((dynamic[0] >> 1) & 3, 2);
        let mut w = BitWriter::default();
        w.bits(0, 1)
            .bits(1, 2)
            .fixed(u32::from(b'x'))
            .fixed(u32::from(b'y'));
        w.fixed(256);
        w.bits(0, 1).bits(0, 2);
        let mut z = w.finish();
        z.extend_from_slice(&[0, 0, 0xff, 0xff]);
        z.extend_from_slice(&dynamic);
        let mut w = BitWriter::default();
        w.bits(1, 1).bits(1, 2).fixed(u32::from(b'z')).fixed(256);
        z.extend_from_slice(&w.finish());
        let mut want = b"xy".to_vec();
        want.extend_from_slice(&text);
        want.push(b'z');
        assert_eq!(inflate(&z, want.len(), 0).unwrap(), want);
        assert_eq!(reference(&z, want.len()).unwrap(), want);
    }

    #[test]
    fn the_buffer_never_grows_past_the_cap() {
        // 4 MiB of zeros in a few kB; the cap is 100 000 bytes, the initial room 1.
        let bomb = miniz_oxide::deflate::compress_to_vec(&vec![0u8; 4 << 20], 6);
        for hint in [1, 4096, 65_536, 100_000, 1 << 20] {
            let mut out = Out {
                buf: vec![0u8; hint.min(100_000)],
                len: 0,
                max: 100_000,
            };
            assert_eq!(
                inflate_into(&bomb, &mut out).unwrap_err(),
                InflateError::TooBig
            );
            assert!(out.buf.capacity() <= 100_000, "{}", out.buf.capacity());
            assert!(out.len <= 100_000);
        }
    }

    /// xorshift64, for reproducible pseudo-random cases.
    fn next(x: &mut u64) -> u64 {
        *x ^= *x << 13;
        *x ^= *x >> 7;
        *x ^= *x << 17;
        *x
    }

    /// miniz_oxide's one-shot raw inflate, as the reference: `Some(output)` when the
    /// whole input is one valid stream of at most `cap` bytes.
    fn reference(z: &[u8], cap: usize) -> Option<Vec<u8>> {
        use miniz_oxide::inflate::TINFLStatus;
        use miniz_oxide::inflate::core::{DecompressorOxide, decompress, inflate_flags};
        let mut out = vec![0u8; cap];
        let (status, read, written) = decompress(
            &mut DecompressorOxide::new(),
            z,
            &mut out,
            0,
            inflate_flags::TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF,
        );
        (status == TINFLStatus::Done && read == z.len()).then(|| {
            out.truncate(written);
            out
        })
    }

    /// Hex of a raw-DEFLATE stream.
    fn unhex(h: &str) -> Vec<u8> {
        (0..h.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&h[i..i + 2], 16).unwrap())
            .collect()
    }

    #[test]
    fn incomplete_codes_are_refused_as_zlib_and_miniz_oxide_do() {
        // Found by the `inflate` fuzz target: a dynamic block whose distance code is one
        // symbol of length 5 (incomplete, and not RFC 1951's "one distance code of one
        // bit"). zlib says "invalid distances set"; miniz_oxide refuses too.
        let z = unhex(concat!(
            "05c13f0ac2301407e0bbfce6202f4dd33f6fb35bcf200e695e062974481084905b14f40aba3839397a",
            "155101000000000003656e99bd8b320a58b75a21867490b0f8b0158921b965f62eca28e05ee104ce98",
            "c0bb0c016b050fb644b4212a7b0507d695a96dd3763de9cad4b669bb9e7465145e57307ee7db777d7c",
            "d6fbfb7941297f"
        ));
        assert_eq!(reference(&z, 65535), None);
        assert!(inflate(&z, 65535, 0).is_err());
        // The table rule itself: a lone code of length 1 is the one incomplete code allowed
        // (literal/length and distance alphabets), never in the code-length code; any other
        // incomplete or over-subscribed code is corrupt; no code at all is accepted.
        let build = |lens: &[u8], a: Alphabet| Table::new(9).build(lens, a).is_ok();
        let mut one_bit = [0u8; 30];
        one_bit[0] = 1;
        assert!(build(&one_bit, Alphabet::Dist));
        assert!(build(&[0u8; 30], Alphabet::Dist));
        let mut five_bits = [0u8; 30];
        five_bits[3] = 5;
        assert!(!build(&five_bits, Alphabet::Dist));
        assert!(!build(&[1, 2, 0, 0], Alphabet::Dist)); // incomplete: 1 + 2 bits, 3 left
        assert!(!build(&[1, 1, 1], Alphabet::Dist)); // over-subscribed
        assert!(build(&[1, 2, 2], Alphabet::Dist)); // complete
        assert!(!build(&[1, 0, 0], Alphabet::Precode));
    }

    #[test]
    fn agrees_with_miniz_oxide_on_valid_and_damaged_streams() {
        let mut x = 0x1234_5678_9abc_def1u64;
        let mut damaged_ok = 0;
        for case in 0..1500 {
            // Data with an alphabet of 1..=256 symbols and back-references.
            let n = match next(&mut x) % 3 {
                0 => next(&mut x) % 16,
                1 => next(&mut x) % 600,
                _ => next(&mut x) % 20_000,
            } as usize;
            let alphabet = 1 + next(&mut x) % 256;
            let mut data = Vec::with_capacity(n);
            while data.len() < n {
                if next(&mut x).is_multiple_of(4) && data.len() > 4 {
                    let d = 1 + (next(&mut x) % data.len().min(40_000) as u64) as usize;
                    for _ in 0..1 + next(&mut x) % 300 {
                        data.push(data.get(data.len() - d).copied().unwrap());
                    }
                } else {
                    data.push((next(&mut x) % alphabet) as u8);
                }
            }
            data.truncate(n);
            let level = (next(&mut x) % 11) as u8;
            let z = miniz_oxide::deflate::compress_to_vec(&data, level);
            assert_eq!(inflate(&z, n, 0).unwrap(), data, "case {case}");
            if n > 0 {
                assert_eq!(inflate(&z, n - 1, 0).unwrap_err(), InflateError::TooBig);
            }
            // Damage it: truncate, flip bits, overwrite a byte, or append one.
            let mut m = z.clone();
            let r = next(&mut x);
            let at = (next(&mut x) % (m.len() as u64 + 1)) as usize;
            match r % 4 {
                0 => m.truncate(at),
                1 => {
                    if let Some(b) = m.get_mut(at) {
                        *b ^= 1 << (r % 8);
                    }
                }
                2 => {
                    if let Some(b) = m.get_mut(at) {
                        *b = (r >> 8) as u8;
                    }
                }
                _ => m.push((r >> 8) as u8),
            }
            let cap = n * 2 + 1000;
            let ours = inflate(&m, cap, 0);
            match reference(&m, cap) {
                Some(want) => {
                    assert_eq!(ours.unwrap(), want, "case {case}");
                    damaged_ok += 1;
                }
                None => assert!(ours.is_err(), "case {case}: {m:?}"),
            }
        }
        // Some damage leaves a valid stream (e.g. a flipped literal): both paths ran.
        assert!(damaged_ok > 50, "{damaged_ok}");
    }

    #[test]
    fn paired_literal_entries_decode_like_single_ones() {
        // Near-flat codes (base64 text) make most primary entries two literals once a
        // block has decoded PAIR_AFTER bytes; the cap is checked per byte at every
        // length around the end of the output.
        let text: Vec<u8> = (0u32..20_000)
            .map(|i| {
                b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
                    [(i.wrapping_mul(2_654_435_761) >> 7) as usize % 64]
            })
            .collect();
        for level in [1u8, 6, 9] {
            let z = miniz_oxide::deflate::compress_to_vec(&text, level);
            for cap in text.len() - 8..=text.len() + 8 {
                let got = inflate(&z, cap, 0);
                if cap >= text.len() {
                    assert_eq!(got.unwrap(), text, "level {level} cap {cap}");
                } else {
                    assert_eq!(got.unwrap_err(), InflateError::TooBig, "cap {cap}");
                }
            }
        }
    }
}
