//! The ids of a policy that the code relies on, declared once, in the policy's `[bindings]`.
//!
//! Organisations adapt the policy; the code must not hold a second copy of it. Wherever the
//! tool needs a particular question, duty, event, outcome or role (the SARF's age line, the
//! morning screen's reviews, the escalation record from stage 3), it names it here by the
//! code's own name, and the policy says which of its ids plays that part:
//!
//! ```toml
//! [bindings.answers]
//! subject_age = "subject_age"
//! ```
//!
//! This file is the only place in the code where those names are spelt; everywhere else reads
//! `policy.bindings`. Loading a policy checks every binding it gives: the id must exist and be
//! of the kind the code expects (a question of the right answer type, a duty, an event...), so a
//! policy that renames or drops a bound id is refused, naming the binding and the id. A binding
//! a policy leaves out means the policy has no such thing (a small local policy may have no age
//! question); the code then says "not asked" rather than guess. An overlay inherits its base's
//! bindings and may change any of them, or unbind one with an empty id (`opinion = ""`).

use serde::{Deserialize, Serialize};

use super::{AnswerType, NodeType, Policy};

/// What a bound id must be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expect {
    /// A question whose answer is of this type.
    Question(AnswerType),
    /// A question of the decision trees (`[[decision_nodes]]`) whose answer is of this type.
    DecisionQuestion(AnswerType),
    Duty,
    Event,
    Outcome,
    Role,
    /// One of the answers of the question bound as `answers.<name>`.
    AnswerOf(&'static str),
}

impl Expect {
    fn words(self) -> String {
        match self {
            Expect::Question(t) => format!("a question with `ask = \"{}\"`", t.word()),
            Expect::DecisionQuestion(t) => format!("a decision question with `ask = \"{}\"`", t.word()),
            Expect::Duty => "a duty".into(),
            Expect::Event => "an event".into(),
            Expect::Outcome => "an outcome".into(),
            Expect::Role => "a role".into(),
            Expect::AnswerOf(q) => format!("an answer of the question bound as answers.{q}"),
        }
    }
}

/// Declares one section of bindings: a struct of optional ids (or lists of ids), each with the
/// kind of item it must name, and the list of them for checking.
macro_rules! section {
    ($(#[$m:meta])* $name:ident {
        $($(#[$fm:meta])* $field:ident: $ty:ident = $expect:expr),* $(,)?
    }) => {
        $(#[$m])*
        #[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            $(
                $(#[$fm])*
                #[serde(default, skip_serializing_if = "section_field_is_empty")]
                pub $field: $ty,
            )*
        }

        impl $name {
            fn normalize(&mut self) {
                $(self.$field.normalize();)*
            }

            /// Every binding of the section: its name, the ids it gives, what they must be.
            fn each(&self) -> Vec<Entry<'_>> {
                vec![$((stringify!($field), self.$field.ids(), $expect)),*]
            }
        }
    };
}

/// One binding of a section: its name, the ids it gives, and what they must be.
type Entry<'a> = (&'static str, Vec<&'a str>, Expect);

/// One bound id, or none.
pub type One = Option<String>;
/// Several bound ids (e.g. the duties that are progress reviews); empty when none.
pub type Many = Vec<String>;

trait Ids {
    fn ids(&self) -> Vec<&str>;
    fn is_empty(&self) -> bool;
    /// An empty id (`""`, or `[]`) unbinds: how an overlay says its policy has no such thing.
    fn normalize(&mut self);
}

impl Ids for One {
    fn ids(&self) -> Vec<&str> {
        self.as_deref().into_iter().collect()
    }
    fn is_empty(&self) -> bool {
        self.is_none()
    }
    fn normalize(&mut self) {
        if self.as_deref().is_some_and(|s| s.trim().is_empty()) {
            *self = None;
        }
    }
}

impl Ids for Many {
    fn ids(&self) -> Vec<&str> {
        self.iter().map(String::as_str).collect()
    }
    fn is_empty(&self) -> bool {
        Vec::is_empty(self)
    }
    fn normalize(&mut self) {
        self.retain(|s| !s.trim().is_empty());
    }
}

fn section_field_is_empty<T: Ids>(v: &T) -> bool {
    v.is_empty()
}

use AnswerType::{Choice, Datetime, Multi, Number, Tasks, Text};

section! {
    /// Questions whose answers the code reads (the record's subject, the forms, routing).
    Answers {
        /// Is anyone in danger now (choice).
        immediate_risk: One = Expect::Question(Choice),
        /// Who or what the concern is about (choice; each choice may carry a `kind`).
        about: One = Expect::Question(Choice),
        subject_initials: One = Expect::Question(Text),
        subject_name: One = Expect::Question(Text),
        /// The person's address (003 §6.34 item 1), on the referral profile only.
        subject_address: One = Expect::Question(Text),
        /// The adults and others involved, with other spellings and addresses (003 §6.34 item 3),
        /// on the referral profile only.
        others_involved: One = Expect::Question(Text),
        subject_age: One = Expect::Question(Number),
        /// A child's primary category of harm (SARF line 11).
        primary_category: One = Expect::Question(Choice),
        /// An adult's categories (SARF-Adults, "tick all that apply").
        adult_categories: One = Expect::Question(Multi),
        /// The circumstances with rules of their own (SARF line 12's additional concerns).
        special: One = Expect::Question(Multi),
        looked_after: One = Expect::Question(Choice),
        cp_plan: One = Expect::Question(Choice),
        ethnicity: One = Expect::Question(Text),
        case_reference: One = Expect::Question(Text),
        factors: One = Expect::Question(Multi),
        description: One = Expect::Question(Text),
        noticed_at: One = Expect::Question(Datetime),
        opinion: One = Expect::Question(Text),
        child_words: One = Expect::Question(Text),
        questions_asked: One = Expect::Question(Text),
        action_taken: One = Expect::Question(Text),
        abuse_suspected: One = Expect::Question(Choice),
        provider_actions: One = Expect::Question(Text),
        contact_details: One = Expect::Question(Text),
        /// Where the subject of a staff concern stands relative to the reporter (routing).
        subject_position: One = Expect::Question(Choice),
    }
}

section! {
    /// Answers (choice values) of bound questions that the code branches on or words in its own
    /// way: the forms' tick boxes, "in danger now".
    Choices {
        /// "Someone is in danger now" (the alert, the sealed file's urgency).
        immediate_risk_yes: One = Expect::AnswerOf(stringify!(immediate_risk)),
        /// The CCRF's "is abuse suspected?" (004): yes, and a compliment (no abuse).
        abuse_suspected_yes: One = Expect::AnswerOf(stringify!(abuse_suspected)),
        abuse_suspected_compliment: One = Expect::AnswerOf(stringify!(abuse_suspected)),
        /// SARF lines 6-7: on a child protection plan now, before, never, not known.
        cp_plan_now: One = Expect::AnswerOf(stringify!(cp_plan)),
        cp_plan_before: One = Expect::AnswerOf(stringify!(cp_plan)),
        cp_plan_never: One = Expect::AnswerOf(stringify!(cp_plan)),
        cp_plan_not_known: One = Expect::AnswerOf(stringify!(cp_plan)),
        /// SARF line 12's additional concerns, each a box of its own.
        special_cse: One = Expect::AnswerOf(stringify!(special)),
        special_missing: One = Expect::AnswerOf(stringify!(special)),
        special_radicalisation: One = Expect::AnswerOf(stringify!(special)),
        special_fgm: One = Expect::AnswerOf(stringify!(special)),
    }
}

section! {
    /// Questions of the decision trees whose answers the code records in the decision's fields
    /// (the entry's JSON, read by `show` and the forms) or acts on.
    Decision {
        /// The designated person's decision: an outcome (choice; usually `answers_from = "outcomes"`).
        outcome: One = Expect::DecisionQuestion(Choice),
        /// The line manager's recommendation (choice).
        recommend: One = Expect::DecisionQuestion(Choice),
        reason: One = Expect::DecisionQuestion(Text),
        /// The keep-under-review action plan: each task becomes a duty (tasks).
        action_plan: One = Expect::DecisionQuestion(Tasks),
        consulted: One = Expect::DecisionQuestion(Text),
        advice: One = Expect::DecisionQuestion(Text),
        /// The parents' or carers' agreement to a child referral (Tree F).
        parents: One = Expect::DecisionQuestion(Choice),
        parents_told: One = Expect::DecisionQuestion(Text),
        parents_agreed_by: One = Expect::DecisionQuestion(Text),
        parents_reason: One = Expect::DecisionQuestion(Text),
        /// Online abuse: who at the police and children's social care agreed (003 §18.18).
        parents_police_agreed: One = Expect::DecisionQuestion(Text),
        capacity_evidence: One = Expect::DecisionQuestion(Text),
        best_interests: One = Expect::DecisionQuestion(Text),
        /// Who took a staff allegation's decision with the designated person (003 §9.4).
        decided_with: One = Expect::DecisionQuestion(Text),
    }
}

section! {
    /// Duty kinds the code starts, completes or lists by name.
    Duties {
        report_to_line_manager: One = Expect::Duty,
        dp_decision: One = Expect::Duty,
        /// Progress reviews (the morning screen's "no review date set"); a review completes them all.
        reviews: Many = Expect::Duty,
        /// The progress review a review of a child's concern plans next (its cadence).
        review: One = Expect::Duty,
        /// The progress review a review of an adult's concern plans next.
        review_adult: One = Expect::Duty,
        /// The alert form's countersignature (`safeguard sign`).
        countersign: Many = Expect::Duty,
        action_plan_task: One = Expect::Duty,
        escalation_record: One = Expect::Duty,
        phone_referral: One = Expect::Duty,
        /// The CCRF to the commissioning authority (004).
        ccrf: One = Expect::Duty,
    }
}

section! {
    /// Timeline events the code logs or reads by name (forms, `log`'s options).
    Events {
        note: One = Expect::Event,
        task_done: One = Expect::Event,
        escalation: One = Expect::Event,
        escalation_resolved: One = Expect::Event,
        line_manager_discussed: One = Expect::Event,
        phone_referral: One = Expect::Event,
        /// A child referral phoned to the emergency duty team out of hours (003 §6.38): the
        /// phone referral, on the forms, when it came first.
        edt_referred: One = Expect::Event,
        /// An adult referral made (SARF-Adults section 2's "reported to").
        adult_referral: One = Expect::Event,
        /// An adult referral phoned to the local authority's out-of-hours service (003 §1.18,
        /// §6.10): the adult referral, on the forms, when it came first.
        edt_referred_adult: One = Expect::Event,
        written_referral: One = Expect::Event,
        la_acknowledged: One = Expect::Event,
        la_chased: One = Expect::Event,
        ccrf_sent: One = Expect::Event,
        /// Logged on a concern when a linked concern is raised for it (`linked_to`).
        linked_concern: One = Expect::Event,
        /// The line manager agreed to the referral and reviewed and signed the SARF, so that it
        /// can go as the written referral (003 §6.33, §7.15); `export --profile referral` needs it.
        referral_signed_off: One = Expect::Event,
        /// Logged by `export` on each concern it exported with identifiers (DOMAIN.md §6.6):
        /// which profile, which forms and formats.
        exported: One = Expect::Event,
        /// The person who raised the concern agreed that a subject access copy may name them
        /// (003 §6.45, §7.16); without it `export --profile subject-access` withholds their name.
        reporter_agreed_named: One = Expect::Event,
        /// The designated person was told of the concern (SARF item 21, "date discussed with
        /// the DP").
        designated_person_told: One = Expect::Event,
        /// A mark on the body map (issue 17; 003 §6.34 items 5-6): `log` takes `--region`,
        /// `--side` and `--size` for it, and the forms draw it.
        body_mark: One = Expect::Event,
    }
}

section! {
    /// Outcomes with handling of their own.
    Outcomes {
        /// The outcomes that refer the concern to the local authority or another agency (SARF
        /// line 22: "has the DP directed a referral?").
        referrals: Many = Expect::Outcome,
        urgent_referral: One = Expect::Outcome,
        child_protection_referral: One = Expect::Outcome,
        keep_under_review: One = Expect::Outcome,
        area_for_improvement: One = Expect::Outcome,
        good_practice: One = Expect::Outcome,
    }
}

section! {
    /// Roles the code assigns or asks about.
    Roles {
        reporter: One = Expect::Role,
        line_manager: One = Expect::Role,
        designated_person: One = Expect::Role,
        /// Where a written referral goes: its `[contacts.ROLE]` email is the `.eml`'s To.
        local_authority: One = Expect::Role,
        /// Who reads an anonymous Code RED escalation (the sealed inbox's reader).
        code_red_manager: One = Expect::Role,
        /// Who may countersign (`sign`): any of these roles (issue 14).
        countersignatory: Many = Expect::Role,
        /// Who may add people to a store's roster and retire them (issue 14).
        roster_keepers: Many = Expect::Role,
        /// Who holds the chain head in sealed mode (`verify --seal-head`, issue 14): people of
        /// the service file with any of these roles (the Group Head), outside the service.
        head_holders: Many = Expect::Role,
        /// Who is told when a case is frozen for a practice review (003 §7.13: the Group Head
        /// and the managing director or head of service).
        practice_review_told: Many = Expect::Role,
    }
}

/// The policy's `[bindings]`.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Bindings {
    #[serde(default)]
    pub answers: Answers,
    #[serde(default)]
    pub choices: Choices,
    #[serde(default)]
    pub decision: Decision,
    #[serde(default)]
    pub duties: Duties,
    #[serde(default)]
    pub events: Events,
    #[serde(default)]
    pub outcomes: Outcomes,
    #[serde(default)]
    pub roles: Roles,
}

impl Bindings {
    /// Empty ids (`""` or `[]`, an overlay's way of unbinding) become "not bound".
    pub fn normalize(&mut self) {
        self.answers.normalize();
        self.choices.normalize();
        self.decision.normalize();
        self.duties.normalize();
        self.events.normalize();
        self.outcomes.normalize();
        self.roles.normalize();
    }

    /// Every binding given: `(section, name, id, what it must be)`.
    pub fn each(&self) -> Vec<(&'static str, &'static str, &str, Expect)> {
        let mut out = Vec::new();
        for (section, items) in self.sections() {
            for (name, ids, expect) in items {
                out.extend(ids.into_iter().map(|id| (section, name, id, expect)));
            }
        }
        out
    }

    /// The bindings this policy leaves out (`section.name`): things it does not have.
    pub fn missing(&self) -> Vec<String> {
        self.sections()
            .into_iter()
            .flat_map(|(s, items)| {
                items
                    .into_iter()
                    .filter(|(_, ids, _)| ids.is_empty())
                    .map(move |(n, _, _)| format!("{s}.{n}"))
            })
            .collect()
    }

    fn sections(&self) -> [(&'static str, Vec<Entry<'_>>); 7] {
        [
            ("answers", self.answers.each()),
            ("choices", self.choices.each()),
            ("decision", self.decision.each()),
            ("duties", self.duties.each()),
            ("events", self.events.each()),
            ("outcomes", self.outcomes.each()),
            ("roles", self.roles.each()),
        ]
    }
}

/// The problems with a policy's bindings: every bound id that does not exist or is not what
/// the code needs, naming the binding and the id.
pub fn problems(p: &Policy) -> Vec<String> {
    let mut out = Vec::new();
    for (section, name, id, expect) in p.bindings.each() {
        let fault = match expect {
            Expect::Question(want) => match p.node(id) {
                None => Some("no question has this id".to_owned()),
                Some(n) if n.kind != NodeType::Question => Some(format!("node {id:?} is not a question")),
                Some(n) if n.ask != Some(want) => Some(format!(
                    "the question asks for {}, but the code reads {}",
                    n.ask.map(AnswerType::word).unwrap_or("nothing"),
                    want.word()
                )),
                Some(_) => None,
            },
            Expect::DecisionQuestion(want) => match p.decision_node(id) {
                None => Some("no decision question has this id".to_owned()),
                Some(n) if n.kind != NodeType::Question => {
                    Some(format!("decision node {id:?} is not a question"))
                }
                Some(n) if n.ask != Some(want) => Some(format!(
                    "the question asks for {}, but the code reads {}",
                    n.ask.map(AnswerType::word).unwrap_or("nothing"),
                    want.word()
                )),
                Some(_) => None,
            },
            Expect::Duty => (!p.duties.contains_key(id)).then(|| "no duty has this id".to_owned()),
            Expect::Event => (!p.events.contains_key(id)).then(|| "no event has this id".to_owned()),
            Expect::Outcome => (!p.outcomes.contains_key(id)).then(|| "no outcome has this id".to_owned()),
            Expect::Role => (!p.roles.contains_key(id)).then(|| "no role has this id".to_owned()),
            Expect::AnswerOf(q) => {
                let bound = p
                    .bindings
                    .answers
                    .each()
                    .into_iter()
                    .find(|(n, _, _)| *n == q)
                    .and_then(|e| e.1.first().copied());
                match bound.and_then(|b| p.node(b)) {
                    None => Some(format!("answers.{q} is not bound to a question")),
                    Some(n) if n.choice(id).is_none() => {
                        Some(format!("question {:?} has no answer {id:?}", n.id))
                    }
                    Some(_) => None,
                }
            }
        };
        if let Some(f) = fault {
            out.push(format!(
                "bindings.{section}.{name} = {id:?}: {f} (the binding must name {}: rename it here too, or unbind it with \"\")",
                expect.words()
            ));
        }
    }
    out
}

/// Is `value` the bound id? (Never, when unbound.)
pub fn is(bound: &One, value: &str) -> bool {
    bound.as_deref() == Some(value)
}

/// Is `value` one of the bound ids?
pub fn any(bound: &Many, value: &str) -> bool {
    bound.iter().any(|b| b == value)
}
