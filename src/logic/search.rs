//! The search: DPLL over the lowered problem, with an explicit decision stack
//! and an undo trail (no recursion but the formula walks, which go as deep as
//! the formula).
//!
//! State: for every slot, the set of cases still possible; for every keyword
//! variable, true, false or open. A formula node evaluates three-valued over
//! that state. Each round:
//!
//! 1. *propagate*: walk the nodes that must hold — the root, every operand of a
//!    must-hold `and`, the single operand of a must-hold `or` that is not yet
//!    false — and apply the literals found there (narrow a slot, set a
//!    keyword and, through containment, the keywords it contains or that
//!    contain it), until nothing changes;
//! 2. *evaluate* the root: true means every completion of the state is a
//!    model; false is a conflict;
//! 3. otherwise *branch* on the first open literal: first make it true, and on
//!    a conflict undo back and make it false.
//!
//! Each branch splits the remaining possibilities in two disjoint halves and
//! strictly narrows the state, so the search is exact and terminates; the step
//! budget bounds its time.

use super::bits::Bits;
use super::encode::{Node, Problem};

/// A three-valued truth.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tri {
    False,
    True,
    Open,
}

/// A literal to branch on.
#[derive(Clone, Debug)]
enum Lit {
    Dom(u32, Bits),
    Kw(u32, bool),
}

/// One change, for undoing.
#[derive(Clone, Debug)]
enum Undo {
    Dom(u32, Bits),
    Kw(u32),
}

/// How a search ended.
pub(crate) enum Outcome {
    /// A model: the remaining cases of every slot, and the keyword values
    /// (`None` = unconstrained; false is always a consistent choice).
    Sat(Vec<Bits>, Vec<Option<bool>>),
    /// No model.
    Unsat,
    /// The budget ran out.
    OutOfSteps,
}

/// The search state over one problem.
pub(crate) struct Search<'p, 'r> {
    p: &'p Problem<'r>,
    dom: Vec<Bits>,
    kw: Vec<Option<bool>>,
    trail: Vec<Undo>,
    steps: u64,
    budget: u64,
}

impl<'p, 'r> Search<'p, 'r> {
    pub(crate) fn new(p: &'p Problem<'r>, budget: u64) -> Search<'p, 'r> {
        Search {
            p,
            dom: p.slots.iter().map(|s| s.full.clone()).collect(),
            kw: vec![None; p.kws.len()],
            trail: Vec::new(),
            steps: 0,
            budget,
        }
    }

    /// Runs the search to its end; also returns the steps it took.
    pub(crate) fn run(mut self) -> (Outcome, u64) {
        let outcome = self.decide();
        (outcome, self.steps)
    }

    fn decide(&mut self) -> Outcome {
        let root = self.p.root;
        // Each entry: the trail length before the decision, and the other half.
        let mut decisions: Vec<(usize, Lit)> = Vec::new();
        let mut ok = self.propagate(root);
        loop {
            if self.steps > self.budget {
                return Outcome::OutOfSteps;
            }
            if ok {
                match self.scout(root) {
                    (Tri::True, _) => return Outcome::Sat(self.dom.clone(), self.kw.clone()),
                    (Tri::Open, Some(lit)) => {
                        decisions.push((self.trail.len(), self.negate(&lit)));
                        ok = self.assign(&lit) && self.propagate(root);
                    }
                    // (An open formula always has an open literal; were it
                    // ever missing, a conflict is the safe reading.)
                    (Tri::False | Tri::Open, _) => ok = false,
                }
                continue;
            }
            let Some((mark, other)) = decisions.pop() else {
                return Outcome::Unsat;
            };
            self.undo_to(mark);
            ok = self.assign(&other) && self.propagate(root);
        }
    }

    fn node(&self, id: u32) -> Option<&'p Node> {
        self.p.nodes.get(id as usize)
    }

    /// Three-valued truth of a node under the current state.
    fn eval(&mut self, id: u32) -> Tri {
        self.steps += 1;
        match self.node(id) {
            None | Some(Node::Const(false)) => Tri::False,
            Some(Node::Const(true)) => Tri::True,
            Some(Node::Dom { slot, set }) => match self.dom.get(*slot as usize) {
                Some(d) if d.is_subset(set) => Tri::True,
                Some(d) if d.intersects(set) => Tri::Open,
                _ => Tri::False,
            },
            Some(Node::Kw { var, val }) => match self.kw.get(*var as usize).copied().flatten() {
                None => Tri::Open,
                Some(v) if v == *val => Tri::True,
                Some(_) => Tri::False,
            },
            Some(Node::And { start, len }) => {
                let mut out = Tri::True;
                for &k in self.p.kids(*start, *len) {
                    match self.eval(k) {
                        Tri::False => return Tri::False,
                        Tri::Open => out = Tri::Open,
                        Tri::True => {}
                    }
                }
                out
            }
            Some(Node::Or { start, len }) => {
                let mut out = Tri::False;
                for &k in self.p.kids(*start, *len) {
                    match self.eval(k) {
                        Tri::True => return Tri::True,
                        Tri::Open => out = Tri::Open,
                        Tri::False => {}
                    }
                }
                out
            }
        }
    }

    /// Applies what the root forces, to a fixpoint; false on a conflict.
    fn propagate(&mut self, root: u32) -> bool {
        loop {
            let before = self.trail.len();
            if !self.force(root) {
                return false;
            }
            if self.trail.len() == before || self.steps > self.budget {
                return true;
            }
        }
    }

    /// Makes node `id` hold where that is forced; false on a conflict.
    fn force(&mut self, id: u32) -> bool {
        self.steps += 1;
        match self.node(id) {
            None | Some(Node::Const(false)) => false,
            Some(Node::Const(true)) => true,
            Some(Node::Dom { slot, set }) => self.narrow(*slot, set),
            Some(Node::Kw { var, val }) => self.assign(&Lit::Kw(*var, *val)),
            Some(Node::And { start, len }) => self.p.kids(*start, *len).iter().all(|&k| self.force(k)),
            Some(Node::Or { start, len }) => {
                let mut open = None;
                for &k in self.p.kids(*start, *len) {
                    match self.eval(k) {
                        Tri::True => return true,
                        Tri::False => {}
                        Tri::Open if open.is_none() => open = Some(k),
                        // Two open operands: nothing is forced yet.
                        Tri::Open => return true,
                    }
                }
                match open {
                    Some(k) => self.force(k),
                    None => false,
                }
            }
        }
    }

    /// Three-valued truth of a node and, when it is open, its first open
    /// literal: one walk both decides whether the search is done and picks the
    /// branch.
    fn scout(&mut self, id: u32) -> (Tri, Option<Lit>) {
        let (kids, is_and) = match self.node(id) {
            Some(Node::And { start, len }) => (self.p.kids(*start, *len), true),
            Some(Node::Or { start, len }) => (self.p.kids(*start, *len), false),
            Some(Node::Dom { slot, set }) => {
                let t = self.eval(id);
                return (t, (t == Tri::Open).then(|| Lit::Dom(*slot, set.clone())));
            }
            Some(Node::Kw { var, val }) => {
                let t = self.eval(id);
                return (t, (t == Tri::Open).then_some(Lit::Kw(*var, *val)));
            }
            Some(Node::Const(_)) | None => return (self.eval(id), None),
        };
        // `zero` decides the node (false for `and`, true for `or`).
        let (zero, unit) = if is_and { (Tri::False, Tri::True) } else { (Tri::True, Tri::False) };
        let mut first: Option<Lit> = None;
        let mut open = false;
        for &k in kids {
            let t = if open {
                self.eval(k)
            } else {
                let (t, lit) = self.scout(k);
                first = lit;
                t
            };
            if t == zero {
                return (zero, None);
            }
            open |= t == Tri::Open;
        }
        if open {
            (Tri::Open, first)
        } else {
            (unit, None)
        }
    }

    /// The other half of a branch.
    fn negate(&self, lit: &Lit) -> Lit {
        match lit {
            Lit::Dom(slot, set) => {
                let full = self.p.slots.get(*slot as usize).map(|s| &s.full);
                Lit::Dom(*slot, full.map_or_else(|| Bits::empty(0), |f| f.and_not(set)))
            }
            Lit::Kw(var, val) => Lit::Kw(*var, !*val),
        }
    }

    /// Makes a literal true; false on a conflict.
    fn assign(&mut self, lit: &Lit) -> bool {
        match lit {
            Lit::Dom(slot, set) => self.narrow(*slot, set),
            Lit::Kw(var, val) => {
                if !self.set_kw(*var, *val) {
                    return false;
                }
                // Containment is transitive and the lists are closed, so one
                // level settles every keyword this one forces.
                let p = self.p;
                let Some(k) = p.kws.get(*var as usize) else {
                    return false;
                };
                let implied = if *val { &k.contains } else { &k.contained_in };
                implied.iter().all(|&j| self.set_kw(j, *val))
            }
        }
    }

    /// Keeps only the cases of `slot` in `set`; false when none remain.
    fn narrow(&mut self, slot: u32, set: &Bits) -> bool {
        let Some(d) = self.dom.get_mut(slot as usize) else {
            return false;
        };
        if d.is_subset(set) {
            return true;
        }
        let narrowed = d.and(set);
        if narrowed.is_empty() {
            return false;
        }
        let old = std::mem::replace(d, narrowed);
        self.trail.push(Undo::Dom(slot, old));
        true
    }

    fn set_kw(&mut self, var: u32, val: bool) -> bool {
        match self.kw.get_mut(var as usize) {
            Some(slot @ None) => {
                *slot = Some(val);
                self.trail.push(Undo::Kw(var));
                true
            }
            Some(Some(v)) => *v == val,
            None => false,
        }
    }

    fn undo_to(&mut self, mark: usize) {
        while self.trail.len() > mark {
            match self.trail.pop() {
                Some(Undo::Dom(slot, old)) => {
                    if let Some(d) = self.dom.get_mut(slot as usize) {
                        *d = old;
                    }
                }
                Some(Undo::Kw(var)) => {
                    if let Some(k) = self.kw.get_mut(var as usize) {
                        *k = None;
                    }
                }
                None => break,
            }
        }
    }
}
