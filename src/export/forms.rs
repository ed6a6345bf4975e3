//! The official forms as documents: SARF for a child (003 App F) and an adult (App J), the
//! CCRF (seed 004; its layout is not in the seed, so the fields of DOMAIN.md §4.6; suspected
//! abuse by a provider goes on the adults' SARF instead, 004 Part 1 ¶3), the record
//! of escalation (003 §21) and a chronology of the case. Built from the typed record (the
//! one `show --json` prints), so a form can never say something the record does not. Forms
//! are data ([`Doc`]); `text` and `pdf` render them, and nothing here writes a file.

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::form::{CCRF, CHRONOLOGY, ESCALATION, SARF_ADULT, SARF_CHILD};
use crate::domain::calendar::{Calendar, show_local};
use crate::domain::record::{Case, Content, DutyStatus, Entry, words};
use crate::policy::Kind;
use crate::policy::bindings::{self, One};

/// A rendered-independent document: a title and numbered sections of label/value rows.
#[derive(Clone, Debug, PartialEq)]
pub struct Doc {
    /// e.g. "Safeguarding Children Alert Reporting Form (SARF)".
    pub title: String,
    /// The concern id, printed on every page.
    pub concern: String,
    /// The form's short name, used in file names (e.g. `sarf-child`).
    pub form: &'static str,
    pub sections: Vec<Section>,
    /// The body map's marks (issue 17), drawn numbered on an outline of the body after the
    /// form; the form's own rows list them too, so a text rendering loses nothing.
    pub marks: Vec<DrawnMark>,
}

/// A mark as the outline draws it: its number, where it goes, and its words.
#[derive(Clone, Debug, PartialEq)]
pub struct DrawnMark {
    pub n: usize,
    pub mark: crate::domain::bodymap::Mark,
    /// "1. Right forearm, front, 3 cm: Purple bruise": the legend under the outline.
    pub label: String,
}

/// The body map's marks as rows of the form and as marks to draw: each where it is, its size,
/// what it looks like, when it was seen and who recorded it.
fn body_map(c: &Case<'_>) -> (Vec<Row>, Vec<DrawnMark>) {
    let mut rows = vec![];
    let mut drawn = vec![];
    for (n, e, m) in c.marks() {
        let size = m.size.as_deref().map(|s| format!(" Size: {s}.")).unwrap_or_default();
        rows.push(row(
            format!("Mark {n}: {}", m.place()),
            format!(
                "{}.{size} Seen {} (recorded by {})",
                m.description.trim_end_matches('.'),
                show_local(e.at),
                signer(c, e)
            ),
        ));
        // The legend says what each mark is too, so the page reads on its own.
        let size = m.size.as_deref().map(|s| format!(", {s}")).unwrap_or_default();
        let label = format!("{n}. {}{size}: {}", m.place(), m.description.trim_end_matches('.'));
        drawn.push(DrawnMark { n, mark: m.clone(), label });
    }
    (rows, drawn)
}

#[derive(Clone, Debug, PartialEq)]
pub struct Section {
    pub heading: String,
    pub rows: Vec<Row>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub label: String,
    pub value: String,
}

fn row(label: impl Into<String>, value: impl Into<String>) -> Row {
    let v = value.into();
    Row { label: label.into(), value: if v.trim().is_empty() { "not recorded".into() } else { v } }
}

/// An optional text, or "".
fn text(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

/// Who a form is for (DOMAIN.md §6.6): `Internal` carries initials (003 App F, App J), as the
/// internal form does; `Referral` the full 003 §6.34 identifiers, for a SARF sent as the written
/// referral once the line manager has signed it off (§6.33, §7.15).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Profile {
    #[default]
    Internal,
    Referral,
}

/// Words an entry's signer leaves out when they were never given (`--by`/`--role` unset).
const NO_NAME: &str = "unknown";
const NO_ROLE: &str = "role not given";

/// A person as the forms name them: "Name (role)", from what the entry's signature carries
/// today; what was never given reads "not recorded", never an internal placeholder. The one
/// place that names a person, so it can read a roster of signed identities later.
pub fn person(signed: &str) -> String {
    person_as(signed, |r| r.to_owned())
}

/// [`person`], with the role given in `role`'s words (a role id read as its title).
fn person_as(signed: &str, role_words: impl Fn(&str) -> String) -> String {
    let (name, role) = match last_bracket(signed) {
        Some((n, r)) => (n.trim(), r.trim()),
        None => (signed.trim(), ""),
    };
    let name = if name.is_empty() || name == NO_NAME { None } else { Some(name) };
    let role = if role.is_empty() || role == NO_ROLE { None } else { Some(role_words(role)) };
    match (name, role) {
        (Some(n), Some(r)) => with_role(n, &r),
        (Some(n), None) => format!("{n} (role not recorded)"),
        (None, Some(r)) => with_role("name not recorded", &r),
        (None, None) => "not recorded".into(),
    }
}

/// "Name (Role)" split at the bracket that closes at the end, matched across any brackets
/// inside it: "Dee Pee (Head (interim))" is Dee Pee in the role "Head (interim)", and
/// "Ann (Lee) (Duty SW)" is Ann (Lee) as Duty SW. None without a closing bracket at the end,
/// or with one that does not match.
fn last_bracket(signed: &str) -> Option<(&str, &str)> {
    let inner = signed.strip_suffix(')')?;
    let mut depth = 1usize;
    for (i, c) in inner.char_indices().rev() {
        match c {
            ')' => depth += 1,
            '(' => {
                depth -= 1;
                if depth == 0 {
                    let name = inner[..i].strip_suffix(' ')?;
                    return Some((name, &inner[i + 1..]));
                }
            }
            _ => {}
        }
    }
    None
}

/// A person with their role: "Name (Role)", or "Name, Role (DP)" when the role's own words
/// have brackets, so the forms never read "Name (Role (DP))" (issue 17).
fn with_role(who: &str, role: &str) -> String {
    if role.contains(['(', ')']) { format!("{who}, {role}") } else { format!("{who} ({role})") }
}

/// A person as the forms name them ([`person`]), a roster role id read as the role's title.
fn titled(c: &Case<'_>, signed: &str) -> String {
    person_as(signed, |r| c.policy.role_name(r).unwrap_or_else(|| r.to_owned()))
}

/// Who signed an entry, as the forms name them: by name and role title, never the role's id.
fn signer(c: &Case<'_>, e: &Entry) -> String {
    match &e.signer {
        Some(s) => titled(c, s),
        None => "anonymous".into(),
    }
}

/// "Name (role)" of the reporter, or "anonymous".
fn reporter(c: &Case<'_>) -> String {
    match &c.raised.reporter {
        Some(r) => titled(c, &format!("{} ({})", r.name, r.role)),
        None => "anonymous".into(),
    }
}

/// An answer of the bound question `q` in the form's words: the choice's `on_form`, else its
/// label, else the value as given.
fn choice_words(c: &Case<'_>, q: &One, value: &str) -> String {
    q.as_deref()
        .and_then(|q| c.policy.node(q))
        .and_then(|n| n.answers.iter().find(|a| a.value == value))
        .map(|a| a.on_form.clone().unwrap_or_else(|| a.label.clone()))
        .unwrap_or_else(|| value.to_owned())
}

/// Every answer of the multi question `q`, in the form's words, joined with "; ".
fn choices_words(c: &Case<'_>, q: &One) -> String {
    c.answer(q)
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(|v| choice_words(c, q, v))
        .collect::<Vec<_>>()
        .join("; ")
}

/// An outcome in words: its title in the policy.
fn outcome_words(c: &Case<'_>, id: &str) -> String {
    c.policy.outcomes.get(id).map(|o| o.title.clone()).unwrap_or_else(|| id.to_owned())
}

/// Numbers rows 1, 2, 3 ... from `*n`, with no gaps, whatever the form leaves out.
fn numbered(rows: Vec<Row>, n: &mut usize) -> Vec<Row> {
    rows.into_iter()
        .map(|r| {
            *n += 1;
            Row { label: format!("{n}. {}", r.label), value: r.value }
        })
        .collect()
}

/// The disagreement went far enough for the record of escalation: its duty has been started
/// (the policy's escalation stages say from which stage; 003 §21.19, second numbering).
fn escalated(c: &Case<'_>) -> bool {
    c.duties().iter().any(|d| bindings::is(&c.bindings.duties.escalation_record, &d.kind))
}

/// The forms a concern has: its official form (SARF, CCRF; the chronology for concerns with no
/// form of their own), and the record of escalation once a disagreement reached stage 3
/// (003 §21.19, second numbering). `with_chronology` adds the chronology to every concern.
pub fn forms_for(c: &Case<'_>, with_chronology: bool) -> Vec<&'static str> {
    let mut out = vec![match c.kind {
        Some(Kind::Child) => SARF_CHILD,
        Some(Kind::Adult) => SARF_ADULT,
        Some(Kind::Provider) if low_level(c) => CCRF,
        Some(Kind::Provider) => SARF_ADULT,
        _ => CHRONOLOGY,
    }];
    if escalated(c) {
        out.push(ESCALATION);
    }
    if with_chronology && !out.contains(&CHRONOLOGY) {
        out.push(CHRONOLOGY);
    }
    out
}

/// A concern about a provider's care goes on the CCRF only as an area for improvement or good
/// practice (its outcome, decided or else recommended): suspected abuse goes the safeguarding
/// route, on the adults' alert form, never the CCRF (004 Part 1 ¶3, Purpose ¶6; DOMAIN.md Tree
/// A, A10).
fn low_level(c: &Case<'_>) -> bool {
    let o = &c.bindings.outcomes;
    let concern = c.concern();
    let outcome = concern.outcome.as_deref().unwrap_or(&concern.recommendation);
    bindings::is(&o.area_for_improvement, outcome) || bindings::is(&o.good_practice, outcome)
}

/// Builds one form; `None` when it does not apply to this concern.
pub fn build(form: &str, c: &Case<'_>, cal: &Calendar, now: DateTime<Utc>, profile: Profile) -> Option<Doc> {
    let kind = c.kind;
    let escalation_logged = c.first_event(&c.bindings.events.escalation).is_some();
    match form {
        SARF_CHILD if kind == Some(Kind::Child) => Some(sarf(c, cal, now, true, profile)),
        SARF_ADULT if kind == Some(Kind::Adult) || (kind == Some(Kind::Provider) && !low_level(c)) => {
            Some(sarf(c, cal, now, false, profile))
        }
        CCRF if kind == Some(Kind::Provider) && low_level(c) => Some(ccrf(c)),
        ESCALATION if escalation_logged => Some(escalation(c)),
        CHRONOLOGY => Some(chronology(c)),
        _ => None,
    }
}

fn additional_concerns(c: &Case<'_>) -> String {
    let b = &c.bindings.choices;
    let boxes = [
        (&b.special_cse, "Child Sexual Exploitation or risk of"),
        (&b.special_missing, "Child Missing"),
        (&b.special_radicalisation, "Risk of radicalisation"),
        (&b.special_fgm, "FGM or risk of"),
    ];
    let mut out = Vec::new();
    for v in c.answer(&c.bindings.answers.special).as_array().into_iter().flatten().filter_map(Value::as_str)
    {
        out.push(match boxes.iter().find(|(id, _)| bindings::is(id, v)) {
            Some((_, words)) => (*words).to_owned(),
            None => format!("Other: {}", choice_words(c, &c.bindings.answers.special, v)),
        });
    }
    if out.is_empty() { "none ticked".into() } else { out.join("; ") }
}

fn sarf(c: &Case<'_>, cal: &Calendar, now: DateTime<Utc>, child: bool, profile: Profile) -> Doc {
    let (a, ch, ev) = (&c.bindings.answers, &c.bindings.choices, &c.bindings.events);
    let concern = c.concern();
    let lm_rec = c.lm_recommendation();
    let lm_talk = c.first_event(&ev.line_manager_discussed).map(|(e, _)| e.at).or(lm_rec.map(|(e, _)| e.at));
    let decision = c.decision();
    let outcome = concern.outcome.clone().unwrap_or_default();
    let referred = decision.is_some() && bindings::any(&c.bindings.outcomes.referrals, &outcome);
    let subject = &concern.subject;
    // Rows are numbered as they are written (`numbered`), so what a form leaves out for this
    // kind of concern leaves no gap in the numbers.
    let mut s1 = match profile {
        Profile::Internal => vec![row("Initials", words(&subject.initials))],
        // 003 §6.34 items 1-3: names with other spellings, date of birth, address, the adults.
        Profile::Referral => vec![
            row("Initials", words(&subject.initials)),
            row("Full name, with other names or spellings", words(&subject.name)),
            row("Address", words(c.answer(&a.subject_address))),
            row(
                "Adults and others involved (names, other spellings, addresses)",
                words(c.answer(&a.others_involved)),
            ),
        ],
    };
    // Suspected abuse by a care provider goes on this form (004 Part 1 ¶3): the provider first.
    if c.kind == Some(Kind::Provider) {
        s1.insert(0, row("Provider and service", words(&subject.name)));
    }
    s1.extend([
        match profile {
            Profile::Internal => row("Age", words(&subject.age)),
            Profile::Referral => row("Age and date of birth", c.shown(&a.subject_age)),
        },
        row("Ethnicity", words(&subject.ethnicity)),
        row("Project and case reference", words(&subject.case_reference)),
    ]);
    if child {
        let plan = words(&subject.cp_plan);
        let is = |b: &One| bindings::is(b, &plan);
        s1.push(row(
            "Subject to a child protection plan now?",
            if is(&ch.cp_plan_now) {
                "Yes"
            } else if plan.is_empty() || is(&ch.cp_plan_not_known) {
                "Not known"
            } else {
                "No"
            },
        ));
        s1.push(row(
            "On a child protection plan before?",
            if is(&ch.cp_plan_before) {
                "Yes"
            } else if is(&ch.cp_plan_never) {
                "No"
            } else if is(&ch.cp_plan_now) {
                "Not recorded"
            } else {
                "Not known"
            },
        ));
        s1.push(row("Looked after?", c.shown(&a.looked_after)));
        s1.push(row(
            "Nature of concern (primary category)",
            choice_words(c, &a.primary_category, &words(c.answer(&a.primary_category))),
        ));
        s1.push(row("Additional concerns", additional_concerns(c)));
    } else {
        s1.push(row("Nature of concern (all that apply)", choices_words(c, &a.adult_categories)));
    }
    s1.extend([
        row("Factors in this case", c.shown(&a.factors)),
        row("Description of the concern (fact)", words(c.answer(&a.description))),
        row("Opinion (marked as opinion)", words(c.answer(&a.opinion))),
    ]);
    if child {
        s1.push(row("The child's own words", words(c.answer(&a.child_words))));
        s1.push(row("Questions asked of the child", words(c.answer(&a.questions_asked))));
    }
    s1.extend([
        row("Date and time noticed", c.raised.noticed_at.map(show_local).unwrap_or_default()),
        row("Reporting staff member (name and role)", reporter(c)),
        row("Date and time discussed with the line manager", lm_talk.map(show_local).unwrap_or_default()),
        row("Action taken by staff at this point", words(c.answer(&a.action_taken))),
        row(
            "Line manager's recommendation to the DP",
            lm_rec.map(|(_, r)| format!("{} {}", r.recommended(), text(&r.reason))).unwrap_or_default(),
        ),
        row("Line manager", lm_rec.map(|(e, _)| signer(c, e)).unwrap_or_default()),
        // App F item 21: when the concern was discussed with the DP, which the journal has only
        // once someone logs it; the decision's date is said as what it is, never as that time.
        row(
            "Date discussed with the designated person",
            match (c.first_event(&ev.designated_person_told), decision) {
                (Some((e, _)), _) => format!("{} - logged by {}", show_local(e.at), signer(c, e)),
                (None, Some((e, _))) => format!(
                    "not logged as a separate discussion; the designated person's decision is dated {}",
                    show_local(e.at)
                ),
                (None, None) => String::new(),
            },
        ),
        row(
            if child {
                "Has the DP directed a referral to the local authority?"
            } else {
                "Has the DP directed a referral to the local authority (or another agency)?"
            },
            if decision.is_some() {
                if referred {
                    format!("Yes: {}", outcome_words(c, &outcome))
                } else {
                    format!("No: {}", outcome_words(c, &outcome))
                }
            } else {
                "No decision recorded yet".into()
            },
        ),
    ]);
    let mut n = 0;
    let s1 = numbered(s1, &mut n);
    let mut sections = vec![Section { heading: "Section 1: details and initial handling".into(), rows: s1 }];
    if referred {
        // Field 23 (App F) and its adult twin (App J section 2): the worker or agency the matter
        // was reported to (DOMAIN.md §4.1-4.2). A child's referral is phoned to children's
        // social care (003 §6.30-6.31, App G; DOMAIN.md B6.2), in office hours or to the
        // emergency duty team out of them (§6.38): the first of those calls, from which the
        // written follow-up and the local authority's working day count (§6.33). An adult's
        // goes to adult social care, its duty service or case manager (§6.9-6.10), by any means,
        // or by phone to the out-of-hours service (§1.18): the first referral that settles the
        // adult referral. Neither form reports the other's referral, and the adult form claims
        // no phone call (an `adult-referral` records a referral made, not how).
        let referrals: [&crate::policy::bindings::One; 2] = if child {
            [&ev.phone_referral, &ev.edt_referred]
        } else {
            [&ev.adult_referral, &ev.edt_referred_adult]
        };
        let referral = referrals.iter().filter_map(|kind| c.first_event(kind)).min_by_key(|(e, _)| e.seq);
        let ack = c.first_event(&ev.la_acknowledged);
        // The contacts made, from the journal (003 §6.33, §7.15.4): each with who, when and by whom.
        let contact = |x: Option<(&Entry, &crate::domain::record::Event)>| {
            x.map(|(e, v)| {
                let note = text(&v.note);
                let by = signer(c, e);
                if note.is_empty() {
                    format!("{} - by {by}", show_local(e.at))
                } else {
                    format!("{note}: {} - by {by}", show_local(e.at))
                }
            })
            .unwrap_or_default()
        };
        let chases: Vec<String> = c.events(&ev.la_chased).map(|x| contact(Some(x))).collect();
        let mut s2 = vec![
            row(
                if child {
                    "Local authority worker or agency reported to (by phone), and when"
                } else {
                    "Local authority worker or other agency the matter was reported to, and when"
                },
                contact(referral),
            ),
            row("Written referral sent", contact(c.first_event(&ev.written_referral))),
            row("Local authority acknowledgement, response and proposed plan", contact(ack)),
            row("Local authority contacted again (chased)", chases.join("\n")),
        ];
        if child && let Some(p) = referral.map(|(e, _)| e.at) {
            // 003 §6.33, App F section 2: heard within 1 working day? chased within 3?
            let (one, _) = cal.add_working_days(p, 1);
            let (three, _) = cal.add_working_days(p, 3);
            let heard = ack.map(|(e, _)| e.at);
            let chased = c.first_event(&ev.la_chased).map(|(e, _)| e.at);
            let heard_in_time = heard.is_some_and(|h| h <= one);
            s2.push(row(
                "Did we hear from the LA within 1 working day of the referral?",
                match heard {
                    _ if heard_in_time => format!("Yes ({})", heard.map(show_local).unwrap_or_default()),
                    None if now < one => format!("Not yet (the working day ends {})", show_local(one)),
                    Some(h) => format!("No (heard {})", show_local(h)),
                    None => "No".into(),
                },
            ));
            if !heard_in_time && now >= one {
                // A chase counts as the follow-up; an LA reply within the 3 working days before
                // any chase made one unnecessary, which the form says rather than "Yes".
                let chased_by = chased.filter(|c| *c <= three);
                let replied_first = heard.filter(|h| *h <= three && chased_by.is_none_or(|c| *h < c));
                let chased_in_time = chased_by.is_some() || replied_first.is_some();
                s2.push(row(
                    "If no, did we follow up within 3 working days?",
                    match (chased_by, replied_first, now < three) {
                        (Some(_), _, _) => "Yes".to_owned(),
                        (None, Some(h), _) => format!("Not needed: the LA replied {}", show_local(h)),
                        (None, None, true) => format!("Not yet due (by {})", show_local(three)),
                        (None, None, false) => "No".to_owned(),
                    },
                ));
                if !chased_in_time && now >= three {
                    let reasons: Vec<String> = c
                        .events(&ev.la_chased)
                        .map(|(_, e)| text(&e.note))
                        .filter(|x| !x.is_empty())
                        .collect();
                    s2.push(row(
                        "If no, give reasons",
                        if reasons.is_empty() {
                            "no follow-up or reason recorded".into()
                        } else {
                            reasons.join("; ")
                        },
                    ));
                }
            }
        }
        s2.push(row(
            "Further action needed to keep them safe",
            decision.map(|(_, d)| text(&d.notes)).unwrap_or_default(),
        ));
        s2.push(row(
            "Completed by, and date",
            referral.map(|(e, _)| format!("{}, {}", signer(c, e), show_local(e.at))).unwrap_or_default(),
        ));
        sections.push(Section { heading: "Section 2: referral".into(), rows: numbered(s2, &mut n) });
        if child {
            let start = referral.map(|(e, _)| e.seq).unwrap_or(i64::MAX);
            let updates: Vec<Row> = c
                .journal
                .iter()
                .filter(|(e, _)| e.seq > start)
                .map(|(e, content)| {
                    row(
                        show_local(e.at),
                        said_by(&entry_title(e, content), &entry_text(content), &signer(c, e)),
                    )
                })
                .collect();
            if !updates.is_empty() {
                n += 1;
                sections.push(Section {
                    heading: format!("{n}. Updates after the initial report"),
                    rows: updates,
                });
            }
        }
    }
    // The body map (issue 17; 003 §6.34 items 5-6): listed here, drawn after the form.
    let (map_rows, marks) = body_map(c);
    if !map_rows.is_empty() {
        sections.push(Section {
            heading: "Body map: marks seen (drawn on the outline after the form; right and left are the person's own)"
                .into(),
            rows: map_rows,
        });
    }
    let sign = c.countersign();
    let open = c.duties().iter().filter(|d| d.status == DutyStatus::Open).count();
    let can_file = sign.is_some() && open == 0;
    let filed = if child { "by the service" } else { "centrally" };
    sections.push(Section {
        heading: "Section 3: sign-off".into(),
        rows: numbered(
            vec![
                row(
                    "Designated person's comments and actions",
                    decision.map(|(_, d)| text(&d.reason)).unwrap_or_default(),
                ),
                row(
                    "Designated person, and date",
                    decision
                        .map(|(e, _)| format!("{}, {}", signer(c, e), show_local(e.at)))
                        .unwrap_or_default(),
                ),
                row(
                    if child {
                        "Safeguarding countersignatory's comments"
                    } else {
                        "Head of Safeguarding's comments"
                    },
                    sign.map(|(_, s)| text(&s.comments)).unwrap_or_default(),
                ),
                row(
                    "Countersignatory, and date received",
                    sign.map(|(e, _)| format!("{}, {}", signer(c, e), show_local(e.at))).unwrap_or_default(),
                ),
                row(format!("Can this form be filed {filed} now?"), if can_file { "Yes" } else { "No" }),
                row(
                    "If no, what is required",
                    if can_file {
                        "nothing".into()
                    } else if sign.is_none() {
                        format!("countersignature; {open} duties still open")
                    } else {
                        format!("{open} duties still open")
                    },
                ),
            ],
            &mut n,
        ),
    });
    Doc {
        title: if child {
            "Safeguarding Children Alert Reporting Form (SARF)"
        } else {
            "Safeguarding Adults Alert Reporting Form (SARF)"
        }
        .into(),
        concern: concern.id.clone(),
        form: if child { SARF_CHILD } else { SARF_ADULT },
        sections,
        marks,
    }
}

fn ccrf(c: &Case<'_>) -> Doc {
    let a = &c.bindings.answers;
    // Only an area for improvement or good practice has a CCRF (`low_level`): its outcome,
    // decided or else recommended, says which.
    let concern = c.concern();
    let outcome = concern.outcome.as_deref().unwrap_or(&concern.recommendation);
    let kind = if bindings::is(&c.bindings.outcomes.good_practice, outcome) {
        "Compliment (good practice)"
    } else {
        "Concern (area for improvement / sub-standard care)"
    };
    let sent = c.first_event(&c.bindings.events.ccrf_sent);
    Doc {
        title: "Concerns/Compliments Reporting Form (CCRF)".into(),
        concern: c.concern().id.clone(),
        form: CCRF,
        marks: vec![],
        sections: vec![
            Section {
                heading: "Report".into(),
                rows: vec![
                    row("Report type", kind),
                    row("Provider and service", words(&c.concern().subject.name)),
                    row("Date identified", c.raised.noticed_at.map(show_local).unwrap_or_default()),
                    row("Description", words(c.answer(&a.description))),
                    row(
                        "Raised with the provider's manager; actions agreed",
                        words(c.answer(&a.provider_actions)),
                    ),
                ],
            },
            Section {
                heading: "Reporting professional and sending".into(),
                rows: vec![
                    row("Reported by (name and role)", reporter(c)),
                    row(
                        "Date sent (secure email)",
                        sent.map(|(e, _)| show_local(e.at)).unwrap_or_else(|| "not sent yet".into()),
                    ),
                    row(
                        "Due by (3 days from identification, 004 §2 ¶4)",
                        duty_due(c, &c.bindings.duties.ccrf),
                    ),
                    row(
                        "Layout note",
                        "The seed does not include the CCRF itself; these are the fields its text requires (DOMAIN.md §4.6).",
                    ),
                ],
            },
        ],
    }
}

fn duty_due(c: &Case<'_>, kind: &One) -> String {
    c.duties()
        .iter()
        .find(|d| bindings::is(kind, &d.kind))
        .and_then(|d| d.due)
        .map(show_local)
        .unwrap_or_default()
}

fn escalation(c: &Case<'_>) -> Doc {
    let stages: Vec<(&Entry, &crate::domain::record::Event)> =
        c.events(&c.bindings.events.escalation).collect();
    let first = stages.first().map(|(e, _)| *e);
    let rows_for = |min: u8, max: u8| -> String {
        stages
            .iter()
            .filter(|(_, ev)| (min..=max).contains(&ev.stage.unwrap_or(0)))
            .map(|(e, ev)| {
                format!(
                    "{} (stage {}, {}): {}",
                    show_local(e.at),
                    ev.stage.map(|s| s.to_string()).unwrap_or_default(),
                    signer(c, e),
                    text(&ev.note)
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    Doc {
        title: "Record of Escalation / Dispute Resolution (Operational Issues)".into(),
        concern: c.concern().id.clone(),
        form: ESCALATION,
        marks: vec![],
        sections: vec![
            Section {
                heading: "1. Contact details".into(),
                rows: vec![row("Staff member", first.map(|e| signer(c, e)).unwrap_or_default())],
            },
            Section {
                heading: "2. Details of the disagreement".into(),
                rows: vec![
                    row("Concerns and issues, with dates (stages 1-2)", rows_for(1, 2)),
                    row(
                        "Form completed by, and date",
                        first.map(|e| format!("{}, {}", signer(c, e), show_local(e.at))).unwrap_or_default(),
                    ),
                ],
            },
            Section {
                heading: "4. Outcome after consultation with the Group Head (stage 3)".into(),
                rows: vec![row("Outcome and proposed action", rows_for(3, 3))],
            },
            Section {
                heading: "5. Outcome after escalation to stage 4 and beyond".into(),
                rows: vec![row("Outcome and proposed action", rows_for(4, 5))],
            },
            Section {
                heading: "Resolution".into(),
                rows: vec![row(
                    "Resolved",
                    c.first_event(&c.bindings.events.escalation_resolved)
                        .map(|(e, ev)| format!("{}: {}", show_local(e.at), text(&ev.note)))
                        .unwrap_or_else(|| "not yet".into()),
                )],
            },
        ],
    }
}

/// An update as the form lists it: what it was, what it says when it says anything, and who
/// recorded it ("Parents told - by …", not "Parents told:  - by …"). Who is said after a dash,
/// not in brackets, as their role's words may have brackets of their own (issue 17).
fn said_by(title: &str, text: &str, by: &str) -> String {
    if text.trim().is_empty() { format!("{title} - by {by}") } else { format!("{title}: {text} - by {by}") }
}

fn entry_title(e: &Entry, content: &Content) -> String {
    match content {
        Content::Event(ev) => ev.title.clone(),
        Content::Decision(d) => format!("Decision: {}", d.outcome),
        Content::LmRecommendation(r) => format!("Line manager's recommendation: {}", r.recommended()),
        _ => e.kind.as_str().replace('-', " "),
    }
}

fn entry_text(content: &Content) -> String {
    let join =
        |parts: &[String]| parts.iter().filter(|x| !x.is_empty()).cloned().collect::<Vec<_>>().join("; ");
    match content {
        Content::Raised(r) => format!("recommendation {}", r.recommendation),
        Content::Amendment(a) => format!(
            "corrects entry {}: {}",
            a.corrects.map(|n| n.to_string()).unwrap_or_default(),
            text(&a.note)
        ),
        Content::Event(ev) => text(&ev.note),
        Content::Decision(d) if d.ended.is_empty() => text(&d.reason),
        // The duties the decision made no longer needed (issue 15), as the closing's are said.
        Content::Decision(d) => format!(
            "{} No longer needed ({}): {}",
            text(&d.reason),
            text(&d.ended_reason),
            d.ended.iter().map(|x| x.title.as_str()).collect::<Vec<_>>().join("; ")
        )
        .trim_start()
        .to_owned(),
        Content::LmRecommendation(r) => text(&r.reason),
        Content::Review(r) => text(&r.note),
        Content::Countersign(s) => text(&s.comments),
        Content::Closed(x) if x.cancelled.is_empty() => text(&x.reason),
        Content::Closed(x) => format!(
            "{} Open duties cancelled ({}): {}",
            text(&x.reason),
            text(&x.cancel_reason),
            x.cancelled.iter().map(|d| d.title.as_str()).collect::<Vec<_>>().join("; ")
        ),
        Content::Frozen(x) => text(&x.reason),
        Content::Other(o) => join(
            &[o.note.as_ref(), o.reason.as_ref(), o.comments.as_ref()]
                .map(|v| v.map(words).unwrap_or_default()),
        ),
    }
}

fn chronology(c: &Case<'_>) -> Doc {
    let concern = c.concern();
    let rows = c
        .journal
        .iter()
        .map(|(e, content)| {
            row(
                format!("{} (entry {})", show_local(e.at), e.seq),
                match entry_text(content) {
                    t if t.trim().is_empty() => {
                        format!("{}. Signed: {}", entry_title(e, content), signer(c, e))
                    }
                    t => format!("{} - {t}. Signed: {}", entry_title(e, content), signer(c, e)),
                },
            )
        })
        .collect();
    Doc {
        title: "Chronology".into(),
        concern: concern.id.clone(),
        form: CHRONOLOGY,
        marks: vec![],
        sections: vec![
            Section {
                heading: "Concern".into(),
                rows: vec![
                    row("About", concern.about.clone()),
                    row("Status", concern.status.as_str()),
                    row("Recommendation", concern.recommendation.clone()),
                    row("Decision", concern.outcome.clone().unwrap_or_default()),
                    // What was seen and heard, in the reporter's words (003 §7.15): a staff
                    // allegation has no form of its own, so its chronology carries it.
                    row("Description (fact)", words(c.answer(&c.bindings.answers.description))),
                    row("Re-routed", c.raised.rerouted.join(" ")),
                ],
            },
            Section { heading: "Every entry, dated and signed".into(), rows },
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::{person, person_as};

    #[test]
    fn a_person_is_named_by_what_is_known_and_never_by_a_placeholder() {
        assert_eq!(person("Dee Pee (Designated person)"), "Dee Pee (Designated person)");
        assert_eq!(person("Dee Pee (role not given)"), "Dee Pee (role not recorded)");
        assert_eq!(person("unknown (role not given)"), "not recorded");
        assert_eq!(person("unknown (DP)"), "name not recorded (DP)");
        assert_eq!(person("Ann (Lee) (Duty SW)"), "Ann (Lee) (Duty SW)");
        // A role whose title has brackets of its own is not nested in the person's (issue 17).
        assert_eq!(
            person("Dee Pee (Head of Safeguarding (interim))"),
            "Dee Pee, Head of Safeguarding (interim)"
        );
        assert_eq!(person("unknown (Head (interim))"), "name not recorded, Head (interim)");
        assert_eq!(
            person_as("Dee Pee (designated-person)", |_| "Designated person for safeguarding (DP)".into()),
            "Dee Pee, Designated person for safeguarding (DP)"
        );
        // Unmatched brackets: read as a name with no role.
        assert_eq!(person("Dee Pee Head)"), "Dee Pee Head) (role not recorded)");
    }
}
