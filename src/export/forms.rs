//! The official forms as documents: SARF for a child (003 App F) and an adult (App J), the
//! CCRF (seed 004; its layout is not in the seed, so the fields of DOMAIN.md §4.6), the record
//! of escalation (003 §21) and a chronology of the case. Built from the record's JSON (the
//! same object `show --json` prints), so a form can never say something the record does not.

use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::domain::calendar::{Calendar, show_local};

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

fn s(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(x) => x.clone(),
        Value::Array(a) => a.iter().map(s).filter(|x| !x.is_empty()).collect::<Vec<_>>().join("; "),
        other => other.to_string(),
    }
}

fn t(v: &Value) -> Option<DateTime<Utc>> {
    v.as_str().and_then(|x| x.parse().ok())
}

fn when(v: &Value) -> String {
    t(v).map(show_local).unwrap_or_default()
}

/// Reads the record.
struct R<'a> {
    rec: &'a Value,
    raised: &'a Value,
}

impl<'a> R<'a> {
    fn new(rec: &'a Value) -> R<'a> {
        let raised = rec["timeline"]
            .as_array()
            .and_then(|t| t.iter().find(|e| e["kind"] == "raised"))
            .map(|e| &e["body"]);
        R { rec, raised: raised.unwrap_or(&Value::Null) }
    }
    /// A transcript answer in words (the label shown), or "".
    fn shown(&self, id: &str) -> String {
        self.step(id).map(|st| s(&st["shown"])).unwrap_or_default()
    }
    fn answer(&self, id: &str) -> Value {
        self.step(id).map(|st| st["answer"].clone()).unwrap_or(Value::Null)
    }
    fn step(&self, id: &str) -> Option<&'a Value> {
        self.raised["transcript"].as_array()?.iter().find(|st| st["id"] == id)
    }
    fn entries(&self) -> impl Iterator<Item = &'a Value> {
        self.rec["timeline"].as_array().into_iter().flatten()
    }
    /// Logged events of this name, oldest first.
    fn events(&self, name: &'a str) -> impl Iterator<Item = &'a Value> {
        self.entries().filter(move |e| e["kind"] == "event" && e["body"]["event"] == name)
    }
    fn first_event(&self, name: &'a str) -> Option<&'a Value> {
        self.events(name).next()
    }
    fn last_of_kind(&self, kind: &'a str) -> Option<&'a Value> {
        self.entries().filter(|e| e["kind"] == kind).last()
    }
    fn reporter(&self) -> String {
        match &self.rec["reporter"] {
            Value::Object(o) => format!("{} ({})", s(&o["name"]), s(&o["role"])),
            _ => "anonymous".into(),
        }
    }
    fn subject(&self, k: &str) -> String {
        s(&self.rec["subject"][k])
    }
}

const REFERRALS: &[&str] = &[
    "urgent-referral",
    "child-protection-referral",
    "assessment-referral",
    "adult-referral",
    "adult-referral-without-consent",
];

/// The forms a concern has: its official form (SARF, CCRF; the chronology for concerns with no
/// form of their own), and the record of escalation once a disagreement reached stage 3
/// (003 §21.19, second numbering). `with_chronology` adds the chronology to every concern.
pub fn forms_for(rec: &Value, with_chronology: bool) -> Vec<&'static str> {
    let r = R::new(rec);
    let mut out = vec![match rec["about"].as_str() {
        Some("child" | "unborn") => "sarf-child",
        Some("adult") => "sarf-adult",
        Some("provider") => "ccrf",
        _ => "chronology",
    }];
    if r.events("escalation").any(|e| e["body"]["stage"].as_i64().unwrap_or(0) >= 3) {
        out.push("escalation");
    }
    if with_chronology && !out.contains(&"chronology") {
        out.push("chronology");
    }
    out
}

/// Builds one form; `None` when it does not apply to this concern.
pub fn build(form: &str, rec: &Value, cal: &Calendar, now: DateTime<Utc>) -> Option<Doc> {
    let about = rec["about"].as_str().unwrap_or_default();
    match form {
        "sarf-child" if matches!(about, "child" | "unborn") => Some(sarf(rec, cal, now, true)),
        "sarf-adult" if about == "adult" => Some(sarf(rec, cal, now, false)),
        "ccrf" if about == "provider" => Some(ccrf(rec)),
        "escalation" if R::new(rec).first_event("escalation").is_some() => Some(escalation(rec)),
        "chronology" => Some(chronology(rec)),
        _ => None,
    }
}

fn additional_concerns(r: &R<'_>) -> String {
    let picked = r.answer("special");
    let mut out = Vec::new();
    for v in picked.as_array().into_iter().flatten().filter_map(Value::as_str) {
        out.push(match v {
            "cse" => "Child Sexual Exploitation or risk of".to_owned(),
            "missing" => "Child Missing".to_owned(),
            "radicalisation" => "Risk of radicalisation".to_owned(),
            "fgm" => "FGM or risk of".to_owned(),
            other => format!("Other: {other}"),
        });
    }
    if out.is_empty() { "none ticked".into() } else { out.join("; ") }
}

fn sarf(rec: &Value, cal: &Calendar, now: DateTime<Utc>, child: bool) -> Doc {
    let r = R::new(rec);
    let id = s(&rec["id"]);
    let lm_rec = r.last_of_kind("lm-recommendation");
    let lm_talk = r.first_event("line-manager-discussed").map(|e| &e["at"]).or(lm_rec.map(|e| &e["at"]));
    let decision = r.last_of_kind("decision");
    let outcome = s(&rec["outcome"]);
    let referred = decision.is_some() && REFERRALS.contains(&outcome.as_str());
    let yes_no = |b: bool| if b { "Yes" } else { "No" };
    let mut s1 = vec![
        row("1. Initials", r.subject("initials")),
        row("2. Age", r.subject("age")),
        row("3. Ethnicity", r.subject("ethnicity")),
        row("4-5. Project and case reference", r.subject("case_reference")),
    ];
    if child {
        let plan = r.subject("cp_plan");
        s1.push(row(
            "6. Subject to a child protection plan now?",
            match plan.as_str() {
                "now" => "Yes",
                "" | "not-known" => "Not known",
                _ => "No",
            },
        ));
        s1.push(row(
            "7. On a child protection plan before?",
            match plan.as_str() {
                "before" => "Yes",
                "never" => "No",
                "now" => "Not recorded",
                _ => "Not known",
            },
        ));
        s1.push(row("8. Looked after?", r.shown("looked_after")));
        s1.push(row("11. Nature of concern (primary category)", r.shown("primary_category")));
        s1.push(row("12. Additional concerns", additional_concerns(&r)));
    } else {
        s1.push(row("Nature of concern (all that apply)", r.shown("adult_categories")));
    }
    s1.extend([
        row("13. Factors in this case", r.shown("factors")),
        row("14. Description of the concern (fact)", s(&r.answer("description"))),
        row("Opinion (labelled as opinion, 003 §7.15)", s(&r.answer("opinion"))),
    ]);
    if child {
        s1.push(row("The child's own words (003 §6.34)", s(&r.answer("child_words"))));
        s1.push(row("Questions asked of the child", s(&r.answer("questions_asked"))));
    }
    s1.extend([
        row("15. Date and time noticed", when(&r.raised["noticed_at"])),
        row("16. Reporting staff member (name and role)", r.reporter()),
        row("17. Date and time discussed with the line manager", lm_talk.map(when).unwrap_or_default()),
        row("18. Action taken by staff at this point", s(&r.answer("action_taken"))),
        row(
            "19. Line manager's recommendation to the DP",
            lm_rec
                .map(|e| format!("{} {}", s(&e["body"]["recommend"]), s(&e["body"]["reason"])))
                .unwrap_or_default(),
        ),
        row("20. Line manager", lm_rec.map(|e| s(&e["signed_by"])).unwrap_or_default()),
        row(
            "21. Date discussed with the designated person",
            decision.map(|e| when(&e["at"])).unwrap_or_default(),
        ),
        row(
            if child {
                "22. Has the DP directed a referral to the local authority?"
            } else {
                "Has the DP directed a referral to the local authority (or another agency)?"
            },
            if decision.is_some() {
                format!("{} ({})", yes_no(referred), outcome)
            } else {
                "No decision recorded yet".into()
            },
        ),
    ]);
    let mut sections = vec![Section { heading: "Section 1: details and initial handling".into(), rows: s1 }];
    if referred {
        let phone = r.first_event("phone-referral").or(r.first_event("adult-referral"));
        let ack = r.first_event("la-acknowledged");
        let mut s2 = vec![
            row(
                "23. Local authority worker or agency reported to",
                phone.map(|e| s(&e["body"]["note"])).unwrap_or_default(),
            ),
            row(
                "24. Local authority response and proposed plan",
                ack.map(|e| s(&e["body"]["note"])).unwrap_or_default(),
            ),
        ];
        if child && let Some(p) = phone.and_then(|e| t(&e["at"])) {
            // 003 §6.33, App F section 2: heard within 1 working day? chased within 3?
            let (one, _) = cal.add_working_days(p, 1);
            let (three, _) = cal.add_working_days(p, 3);
            let heard = ack.and_then(|e| t(&e["at"]));
            let chased = r.first_event("la-chased").and_then(|e| t(&e["at"]));
            let heard_in_time = heard.is_some_and(|h| h <= one);
            s2.push(row(
                "25. Did we hear from the LA within 1 working day of the referral?",
                match heard {
                    _ if heard_in_time => format!("Yes ({})", heard.map(show_local).unwrap_or_default()),
                    None if now < one => format!("Not yet (the working day ends {})", show_local(one)),
                    Some(h) => format!("No (heard {})", show_local(h)),
                    None => "No".into(),
                },
            ));
            if !heard_in_time && now >= one {
                let chased_in_time = chased.is_some_and(|c| c <= three) || heard.is_some_and(|h| h <= three);
                s2.push(row(
                    "26. If no, did we follow up within 3 working days?",
                    match (chased_in_time, now < three) {
                        (true, _) => "Yes".to_owned(),
                        (false, true) => format!("Not yet due (by {})", show_local(three)),
                        (false, false) => "No".to_owned(),
                    },
                ));
                if !chased_in_time && now >= three {
                    let reasons: Vec<String> = r
                        .events("la-chased")
                        .map(|e| s(&e["body"]["note"]))
                        .filter(|x| !x.is_empty())
                        .collect();
                    s2.push(row(
                        "27. If no, give reasons",
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
            "28. Further action needed to keep them safe",
            decision.map(|e| s(&e["body"]["notes"])).unwrap_or_default(),
        ));
        s2.push(row(
            "29-30. Completed by, and date",
            phone.map(|e| format!("{}, {}", s(&e["signed_by"]), when(&e["at"]))).unwrap_or_default(),
        ));
        sections.push(Section { heading: "Section 2: referral".into(), rows: s2 });
        if child {
            let start = phone.and_then(|e| e["seq"].as_i64()).unwrap_or(i64::MAX);
            let updates: Vec<Row> = r
                .entries()
                .filter(|e| e["seq"].as_i64().unwrap_or(0) > start)
                .map(|e| {
                    row(
                        when(&e["at"]),
                        format!("{}: {} (by {})", entry_title(e), entry_text(e), s(&e["signed_by"])),
                    )
                })
                .collect();
            if !updates.is_empty() {
                sections
                    .push(Section { heading: "31. Updates after the initial report".into(), rows: updates });
            }
        }
    }
    let sign = r.last_of_kind("countersign");
    let open: usize = rec["duties"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|d| d["status"] == "open" || d["status"] == "overdue")
        .count();
    let can_file = sign.is_some() && open == 0;
    let filed = if child { "by the service" } else { "centrally" };
    sections.push(Section {
        heading: "Section 3: sign-off".into(),
        rows: vec![
            row(
                "32. Designated person's comments and actions",
                decision.map(|e| s(&e["body"]["reason"])).unwrap_or_default(),
            ),
            row(
                "33-34. Designated person, and date",
                decision.map(|e| format!("{}, {}", s(&e["signed_by"]), when(&e["at"]))).unwrap_or_default(),
            ),
            row(
                if child {
                    "35. Safeguarding countersignatory's comments"
                } else {
                    "Head of Safeguarding's comments"
                },
                sign.map(|e| s(&e["body"]["comments"])).unwrap_or_default(),
            ),
            row(
                "36-37. Countersignatory, and date received",
                sign.map(|e| format!("{}, {}", s(&e["signed_by"]), when(&e["at"]))).unwrap_or_default(),
            ),
            row(format!("38. Can this form be filed {filed} now?"), if can_file { "Yes" } else { "No" }),
            row(
                "39. If no, what is required",
                if can_file {
                    "nothing".into()
                } else if sign.is_none() {
                    format!("countersignature; {open} duties still open")
                } else {
                    format!("{open} duties still open")
                },
            ),
        ],
    });
    Doc {
        title: if child {
            "Safeguarding Children Alert Reporting Form (SARF)"
        } else {
            "Safeguarding Adults Alert Reporting Form (SARF)"
        }
        .into(),
        concern: id,
        form: if child { "sarf-child" } else { "sarf-adult" },
        sections,
    }
}

fn ccrf(rec: &Value) -> Doc {
    let r = R::new(rec);
    let kind = match s(&r.answer("abuse_suspected")).as_str() {
        "compliment" => "Compliment (good practice)",
        "yes" => "Abuse suspected: this goes as a safeguarding concern, not a CCRF (004 Part 1 ¶3)",
        _ => "Concern (area for improvement / sub-standard care)",
    };
    let sent = r.first_event("ccrf-sent");
    Doc {
        title: "Concerns/Compliments Reporting Form (CCRF)".into(),
        concern: s(&rec["id"]),
        form: "ccrf",
        sections: vec![
            Section {
                heading: "Report".into(),
                rows: vec![
                    row("Report type", kind),
                    row("Provider and service", r.subject("name")),
                    row("Date identified", when(&r.raised["noticed_at"])),
                    row("Description", s(&r.answer("description"))),
                    row(
                        "Raised with the provider's manager; actions agreed",
                        s(&r.answer("provider_actions")),
                    ),
                ],
            },
            Section {
                heading: "Reporting professional and sending".into(),
                rows: vec![
                    row("Reported by (name and role)", r.reporter()),
                    row(
                        "Date sent (secure email)",
                        sent.map(|e| when(&e["at"])).unwrap_or_else(|| "not sent yet".into()),
                    ),
                    row("Due by (3 days from identification, 004 §2 ¶4)", duty_due(rec, "ccrf")),
                    row(
                        "Layout note",
                        "The seed does not include the CCRF itself; these are the fields its text requires (DOMAIN.md §4.6).",
                    ),
                ],
            },
        ],
    }
}

fn duty_due(rec: &Value, kind: &str) -> String {
    rec["duties"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|d| d["kind"] == kind)
        .map(|d| when(&d["due"]))
        .unwrap_or_default()
}

fn escalation(rec: &Value) -> Doc {
    let r = R::new(rec);
    let stages: Vec<&Value> = r.events("escalation").collect();
    let first = stages.first().copied();
    let rows_for = |min: i64, max: i64| -> String {
        stages
            .iter()
            .filter(|e| (min..=max).contains(&e["body"]["stage"].as_i64().unwrap_or(0)))
            .map(|e| {
                format!(
                    "{} (stage {}, {}): {}",
                    when(&e["at"]),
                    s(&e["body"]["stage"]),
                    s(&e["signed_by"]),
                    s(&e["body"]["note"])
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    Doc {
        title: "Record of Escalation / Dispute Resolution (Operational Issues)".into(),
        concern: s(&rec["id"]),
        form: "escalation",
        sections: vec![
            Section {
                heading: "1. Contact details".into(),
                rows: vec![row("Staff member", first.map(|e| s(&e["signed_by"])).unwrap_or_default())],
            },
            Section {
                heading: "2. Details of the disagreement".into(),
                rows: vec![
                    row("Concerns and issues, with dates (stages 1-2)", rows_for(1, 2)),
                    row(
                        "Form completed by, and date",
                        first
                            .map(|e| format!("{}, {}", s(&e["signed_by"]), when(&e["at"])))
                            .unwrap_or_default(),
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
                    r.first_event("escalation-resolved")
                        .map(|e| format!("{}: {}", when(&e["at"]), s(&e["body"]["note"])))
                        .unwrap_or_else(|| "not yet".into()),
                )],
            },
        ],
    }
}

fn entry_title(e: &Value) -> String {
    match e["kind"].as_str() {
        Some("event") => s(&e["body"]["title"]),
        Some("decision") => format!("Decision: {}", s(&e["body"]["outcome"])),
        Some("lm-recommendation") => format!("Line manager's recommendation: {}", s(&e["body"]["recommend"])),
        Some(k) => k.replace('-', " "),
        None => String::new(),
    }
}

fn entry_text(e: &Value) -> String {
    let b = &e["body"];
    match e["kind"].as_str() {
        Some("raised") => format!("recommendation {}", s(&b["recommendation"])),
        Some("amendment") => format!("corrects entry {}: {}", s(&b["corrects"]), s(&b["note"])),
        _ => [&b["note"], &b["reason"], &b["comments"]]
            .iter()
            .map(|v| s(v))
            .filter(|x| !x.is_empty())
            .collect::<Vec<_>>()
            .join("; "),
    }
}

fn chronology(rec: &Value) -> Doc {
    let r = R::new(rec);
    let rows = r
        .entries()
        .map(|e| {
            row(
                format!("{} (entry {})", when(&e["at"]), s(&e["seq"])),
                format!("{} - {}. Signed: {}", entry_title(e), entry_text(e), s(&e["signed_by"])),
            )
        })
        .collect();
    Doc {
        title: "Chronology".into(),
        concern: s(&rec["id"]),
        form: "chronology",
        sections: vec![
            Section {
                heading: "Concern".into(),
                rows: vec![
                    row("About", s(&rec["about"])),
                    row("Status", s(&rec["status"])),
                    row("Recommendation", s(&rec["recommendation"])),
                    row("Decision", s(&rec["outcome"])),
                ],
            },
            Section { heading: "Every entry, dated and signed".into(), rows },
        ],
    }
}
