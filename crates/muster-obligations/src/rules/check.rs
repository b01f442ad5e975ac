//! Checks across a rule's stages that no single field shows: duplicate stage ids, an `after`
//! naming no stage, and stages that wait on each other in a cycle.

use std::collections::BTreeMap;

use toml::Spanned;

use super::error::Reporter;
use super::parse_stage::RawStage;

/// The stages a stage's clocks start after, with the span and field path of each reference.
fn afters(i: usize, stage: &RawStage) -> Vec<(&Spanned<String>, String)> {
    let mut out = Vec::new();
    if let Some(after) = &stage.after {
        out.push((after, format!("stages[{i}].after")));
    }
    for (j, clock) in stage.earliest_of.iter().flatten().enumerate() {
        if let Some(after) = &clock.after {
            out.push((after, format!("stages[{i}].earliest_of[{j}].after")));
        }
    }
    out
}

pub(crate) fn stage_graph(rep: &mut Reporter, stages: &[RawStage]) {
    let mut index: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, stage) in stages.iter().enumerate() {
        let id = stage.id.get_ref().as_str();
        if let Some(first) = index.get(id) {
            rep.at(
                Some(stage.id.span()),
                format!("stages[{i}].id"),
                format!("duplicate stage id \"{id}\" (also stages[{first}])"),
            );
        } else {
            index.insert(id, i);
        }
    }
    let mut edges: Vec<Vec<usize>> = vec![Vec::new(); stages.len()];
    for (i, stage) in stages.iter().enumerate() {
        for (after, field) in afters(i, stage) {
            match index.get(after.get_ref().as_str()) {
                Some(&j) => edges[i].push(j),
                None => {
                    let known: Vec<&str> = index.keys().copied().collect();
                    rep.at(
                        Some(after.span()),
                        field,
                        format!(
                            "after names unknown stage \"{}\"; stages are {}",
                            after.get_ref(),
                            crate::anchor::names(known)
                        ),
                    );
                }
            }
        }
    }
    // Depth-first search; a stage met again while still on the path closes a cycle.
    let mut state = vec![0u8; stages.len()]; // 0 unvisited, 1 on path, 2 done
    for start in 0..stages.len() {
        let mut path = Vec::new();
        if let Some(cycle) = visit(start, &edges, &mut state, &mut path) {
            let words: Vec<&str> = cycle
                .iter()
                .map(|&k| stages[k].id.get_ref().as_str())
                .collect();
            let first = cycle[0];
            rep.at(
                Some(stages[first].id.span()),
                format!("stages[{first}].after"),
                format!(
                    "stages wait on each other in a cycle: {}",
                    words.join(" -> ")
                ),
            );
            return;
        }
    }
}

fn visit(
    n: usize,
    edges: &[Vec<usize>],
    state: &mut [u8],
    path: &mut Vec<usize>,
) -> Option<Vec<usize>> {
    match state[n] {
        2 => return None,
        1 => {
            let from = path.iter().position(|&k| k == n).unwrap_or(0);
            let mut cycle = path[from..].to_vec();
            cycle.push(n);
            return Some(cycle);
        }
        _ => {}
    }
    state[n] = 1;
    path.push(n);
    for &m in &edges[n] {
        if let Some(c) = visit(m, edges, state, path) {
            return Some(c);
        }
    }
    path.pop();
    state[n] = 2;
    None
}
