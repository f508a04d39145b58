//! Small graph helpers for `like`, `define` and `over`: strongly connected
//! components (to find cycles and a dependency order) and one cycle's path.
//!
//! Everything here is iterative: a chain of ten thousand `like`s must not
//! overflow the stack.

use crate::source::Span;
use std::collections::VecDeque;

/// An edge to node `.0`, written at `.1`.
pub(super) type Edges = Vec<Vec<(usize, Span)>>;

/// Tarjan's algorithm. Components come out dependencies first: a component is
/// listed after every component it has an edge to. Each component is sorted.
pub(super) fn sccs(edges: &Edges) -> Vec<Vec<usize>> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0usize; n];
    let mut on_stack = vec![false; n];
    let mut stack: Vec<usize> = Vec::new();
    let mut out = Vec::new();
    let mut next = 0usize;
    let mut call: Vec<(usize, usize)> = Vec::new();
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        index[root] = next;
        low[root] = next;
        next += 1;
        stack.push(root);
        on_stack[root] = true;
        call.push((root, 0));
        while let Some(&(v, ei)) = call.last() {
            match edges[v].get(ei) {
                Some(&(w, _)) => {
                    if let Some(top) = call.last_mut() {
                        top.1 += 1;
                    }
                    if w >= n {
                        continue;
                    }
                    if index[w] == UNSEEN {
                        index[w] = next;
                        low[w] = next;
                        next += 1;
                        stack.push(w);
                        on_stack[w] = true;
                        call.push((w, 0));
                    } else if on_stack[w] {
                        low[v] = low[v].min(index[w]);
                    }
                }
                None => {
                    call.pop();
                    if let Some(&(u, _)) = call.last() {
                        low[u] = low[u].min(low[v]);
                    }
                    if low[v] == index[v] {
                        let mut comp = Vec::new();
                        while let Some(w) = stack.pop() {
                            on_stack[w] = false;
                            comp.push(w);
                            if w == v {
                                break;
                            }
                        }
                        comp.sort_unstable();
                        out.push(comp);
                    }
                }
            }
        }
    }
    out
}

/// Whether a component is a cycle: more than one node, or a node with an edge
/// to itself.
pub(super) fn is_cycle(comp: &[usize], edges: &Edges) -> bool {
    match comp {
        [one] => edges.get(*one).is_some_and(|es| es.iter().any(|(w, _)| w == one)),
        _ => comp.len() > 1,
    }
}

/// The shortest cycle through the component's first node, as steps
/// `(from, edge span)`; the last step leads back to the first node.
pub(super) fn cycle_path(comp: &[usize], edges: &Edges) -> Vec<(usize, Span)> {
    let Some(&start) = comp.first() else {
        return Vec::new();
    };
    let mut parent: std::collections::HashMap<usize, (usize, Span)> = std::collections::HashMap::new();
    let mut queue = VecDeque::from([start]);
    while let Some(u) = queue.pop_front() {
        for &(w, span) in edges.get(u).map_or(&[][..], |v| v.as_slice()) {
            if w == start {
                // Walk back from `u` to `start`.
                let mut steps = vec![(u, span)];
                let mut at = u;
                while at != start {
                    let Some(&(p, s)) = parent.get(&at) else {
                        break;
                    };
                    steps.push((p, s));
                    at = p;
                }
                steps.reverse();
                return steps;
            }
            if comp.binary_search(&w).is_ok() && !parent.contains_key(&w) && w != start {
                parent.insert(w, (u, span));
                queue.push_back(w);
            }
        }
    }
    Vec::new()
}

/// Every node reachable from `from` by one or more edges (itself only through
/// a cycle), sorted.
pub(super) fn reachable(from: usize, edges: &Edges) -> Vec<usize> {
    let mut seen = vec![false; edges.len()];
    let mut out = Vec::new();
    let mut queue: VecDeque<usize> = edges.get(from).map_or_else(VecDeque::new, |es| es.iter().map(|e| e.0).collect());
    while let Some(w) = queue.pop_front() {
        if seen.get(w).copied().unwrap_or(true) {
            continue;
        }
        if let Some(s) = seen.get_mut(w) {
            *s = true;
        }
        out.push(w);
        if let Some(es) = edges.get(w) {
            queue.extend(es.iter().map(|e| e.0));
        }
    }
    out.sort_unstable();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(adj: &[&[usize]]) -> Edges {
        adj.iter().map(|es| es.iter().map(|&w| (w, Span::default())).collect()).collect()
    }

    #[test]
    fn components_come_dependencies_first() {
        let e = g(&[&[1], &[2], &[]]);
        assert_eq!(sccs(&e), vec![vec![2], vec![1], vec![0]]);
    }

    #[test]
    fn finds_cycles_and_paths() {
        let e = g(&[&[1], &[2], &[0], &[3]]);
        let comps = sccs(&e);
        let cyc: Vec<_> = comps.iter().filter(|c| is_cycle(c, &e)).collect();
        assert_eq!(cyc.len(), 2);
        assert_eq!(cycle_path(&[0, 1, 2], &e).iter().map(|s| s.0).collect::<Vec<_>>(), vec![0, 1, 2]);
        assert_eq!(cycle_path(&[3], &e).len(), 1);
    }

    #[test]
    fn reachability_is_transitive() {
        let e = g(&[&[1], &[2], &[], &[3]]);
        assert_eq!(reachable(0, &e), vec![1, 2]);
        assert_eq!(reachable(3, &e), vec![3]);
    }
}
