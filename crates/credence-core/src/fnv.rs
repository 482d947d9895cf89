//! FNV-1a, the one hash credence keeps across runs: the attribution models
//! store weights by the FNV-1a hash of their features, and a run's shared
//! lines are counted by it. It is fixed (no random seed), so a model
//! trained today reads the same buckets tomorrow.

/// FNV-1a's 64-bit offset basis: the hash of nothing.
pub(crate) const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const PRIME: u64 = 0x0000_0100_0000_01b3;

/// `hash` with `bytes` folded in.
pub(crate) fn fnv(mut hash: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(PRIME);
    }
    hash
}
