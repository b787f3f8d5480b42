//! Random streams: one per purpose (and per file), derived from `--seed`, so that output is
//! deterministic even when files are written in parallel.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// The generator every stream uses.
pub(crate) type Rng = ChaCha8Rng;

/// A stream for `label` and `index` (a day, a file) under `seed`.
pub(crate) fn stream(seed: u64, label: &str, index: u64) -> Rng {
    // FNV-1a over the label, mixed with the seed and index by SplitMix64.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in label.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    let mix = splitmix(splitmix(seed ^ h) ^ index.wrapping_mul(0x9e37_79b9_7f4a_7c15));
    Rng::seed_from_u64(mix)
}

pub(crate) fn splitmix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}
