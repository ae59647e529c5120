//! The audit behind `factdesk check --since REV`.
