//! Unit tests of the check-worthiness model.
