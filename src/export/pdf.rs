//! PDF rendering: A4, the DejaVu Sans font embedded (subset by krilla; licence in
//! assets/fonts), "OFFICIAL-SENSITIVE", the concern id and "page n of m" on every page.
//!
//! krilla draws single lines of text; this module does the rest: it wraps text at word
//! boundaries with the font's own advance widths, lays rows out in two columns (label and
//! entry), and breaks pages, continuing a long entry on the next page.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::text::{Font, TextDirection};
use skrifa::instance::{LocationRef, Size};
use skrifa::raw::TableProvider;
use skrifa::{FontRef, MetadataProvider};

use super::forms::Doc;
use super::text::MARKING;
use crate::error::{Error, Result};

const REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
const BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

const W: f32 = 595.28;
const H: f32 = 841.89;
const LEFT: f32 = 50.0;
const RIGHT: f32 = W - 50.0;
const TOP: f32 = 72.0;
const BOTTOM: f32 = H - 60.0;
const LABEL_W: f32 = 170.0;
const GAP: f32 = 10.0;
const BODY: f32 = 9.5;
const LINE: f32 = 12.5;

/// A font with its advance widths (in ems) cached per character.
struct Face {
    font: Font,
    widths: HashMap<char, f32>,
}

impl Face {
    fn load(data: &'static [u8]) -> Face {
        let font = Font::new(Arc::new(data.to_vec()).into(), 0).expect("the embedded font loads");
        let f = FontRef::new(data).expect("the embedded font parses");
        let upem = f.head().map(|h| f32::from(h.units_per_em())).unwrap_or(2048.0);
        let metrics = f.glyph_metrics(Size::unscaled(), LocationRef::default());
        let map = f.charmap();
        let widths = map
            .mappings()
            .filter_map(|(cp, gid)| Some((char::from_u32(cp)?, metrics.advance_width(gid)? / upem)))
            .collect();
        Face { font, widths }
    }

    fn width(&self, s: &str, size: f32) -> f32 {
        s.chars().map(|c| self.widths.get(&c).copied().unwrap_or(0.6)).sum::<f32>() * size
    }

    /// Word-wraps `text` to `max` points; words longer than a line are broken.
    fn wrap(&self, text: &str, size: f32, max: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for para in text.split('\n') {
            let mut line = String::new();
            for word in para.split_whitespace() {
                let candidate = if line.is_empty() { word.to_owned() } else { format!("{line} {word}") };
                if self.width(&candidate, size) <= max {
                    line = candidate;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                let mut piece = String::new();
                for c in word.chars() {
                    piece.push(c);
                    if self.width(&piece, size) > max && piece.chars().count() > 1 {
                        piece.pop();
                        lines.push(std::mem::take(&mut piece));
                        piece.push(c);
                    }
                }
                line = piece;
            }
            lines.push(line);
        }
        lines
    }
}

fn faces() -> &'static (Face, Face) {
    static F: OnceLock<(Face, Face)> = OnceLock::new();
    F.get_or_init(|| (Face::load(REGULAR), Face::load(BOLD)))
}

/// What goes on a page, positioned.
enum Item {
    Text {
        x: f32,
        y: f32,
        bold: bool,
        size: f32,
        text: String,
    },
    Rule {
        y: f32,
    },
    /// An outline of the body, the top of its head at (`cx`, `top`), `h` tall.
    Outline {
        cx: f32,
        top: f32,
        h: f32,
    },
    /// A numbered mark on the body map, centred at (`x`, `y`).
    Mark {
        x: f32,
        y: f32,
        n: usize,
    },
}

/// The outline's right half, head excluded, as (across, down) in heights of the figure, from
/// the neck round the arm and the leg to the crotch; the left half mirrors it.
const HALF_OUTLINE: &[(f32, f32)] = &[
    (0.025, 0.115),
    (0.03, 0.14),
    (0.085, 0.15),
    (0.115, 0.17),
    (0.15, 0.3),
    (0.178, 0.4),
    (0.2, 0.47),
    (0.185, 0.5),
    (0.163, 0.49),
    (0.145, 0.41),
    (0.112, 0.3),
    (0.095, 0.23),
    (0.085, 0.33),
    (0.095, 0.43),
    (0.092, 0.6),
    (0.08, 0.88),
    (0.075, 0.93),
    (0.1, 0.972),
    (0.09, 0.985),
    (0.025, 0.985),
    (0.022, 0.9),
    (0.018, 0.62),
    (0.0, 0.5),
];
/// The head: its centre's depth and its radius, in heights of the figure.
const HEAD: (f32, f32) = (0.06, 0.055);
const FIGURE_H: f32 = 330.0;
const MARK_R: f32 = 6.5;

/// The body map's page: a front and a back outline with the marks numbered on them, and the
/// legend under them (issue 17).
fn body_map_page(doc: &Doc) -> Vec<Item> {
    let (reg, bold) = faces();
    let mut items = vec![];
    let mut y = TOP;
    for line in bold.wrap("Body map", 15.0, RIGHT - LEFT) {
        items.push(Item::Text { x: LEFT, y: y + 15.0, bold: true, size: 15.0, text: line });
        y += 20.0;
    }
    for line in reg.wrap(
        "Marks as recorded, numbered as in the form. The front view faces the reader: the person's right is on the reader's left. On the back view it is on the reader's right.",
        BODY,
        RIGHT - LEFT,
    ) {
        items.push(Item::Text { x: LEFT, y: y + BODY, bold: false, size: BODY, text: line });
        y += LINE;
    }
    y += 22.0;
    let top = y;
    let centres = [
        (crate::domain::bodymap::Side::Front, LEFT + (RIGHT - LEFT) * 0.27),
        (crate::domain::bodymap::Side::Back, LEFT + (RIGHT - LEFT) * 0.73),
    ];
    let mut placed: Vec<(f32, f32)> = vec![];
    for (side, cx) in centres {
        let caption = match side {
            crate::domain::bodymap::Side::Front => "Front",
            crate::domain::bodymap::Side::Back => "Back",
        };
        items.push(Item::Text {
            x: cx - bold.width(caption, 11.0) / 2.0,
            y: top - 6.0,
            bold: true,
            size: 11.0,
            text: caption.to_owned(),
        });
        items.push(Item::Outline { cx, top, h: FIGURE_H });
        for m in doc.marks.iter().filter(|m| crate::domain::bodymap::Side::parse(&m.mark.side) == Some(side))
        {
            // Marks at the same place sit in a row along their region (down the limb, across
            // the trunk) rather than on top of each other, and stay on the region.
            let free = |(x, y): (f32, f32)| {
                !placed.iter().any(|(px, py)| (px - x).abs() < MARK_R * 2.0 && (py - y).abs() < MARK_R * 2.0)
            };
            let Some(first) = crate::domain::bodymap::position(&m.mark, cx, top, FIGURE_H) else {
                continue;
            };
            let (x, y) = (0..64)
                .map_while(|k| {
                    crate::domain::bodymap::nth_position(&m.mark, cx, top, FIGURE_H, k, MARK_R * 2.2)
                })
                .find(|p| free(*p))
                .unwrap_or(first);
            placed.push((x, y));
            items.push(Item::Mark { x, y, n: m.n });
        }
    }
    y = top + FIGURE_H + 24.0;
    for (i, m) in doc.marks.iter().enumerate() {
        let unplaced = crate::domain::bodymap::position(&m.mark, 0.0, 0.0, 1.0).is_none();
        let text = if unplaced {
            format!("{} (not drawn: a region this version does not know)", m.label)
        } else {
            m.label.clone()
        };
        let lines = reg.wrap(&text, BODY, RIGHT - LEFT);
        // A legend longer than the page says where the rest is rather than losing it: a mark
        // goes in whole, with room left for that line unless it is the last.
        let room = lines.len() + usize::from(i + 1 < doc.marks.len());
        if y + LINE * room as f32 > BOTTOM {
            let rest = format!(
                "Marks {} to {}: each is described under \"Body map: marks seen\" earlier in this form.",
                m.n,
                doc.marks.last().map_or(m.n, |l| l.n)
            );
            for line in reg.wrap(&rest, BODY, RIGHT - LEFT) {
                items.push(Item::Text { x: LEFT, y: y + BODY, bold: false, size: BODY, text: line });
                y += LINE;
            }
            break;
        }
        for line in lines {
            items.push(Item::Text { x: LEFT, y: y + BODY, bold: false, size: BODY, text: line });
            y += LINE;
        }
    }
    items
}

/// A circle as four cubic curves.
fn circle(pb: &mut PathBuilder, cx: f32, cy: f32, r: f32) {
    let k = 0.552_284_8 * r;
    pb.move_to(cx + r, cy);
    pb.cubic_to(cx + r, cy + k, cx + k, cy + r, cx, cy + r);
    pb.cubic_to(cx - k, cy + r, cx - r, cy + k, cx - r, cy);
    pb.cubic_to(cx - r, cy - k, cx - k, cy - r, cx, cy - r);
    pb.cubic_to(cx + k, cy - r, cx + r, cy - k, cx + r, cy);
    pb.close();
}

/// Adds an item to the last page.
fn push(pages: &mut [Vec<Item>], item: Item) {
    if let Some(p) = pages.last_mut() {
        p.push(item);
    }
}

/// Lays the document out into pages of items.
fn layout(doc: &Doc) -> Vec<Vec<Item>> {
    let (reg, bold) = faces();
    let mut pages: Vec<Vec<Item>> = vec![vec![]];
    let mut y = TOP;
    let new_page = |pages: &mut Vec<Vec<Item>>, y: &mut f32| {
        pages.push(vec![]);
        *y = TOP;
    };
    for line in bold.wrap(&doc.title, 15.0, RIGHT - LEFT) {
        push(&mut pages, Item::Text { x: LEFT, y: y + 15.0, bold: true, size: 15.0, text: line });
        y += 20.0;
    }
    y += 6.0;
    let value_x = LEFT + LABEL_W + GAP;
    for sec in &doc.sections {
        if y + 3.0 * LINE > BOTTOM {
            new_page(&mut pages, &mut y);
        }
        y += 8.0;
        for line in bold.wrap(&sec.heading, 11.5, RIGHT - LEFT) {
            push(&mut pages, Item::Text { x: LEFT, y: y + 11.5, bold: true, size: 11.5, text: line });
            y += 15.0;
        }
        push(&mut pages, Item::Rule { y: y + 2.0 });
        y += 6.0;
        for row in &sec.rows {
            let label = bold.wrap(&row.label, 8.5, LABEL_W);
            let mut value = reg.wrap(&row.value, BODY, RIGHT - value_x);
            let mut first = true;
            loop {
                let room = ((BOTTOM - y) / LINE).floor().max(0.0) as usize;
                let need = label.len().max(value.len()).max(1);
                if room < need.min(3) {
                    new_page(&mut pages, &mut y);
                    continue;
                }
                let take = value.len().min(room.max(1));
                let rest = value.split_off(take);
                let page = pages.last_mut().expect("a page");
                let labels: Vec<String> = if first {
                    label.clone()
                } else {
                    vec![format!("{} (continued)", label.first().cloned().unwrap_or_default())]
                };
                for (i, l) in labels.iter().enumerate().take(room) {
                    page.push(Item::Text {
                        x: LEFT,
                        y: y + 9.0 + i as f32 * LINE,
                        bold: true,
                        size: 8.5,
                        text: l.clone(),
                    });
                }
                for (i, v) in value.iter().enumerate() {
                    page.push(Item::Text {
                        x: value_x,
                        y: y + 9.0 + i as f32 * LINE,
                        bold: false,
                        size: BODY,
                        text: v.clone(),
                    });
                }
                y += labels.len().min(room).max(value.len()).max(1) as f32 * LINE + 5.0;
                page.push(Item::Rule { y: y - 2.0 });
                if rest.is_empty() {
                    break;
                }
                value = rest;
                first = false;
                new_page(&mut pages, &mut y);
            }
        }
    }
    if !doc.marks.is_empty() {
        pages.push(body_map_page(doc));
    }
    pages
}

/// Renders the document as PDF bytes.
pub fn render(doc: &Doc) -> Result<Vec<u8>> {
    let (reg, bold) = faces();
    let pages = layout(doc);
    let total = pages.len();
    let mut pdf = Document::new();
    pdf.set_metadata(
        Metadata::new().title(format!("{} {}", doc.concern, doc.title)).creator("safeguard".into()),
    );
    let black = Fill { paint: rgb::Color::new(0, 0, 0).into(), ..Fill::default() };
    for (n, items) in pages.into_iter().enumerate() {
        let settings = PageSettings::from_wh(W, H).ok_or_else(|| Error::Other("bad page size".into()))?;
        let mut page = pdf.start_page_with(settings);
        let mut s = page.surface();
        s.set_fill(Some(black.clone()));
        let text = |s: &mut krilla::surface::Surface<'_>, x: f32, y: f32, b: bool, size: f32, t: &str| {
            let f = if b { &bold.font } else { &reg.font };
            s.draw_text(Point::from_xy(x, y), f.clone(), size, t, false, TextDirection::Auto);
        };
        // Header and footer on every page.
        let mw = bold.width(MARKING, 9.0);
        text(&mut s, (W - mw) / 2.0, 34.0, true, 9.0, MARKING);
        text(&mut s, LEFT, 34.0, false, 8.0, doc.form);
        text(&mut s, RIGHT - bold.width(&doc.concern, 9.0), 34.0, true, 9.0, &doc.concern);
        let footer = format!("{} - page {} of {}", doc.concern, n + 1, total);
        text(&mut s, (W - reg.width(&footer, 8.0)) / 2.0, H - 30.0, false, 8.0, &footer);
        text(&mut s, (W - mw) / 2.0, H - 18.0, true, 9.0, MARKING);
        for item in items {
            match item {
                Item::Text { x, y, bold: b, size, text: t } => text(&mut s, x, y, b, size, &t),
                Item::Outline { cx, top, h } => {
                    let mut pb = PathBuilder::new();
                    circle(&mut pb, cx, top + HEAD.0 * h, HEAD.1 * h);
                    let right = HALF_OUTLINE.iter().map(|(dx, dy)| (cx + dx * h, top + dy * h));
                    let left = HALF_OUTLINE.iter().rev().map(|(dx, dy)| (cx - dx * h, top + dy * h));
                    for (i, (x, y)) in right.chain(left).enumerate() {
                        if i == 0 { pb.move_to(x, y) } else { pb.line_to(x, y) }
                    }
                    pb.close();
                    if let Some(path) = pb.finish() {
                        s.set_fill(None);
                        s.set_stroke(Some(Stroke {
                            paint: rgb::Color::new(60, 60, 60).into(),
                            width: 1.0,
                            ..Stroke::default()
                        }));
                        s.draw_path(&path);
                        s.set_stroke(None);
                        s.set_fill(Some(black.clone()));
                    }
                }
                Item::Mark { x, y, n } => {
                    let mut pb = PathBuilder::new();
                    circle(&mut pb, x, y, MARK_R);
                    if let Some(path) = pb.finish() {
                        s.set_fill(Some(Fill {
                            paint: rgb::Color::new(255, 255, 255).into(),
                            ..Fill::default()
                        }));
                        s.set_stroke(Some(Stroke {
                            paint: rgb::Color::new(200, 0, 0).into(),
                            width: 1.4,
                            ..Stroke::default()
                        }));
                        s.draw_path(&path);
                        s.set_stroke(None);
                        s.set_fill(Some(black.clone()));
                    }
                    let label = n.to_string();
                    text(&mut s, x - bold.width(&label, 7.5) / 2.0, y + 2.7, true, 7.5, &label);
                }
                Item::Rule { y } => {
                    let mut pb = PathBuilder::new();
                    pb.move_to(LEFT, y);
                    pb.line_to(RIGHT, y);
                    if let Some(path) = pb.finish() {
                        s.set_fill(None);
                        s.set_stroke(Some(Stroke {
                            paint: rgb::Color::new(170, 170, 170).into(),
                            width: 0.5,
                            ..Stroke::default()
                        }));
                        s.draw_path(&path);
                        s.set_stroke(None);
                        s.set_fill(Some(black.clone()));
                    }
                }
            }
        }
        s.finish();
        page.finish();
    }
    pdf.finish().map_err(|e| Error::Other(format!("PDF: {e:?}")))
}
