//! RFC 9162 2.1's definitions, written as literally as possible over a slice
//! of leaf hashes: the yardstick the stored-hash code is held against. MTH is
//! memoised by leaf range only so that every tree up to 300 leaves can be
//! checked quickly; the recursion is the RFC's.

use std::cell::RefCell;
use std::collections::HashMap;

use muster_tlog::{Hash, node_hash};

fn k(n: usize) -> usize {
    let mut k = 1;
    while k * 2 < n {
        k *= 2;
    }
    k
}

pub struct Reference {
    leaves: Vec<Hash>,
    memo: RefCell<HashMap<(usize, usize), Hash>>,
}

impl Reference {
    pub fn new(leaves: &[Hash]) -> Reference {
        Reference {
            leaves: leaves.to_vec(),
            memo: RefCell::default(),
        }
    }

    /// MTH(D[lo:hi]).
    pub fn mth(&self, lo: usize, hi: usize) -> Hash {
        if let Some(h) = self.memo.borrow().get(&(lo, hi)) {
            return *h;
        }
        let h = match hi - lo {
            0 => Hash::empty_tree(),
            1 => self.leaves[lo],
            n => {
                let k = k(n);
                node_hash(&self.mth(lo, lo + k), &self.mth(lo + k, hi))
            }
        };
        self.memo.borrow_mut().insert((lo, hi), h);
        h
    }

    /// PATH(m, D[lo:hi]), with m relative to lo.
    fn path_in(&self, m: usize, lo: usize, hi: usize) -> Vec<Hash> {
        let n = hi - lo;
        if n <= 1 {
            return Vec::new();
        }
        let k = k(n);
        if m < k {
            let mut p = self.path_in(m, lo, lo + k);
            p.push(self.mth(lo + k, hi));
            p
        } else {
            let mut p = self.path_in(m - k, lo + k, hi);
            p.push(self.mth(lo, lo + k));
            p
        }
    }

    /// PATH(m, D[n]).
    pub fn path(&self, m: usize, n: usize) -> Vec<Hash> {
        self.path_in(m, 0, n)
    }

    /// SUBPROOF(m, D[lo:hi], b), with m relative to lo.
    fn subproof(&self, m: usize, lo: usize, hi: usize, b: bool) -> Vec<Hash> {
        let n = hi - lo;
        if m == n {
            return if b {
                Vec::new()
            } else {
                vec![self.mth(lo, hi)]
            };
        }
        let k = k(n);
        if m <= k {
            let mut p = self.subproof(m, lo, lo + k, b);
            p.push(self.mth(lo + k, hi));
            p
        } else {
            let mut p = self.subproof(m - k, lo + k, hi, false);
            p.push(self.mth(lo, lo + k));
            p
        }
    }

    /// PROOF(m, D[n]), empty for m = 0 and m = n.
    pub fn proof(&self, m: usize, n: usize) -> Vec<Hash> {
        if m == 0 || m == n {
            return Vec::new();
        }
        self.subproof(m, 0, n, true)
    }
}
