//! Who may change each field of a claim, declared on the field itself
//! (`Field::change`) so every command reads one answer: `factdesk edit`
//! refuses what only a step may write, `Claim::changed_fields` leaves the
//! ledgers to their entry-by-entry comparison, and the audit judges a
//! published claim's change by what the field allows once published.

/// Who may change a claim's field, before and after publication: what
/// `factdesk edit` refuses, what `Claim::changed_fields` compares, and what
/// the audit allows of a published claim all read it from here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Any edit; once published, an `edited` history entry names the change.
    Edit,
    /// Any edit until publication; then only a public correction.
    Correction,
    /// Any edit until publication; then never (another statement is a new claim).
    Frozen,
    /// Never: the record's identity.
    Never,
    /// Only this step writes it.
    Step(Step),
    /// An append-only ledger only this step adds to; compared entry by
    /// entry, not as a field.
    Ledger(Step),
}

/// The steps that own a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// The workflow steps (research, submit, review, publish, discard).
    Workflow,
    /// Rating (`rate`; a correction once published).
    Rate,
    /// A reviewer's decision.
    Review,
    /// A public correction.
    Correct,
    /// Every step: each writes the entry that explains it.
    Every,
}

/// What may happen to a field once its claim is published.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OncePublished {
    /// It may change, recorded by an `edited` history entry naming it.
    Recorded,
    /// It changes only with a public correction that records the old value.
    Corrected,
    /// It never changes.
    Frozen,
    /// Entries are added, never changed or removed.
    Appended,
}

impl Change {
    /// What may happen to the field once its claim is published.
    pub fn once_published(self) -> OncePublished {
        match self {
            Change::Edit => OncePublished::Recorded,
            Change::Correction | Change::Step(Step::Rate) => OncePublished::Corrected,
            Change::Frozen | Change::Never | Change::Step(_) => OncePublished::Frozen,
            Change::Ledger(_) => OncePublished::Appended,
        }
    }

    /// Whether a hand edit (`factdesk edit`) may change the field of a
    /// claim that is `published` or not; the step that may, when not.
    pub fn by_hand(self, published: bool) -> Result<(), Owner> {
        match self {
            Change::Edit => Ok(()),
            Change::Correction | Change::Frozen if !published => Ok(()),
            Change::Correction => Err(Owner::Step(Step::Correct)),
            Change::Frozen | Change::Never => Err(Owner::Nobody),
            Change::Step(s) | Change::Ledger(s) => Err(Owner::Step(s)),
        }
    }
}

/// Who may change a field a hand edit may not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    /// Nobody: a different value is a different claim.
    Nobody,
    Step(Step),
}

#[cfg(test)]
mod tests;
