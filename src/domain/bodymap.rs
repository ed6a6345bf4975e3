//! The body map (issue 17): marks seen on the person (an injury, a bruise, a burn), each with
//! where it is (a region of the body, on the front or the back), what it looks like, its size
//! and when it was seen. 003 §6.34 asks for the nature of the injury and whether the child
//! arrived with it; CPOMS and MyConcern keep such marks on an outline of the body.
//!
//! A mark is logged as an event (`log ID body-mark --region … --side … --note …`), so it is
//! signed and kept in the journal like any other entry; this module is the vocabulary of
//! regions and where each sits on the outline the PDF draws. The regions are a drawing's
//! vocabulary, not a rule, so they live here rather than in the policy.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Front or back of the body.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    Front,
    Back,
}

impl Side {
    pub const WORDS: &'static [&'static str] = &["front", "back"];

    pub fn parse(s: &str) -> Option<Side> {
        match s.trim().to_lowercase().as_str() {
            "front" => Some(Side::Front),
            "back" => Some(Side::Back),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Side::Front => "front",
            Side::Back => "back",
        }
    }
}

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A region of the body: its id (as typed and stored), its words, and where it sits on the
/// outline: `dx` across (towards the person's own right, in heights of the figure) and `dy`
/// down from the top of the head. `along` is the way a row of several marks in the region
/// runs, so that they stay on it: down an arm or a leg, across the head or the trunk (a unit
/// vector, its first part towards the person's right, its second down).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Region {
    pub id: &'static str,
    pub words: &'static str,
    pub dx: f32,
    pub dy: f32,
    pub along: (f32, f32),
}

/// Across the body.
const ACROSS: (f32, f32) = (1.0, 0.0);
/// Down a leg (or an ear).
const DOWN: (f32, f32) = (0.0, 1.0);
/// Down the person's right arm, which runs out from the body as it goes down (the outline's
/// arm, shoulder to wrist); the left arm mirrors it.
const RIGHT_ARM: (f32, f32) = (0.26, 0.966);
const LEFT_ARM: (f32, f32) = (-0.26, 0.966);

const fn r(id: &'static str, words: &'static str, dx: f32, dy: f32, along: (f32, f32)) -> Region {
    Region { id, words, dx, dy, along }
}

/// Every region, head to foot; "right" and "left" are the person's own.
pub const REGIONS: &[Region] = &[
    r("head", "Head", 0.0, 0.035, ACROSS),
    r("face", "Face", 0.0, 0.065, ACROSS),
    r("right-ear", "Right ear", 0.045, 0.06, DOWN),
    r("left-ear", "Left ear", -0.045, 0.06, DOWN),
    r("neck", "Neck", 0.0, 0.125, ACROSS),
    r("right-shoulder", "Right shoulder", 0.09, 0.175, ACROSS),
    r("left-shoulder", "Left shoulder", -0.09, 0.175, ACROSS),
    r("chest", "Chest (front) or upper back (back)", 0.0, 0.22, ACROSS),
    r("abdomen", "Abdomen (front) or lower back (back)", 0.0, 0.33, ACROSS),
    r("right-upper-arm", "Right upper arm", 0.125, 0.25, RIGHT_ARM),
    r("left-upper-arm", "Left upper arm", -0.125, 0.25, LEFT_ARM),
    r("right-forearm", "Right forearm", 0.16, 0.36, RIGHT_ARM),
    r("left-forearm", "Left forearm", -0.16, 0.36, LEFT_ARM),
    r("right-hand", "Right hand", 0.18, 0.46, RIGHT_ARM),
    r("left-hand", "Left hand", -0.18, 0.46, LEFT_ARM),
    r("pelvis", "Groin and genitals (front) or buttocks (back)", 0.0, 0.45, ACROSS),
    r("right-thigh", "Right thigh", 0.055, 0.56, DOWN),
    r("left-thigh", "Left thigh", -0.055, 0.56, DOWN),
    r("right-knee", "Right knee", 0.055, 0.665, DOWN),
    r("left-knee", "Left knee", -0.055, 0.665, DOWN),
    r("right-lower-leg", "Right lower leg", 0.055, 0.78, DOWN),
    r("left-lower-leg", "Left lower leg", -0.055, 0.78, DOWN),
    r("right-foot", "Right foot", 0.06, 0.95, ACROSS),
    r("left-foot", "Left foot", -0.06, 0.95, ACROSS),
];

/// The region of an id as typed (any case, spaces or hyphens).
pub fn region(id: &str) -> Option<&'static Region> {
    let typed = id.trim().to_lowercase().replace([' ', '_'], "-");
    REGIONS.iter().find(|r| r.id == typed)
}

/// The ids of every region, for an error message or `--help`.
pub fn region_ids() -> String {
    REGIONS.iter().map(|r| r.id).collect::<Vec<_>>().join(", ")
}

/// A mark as an event's body keeps it (`mark`): when it was seen is the entry's time.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
pub struct Mark {
    #[serde(default)]
    pub region: String,
    #[serde(default)]
    pub side: String,
    /// What it looks like (colour, shape, what the person said of it).
    #[serde(default)]
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<String>,
}

impl Mark {
    /// The region in words, or the id as stored when this version does not know it. A region
    /// named for both sides ("Chest (front) or upper back (back)") gives the words of the
    /// mark's side only: "Chest" on the front, "Upper back" on the back.
    pub fn region_words(&self) -> String {
        let Some(r) = region(&self.region) else { return self.region.clone() };
        match (r.words.split_once(" (front) or "), Side::parse(&self.side)) {
            (Some((front, _)), Some(Side::Front)) => front.to_owned(),
            (Some((_, back)), Some(Side::Back)) => upper_first(back.trim_end_matches(" (back)")),
            _ => r.words.to_owned(),
        }
    }

    /// "Right forearm, front": where it is, in words.
    pub fn place(&self) -> String {
        format!("{}, {}", self.region_words(), self.side)
    }
}

fn upper_first(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// Where a mark sits on the outline of `side` whose head top is at (`cx`, `top`) and whose
/// height is `h`: on the front view the person's right is on the reader's left, on the back
/// view on the reader's right. `None` for a region this version does not know.
pub fn position(m: &Mark, cx: f32, top: f32, h: f32) -> Option<(f32, f32)> {
    let r = region(&m.region)?;
    let mirror = mirror(m)?;
    Some((cx + mirror * r.dx * h, top + r.dy * h))
}

/// Where the `k`th mark after the first at the same place goes, `step` apart on the page: in
/// turn one step on along its region (down the limb, or across), one step back, two on, two
/// back, three on and three back, so that several marks on one forearm stay on the forearm;
/// then the same row again one step to one side of it, and one step to the other. `k` = 0 is
/// [`position`]; `None` past those 21 places, where a row would run off the body.
pub fn nth_position(m: &Mark, cx: f32, top: f32, h: f32, k: usize, step: f32) -> Option<(f32, f32)> {
    const ROW: usize = 7;
    if k >= ROW * 3 {
        return None;
    }
    let (x, y) = position(m, cx, top, h)?;
    let (ax, ay) = region(&m.region)?.along;
    let ax = ax * mirror(m)?;
    let turn = |i: usize| i.div_ceil(2) as f32 * if i % 2 == 1 { 1.0 } else { -1.0 };
    let (along, aside) = (turn(k % ROW) * step, turn(k / ROW) * step);
    // To one side: at right angles to the row.
    Some((x + ax * along - ay * aside, y + ay * along + ax * aside))
}

/// The page's direction of the person's right: to the reader's left from the front.
fn mirror(m: &Mark) -> Option<f32> {
    match Side::parse(&m.side)? {
        Side::Front => Some(-1.0),
        Side::Back => Some(1.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_region_reads_as_typed_and_the_person_s_right_is_on_the_reader_s_left_from_the_front() {
        assert_eq!(region("Right Forearm").map(|r| r.id), Some("right-forearm"));
        assert_eq!(region("left_knee").map(|r| r.id), Some("left-knee"));
        assert!(region("elbowish").is_none());
        let m = |side: &str| Mark { region: "right-hand".into(), side: side.into(), ..Mark::default() };
        let (front, _) = position(&m("front"), 100.0, 0.0, 100.0).unwrap();
        let (back, _) = position(&m("back"), 100.0, 0.0, 100.0).unwrap();
        assert!(front < 100.0 && back > 100.0, "front {front}, back {back}");
        assert!(position(&m("sideways"), 0.0, 0.0, 1.0).is_none());
    }

    /// A region named for both sides is said by the mark's side.
    #[test]
    fn a_region_of_both_sides_is_said_by_the_mark_s_side() {
        let m =
            |region: &str, side: &str| Mark { region: region.into(), side: side.into(), ..Mark::default() };
        assert_eq!(m("chest", "front").place(), "Chest, front");
        assert_eq!(m("chest", "back").place(), "Upper back, back");
        assert_eq!(m("abdomen", "back").place(), "Lower back, back");
        assert_eq!(m("pelvis", "front").place(), "Groin and genitals, front");
        assert_eq!(m("pelvis", "back").place(), "Buttocks, back");
        assert_eq!(m("right-forearm", "back").place(), "Right forearm, back");
    }

    /// Several marks in one region stay on it: on a forearm they run down and up the arm, never
    /// across onto the trunk; on the chest, across it.
    #[test]
    fn marks_at_the_same_place_run_along_their_region() {
        let m = |region: &str| Mark { region: region.into(), side: "front".into(), ..Mark::default() };
        let arm = m("right-forearm");
        let at = |k| nth_position(&arm, 100.0, 0.0, 100.0, k, 10.0).unwrap();
        assert_eq!(at(0), position(&arm, 100.0, 0.0, 100.0).unwrap());
        let (x0, y0) = at(0);
        let ((x1, y1), (x2, y2)) = (at(1), at(2));
        // Down the arm and out (the person's right is the reader's left), then up and in.
        assert!(y1 > y0 && x1 < x0 && y2 < y0 && x2 > x0, "{:?}", [at(0), at(1), at(2)]);
        // Mostly down: the arm's own direction.
        assert!((y1 - y0) > 3.0 * (x0 - x1), "{:?}", at(1));
        let chest = m("chest");
        let (cx0, cy0) = nth_position(&chest, 100.0, 0.0, 100.0, 0, 10.0).unwrap();
        let (cx1, cy1) = nth_position(&chest, 100.0, 0.0, 100.0, 1, 10.0).unwrap();
        assert!((cy1 - cy0).abs() < 1e-3 && (cx1 - cx0).abs() > 9.0);
    }

    #[test]
    fn every_region_lies_inside_the_outline_s_box() {
        let mut ids = std::collections::BTreeSet::new();
        for r in REGIONS {
            assert!(ids.insert(r.id), "{} twice", r.id);
            assert!(r.dx.abs() < 0.25 && (0.0..=1.0).contains(&r.dy), "{}", r.id);
        }
    }
}
