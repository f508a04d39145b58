//! A matter's flowchart as SVG, laid out on the server by `layout-rs` (pure
//! Rust: no Graphviz to install, no JavaScript in the page). The chart is
//! `zeren::chart`'s, the same one `zeren graph` prints as DOT or Mermaid.

use layout::backends::svg::SVGWriter;
use layout::core::base::Orientation;
use layout::core::color::Color;
use layout::core::geometry::{get_size_for_str, Point};
use layout::core::style::{LineStyleKind, StyleAttr};
use layout::std_shapes::shapes::{Arrow, Element, LineEndKind, ShapeKind};
use layout::topo::layout::VisualGraph;
use std::collections::HashMap;
use zeren::chart::{Chart, EdgeKind, NodeKind};

const FONT: usize = 14;

/// Lays the chart out top to bottom and writes it as SVG. `None` when the
/// layout engine gives up (it panics on some inputs; the workbench then
/// shows the chart as text instead of taking the service down).
pub fn render(chart: &Chart) -> Option<String> {
    let chart = chart.clone();
    std::panic::catch_unwind(move || draw(&chart)).ok()
}

fn draw(chart: &Chart) -> String {
    let mut vg = VisualGraph::new(Orientation::TopToBottom);
    let mut handles = HashMap::new();
    for node in &chart.nodes {
        let label = node.label.join("\n");
        let (fill, line) = match node.kind {
            NodeKind::Ticket => (0xf0f0f0, 0x555555),
            NodeKind::Matter => (0xe8f0fe, 0x1a56b0),
            NodeKind::Item => (0xffffff, 0x333333),
            NodeKind::Outside => (0xf7f7f7, 0x999999),
            NodeKind::Dept => (0xe6f4ea, 0x137333),
            NodeKind::Coordinator => (0xfce8e6, 0xb3261e),
            NodeKind::Territory => (0xe2f0d9, 0x548235),
        };
        let look = StyleAttr::new(color(line), 1, Some(color(fill)), 6, FONT);
        let shape = match node.kind {
            NodeKind::Ticket => ShapeKind::new_circle(&label),
            _ => ShapeKind::new_box(&label),
        };
        let size = get_size_for_str(&label, FONT).add(Point::splat(12.0));
        let handle = vg.add_node(Element::create(shape, look, Orientation::LeftToRight, size));
        handles.insert(node.id.as_str(), handle);
    }
    for edge in &chart.edges {
        let (Some(&from), Some(&to)) = (handles.get(edge.from.as_str()), handles.get(edge.to.as_str())) else {
            continue;
        };
        let (style, text, c) = match edge.kind {
            EdgeKind::Contains => (LineStyleKind::Normal, "", 0x777777),
            EdgeKind::Lead => (LineStyleKind::Normal, "主办", 0x137333),
            EdgeKind::Assist => (LineStyleKind::Dashed, "协办", 0x1a56b0),
            EdgeKind::Liaise => (LineStyleKind::Dotted, "联动", 0x777777),
            EdgeKind::Residual => (LineStyleKind::Dashed, "兜底", 0x137333),
            EdgeKind::Like => (LineStyleKind::Dotted, "参照", 0x7b1fa2),
            EdgeKind::Near => (LineStyleKind::Dotted, "类比", 0x7b1fa2),
            EdgeKind::Coordinator => (LineStyleKind::Dashed, "争议/无主", 0xb3261e),
            EdgeKind::Territory => (LineStyleKind::Normal, "属地", 0x548235),
        };
        let look = StyleAttr::new(color(c), 1, None, 0, FONT - 2);
        vg.add_edge(Arrow::new(LineEndKind::None, LineEndKind::Arrow, style, text, &look, &None, &None), from, to);
    }
    let mut svg = SVGWriter::new();
    vg.do_it(false, false, false, &mut svg);
    svg.finalize()
}

fn color(rgb: u32) -> Color {
    // layout-rs colours are RGBA.
    Color::new((rgb << 8) | 0xff)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_example_chart_draws_every_label() {
        let rules = zeren::load::load_str("doc.rules", zeren::chart::DOC_RULES).map_err(|e| e.to_string());
        let rules = rules.unwrap_or_else(|e| unreachable!("{e}"));
        let chart = zeren::chart::chart(&rules, None);
        let svg = super::render(&chart).unwrap_or_default();
        assert!(svg.starts_with("<svg") || svg.contains("<svg"), "{svg}");
        for label in ["出版物经营", "密室逃脱剧本杀", "文化和旅游局", "市社会治理服务中心"] {
            assert!(svg.contains(label), "`{label}` missing from the SVG");
        }
    }
}
