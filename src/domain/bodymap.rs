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
/// down from the top of the head.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Region {
    pub id: &'static str,
    pub words: &'static str,
    pub dx: f32,
    pub dy: f32,
}

const fn r(id: &'static str, words: &'static str, dx: f32, dy: f32) -> Region {
    Region { id, words, dx, dy }
}

/// Every region, head to foot; "right" and "left" are the person's own.
pub const REGIONS: &[Region] = &[
    r("head", "Head", 0.0, 0.035),
    r("face", "Face", 0.0, 0.065),
    r("right-ear", "Right ear", 0.045, 0.06),
    r("left-ear", "Left ear", -0.045, 0.06),
    r("neck", "Neck", 0.0, 0.125),
    r("right-shoulder", "Right shoulder", 0.09, 0.175),
    r("left-shoulder", "Left shoulder", -0.09, 0.175),
    r("chest", "Chest (front) or upper back (back)", 0.0, 0.22),
    r("abdomen", "Abdomen (front) or lower back (back)", 0.0, 0.33),
    r("right-upper-arm", "Right upper arm", 0.125, 0.25),
    r("left-upper-arm", "Left upper arm", -0.125, 0.25),
    r("right-forearm", "Right forearm", 0.16, 0.36),
    r("left-forearm", "Left forearm", -0.16, 0.36),
    r("right-hand", "Right hand", 0.18, 0.46),
    r("left-hand", "Left hand", -0.18, 0.46),
    r("pelvis", "Groin and genitals (front) or buttocks (back)", 0.0, 0.45),
    r("right-thigh", "Right thigh", 0.055, 0.56),
    r("left-thigh", "Left thigh", -0.055, 0.56),
    r("right-knee", "Right knee", 0.055, 0.665),
    r("left-knee", "Left knee", -0.055, 0.665),
    r("right-lower-leg", "Right lower leg", 0.055, 0.78),
    r("left-lower-leg", "Left lower leg", -0.055, 0.78),
    r("right-foot", "Right foot", 0.06, 0.95),
    r("left-foot", "Left foot", -0.06, 0.95),
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
    /// The region in words, or the id as stored when this version does not know it.
    pub fn region_words(&self) -> String {
        region(&self.region).map(|r| r.words.to_owned()).unwrap_or_else(|| self.region.clone())
    }

    /// "Right forearm, front": where it is, in words.
    pub fn place(&self) -> String {
        format!("{}, {}", self.region_words(), self.side)
    }
}

/// Where a mark sits on the outline of `side` whose head top is at (`cx`, `top`) and whose
/// height is `h`: on the front view the person's right is on the reader's left, on the back
/// view on the reader's right. `None` for a region this version does not know.
pub fn position(m: &Mark, cx: f32, top: f32, h: f32) -> Option<(f32, f32)> {
    let r = region(&m.region)?;
    let across = match Side::parse(&m.side)? {
        Side::Front => -r.dx,
        Side::Back => r.dx,
    };
    Some((cx + across * h, top + r.dy * h))
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

    #[test]
    fn every_region_lies_inside_the_outline_s_box() {
        let mut ids = std::collections::BTreeSet::new();
        for r in REGIONS {
            assert!(ids.insert(r.id), "{} twice", r.id);
            assert!(r.dx.abs() < 0.25 && (0.0..=1.0).contains(&r.dy), "{}", r.id);
        }
    }
}
