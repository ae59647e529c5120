//! The fast path for a claim that parses straight into its type (the common
//! case): the checks the schema walk would make on such a record — empty
//! required text, ids, hidden characters written as escapes, values another
//! YAML reader would misread — made on the typed claim without building an
//! untyped tree. A test holds both paths to the same findings.
//!
//! Nothing here names a field: the typed claim is serialized through a
//! visitor that follows the model's field table (`model::fields::CLAIM`)
//! alongside, so every value is judged by its declared kind and required
//! flag, and a field added to the model is checked here with no edit.

use super::locate::{FieldPath, Locator, Seg, Target};
use super::schema::{text_problems, Field, Kind, Problem, CLAIM};
use crate::diag::Code;
use crate::model::Claim;
use serde::ser::{self, Impossible, Serialize};

/// Problems of a typed claim's values, as the schema walk finds them.
pub fn claim_problems(c: &Claim, raw: &Locator) -> Vec<Problem> {
    static TOP: Kind = Kind::Object(CLAIM);
    let mut w = Walk {
        raw,
        out: Vec::new(),
        path: Vec::new(),
        slots: vec![Slot {
            kind: Some(&TOP),
            required: true,
            next: 0,
        }],
    };
    // The walk itself never fails; an error could only come from a
    // serializer of the model's types, and would end the walk early.
    let _ = c.serialize(&mut w);
    w.out
}

/// What the table says of the value being serialized.
#[derive(Clone, Copy)]
struct Slot {
    /// `None` for a value the table does not declare (tests keep it from happening).
    kind: Option<&'static Kind>,
    required: bool,
    /// For an object: where in its field table to look for the next key
    /// first (fields serialize in the table's order).
    next: usize,
}

struct Walk<'r, 't> {
    raw: &'r Locator<'t>,
    out: Vec<Problem>,
    /// The path to the value: a key, or an index in a list.
    path: Vec<(Option<&'static str>, usize)>,
    slots: Vec<Slot>,
}

impl Walk<'_, '_> {
    fn slot(&self) -> Slot {
        self.slots.last().copied().unwrap_or(Slot {
            kind: None,
            required: false,
            next: 0,
        })
    }

    fn here(&self) -> FieldPath {
        FieldPath(
            self.path
                .iter()
                .map(|(k, i)| match k {
                    Some(k) => Seg::Key((*k).to_string()),
                    None => Seg::Index(*i),
                })
                .collect(),
        )
    }

    fn push(&mut self, code: Code, message: String, hint: &str) {
        let path = self.here();
        self.out.push(Problem {
            code,
            path,
            target: Target::Value,
            message,
            hint: Some(hint.into()),
        });
    }

    /// A text value: hidden characters, other readings, empty required text.
    fn text(&mut self, s: &str, required: bool) {
        // What `text_problems` and the emptiness rule look for, asked first
        // without building the value's path (most values have none of it).
        let empty = required && s.trim().is_empty();
        if !empty
            && crate::store::yaml12::other_reading(s).is_none()
            && crate::model::hygiene::hidden_chars(s).is_empty()
        {
            return;
        }
        let p = self.here();
        text_problems(self.raw, s, &p, &mut self.out);
        if empty {
            self.push(
                Code::EmptyField,
                format!("`{p}` cannot be empty"),
                "fill it in",
            );
        }
    }

    /// Enters the value of `key` of an object whose fields are `fields`.
    fn enter_key(&mut self, key: &'static str) {
        let mut field: Option<&'static Field> = None;
        if let Some(parent) = self.slots.last_mut() {
            if let Some(Kind::Object(fields) | Kind::TextOr(fields)) = parent.kind {
                let from = parent.next.min(fields.len());
                let (earlier, rest) = fields.split_at(from);
                let found = rest
                    .iter()
                    .position(|f| f.name == key)
                    .map(|i| from + i)
                    .or_else(|| earlier.iter().position(|f| f.name == key));
                if let Some(i) = found {
                    parent.next = i + 1;
                    field = Some(&fields[i]);
                }
            }
        }
        self.path.push((Some(key), 0));
        self.slots.push(Slot {
            kind: field.map(|f| &f.kind),
            required: field.is_some_and(|f| f.required),
            next: 0,
        });
    }

    /// Enters item `i` of a list.
    fn enter_item(&mut self, i: usize, list: Slot) {
        let item = match list.kind {
            Some(Kind::List(item)) => Some(*item),
            _ => None,
        };
        self.path.push((None, i));
        self.slots.push(Slot {
            kind: item,
            required: false,
            next: 0,
        });
    }

    fn leave(&mut self) {
        self.path.pop();
        self.slots.pop();
    }
}

/// The walk stops only when a model type's serializer fails.
#[derive(Debug)]
struct Stop;

impl std::fmt::Display for Stop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the record could not be walked")
    }
}

impl std::error::Error for Stop {}

impl ser::Error for Stop {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Stop
    }
}

type Done = Result<(), Stop>;

/// Serializes `v` as one value of a sequence whose own slot is `list`.
struct Seq<'w, 'r, 't> {
    walk: &'w mut Walk<'r, 't>,
    list: Slot,
    next: usize,
}

impl Seq<'_, '_, '_> {
    fn item<T: ?Sized + Serialize>(&mut self, v: &T) -> Done {
        self.walk.enter_item(self.next, self.list);
        self.next += 1;
        let r = v.serialize(&mut *self.walk);
        self.walk.leave();
        r
    }
}

macro_rules! ignore_scalars {
    ($($f:ident: $t:ty),*) => {
        $(fn $f(self, _: $t) -> Done { Ok(()) })*
    };
}

impl<'w, 'r, 't> ser::Serializer for &'w mut Walk<'r, 't> {
    type Ok = ();
    type Error = Stop;
    type SerializeSeq = Seq<'w, 'r, 't>;
    type SerializeTuple = Seq<'w, 'r, 't>;
    type SerializeTupleStruct = Seq<'w, 'r, 't>;
    type SerializeTupleVariant = Seq<'w, 'r, 't>;
    type SerializeMap = Impossible<(), Stop>;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    ignore_scalars!(serialize_bool: bool, serialize_i8: i8, serialize_i16: i16,
        serialize_i32: i32, serialize_i64: i64, serialize_u8: u8, serialize_u16: u16,
        serialize_u32: u32, serialize_u64: u64, serialize_f32: f32, serialize_char: char,
        serialize_bytes: &[u8]);

    fn serialize_f64(self, v: f64) -> Done {
        if matches!(self.slot().kind, Some(Kind::Score)) && !v.is_finite() {
            let p = self.here();
            self.push(
                Code::WrongType,
                format!("`{p}` must be a number, not empty (null)"),
                "see docs/record-format.md for the field's type",
            );
        }
        Ok(())
    }

    fn serialize_str(self, s: &str) -> Done {
        let slot = self.slot();
        match slot.kind {
            Some(Kind::Id) => {
                self.text(s, slot.required);
                if let Some(e) = crate::model::id::validate_id(s)
                    .err()
                    .filter(|_| !s.trim().is_empty())
                {
                    let p = self.here();
                    self.push(
                        Code::InvalidId,
                        format!("`{p}` is not a valid id: {e}"),
                        "ids are 1-64 characters of a-z, 0-9 and '-'",
                    );
                }
            }
            Some(k) if k.is_text() => self.text(s, slot.required),
            Some(Kind::TextOr(_)) => self.text(s, slot.required),
            _ => {}
        }
        Ok(())
    }

    fn serialize_none(self) -> Done {
        Ok(())
    }

    fn serialize_some<T: ?Sized + Serialize>(self, v: &T) -> Done {
        v.serialize(self)
    }

    fn serialize_unit(self) -> Done {
        Ok(())
    }

    fn serialize_unit_struct(self, _: &'static str) -> Done {
        Ok(())
    }

    fn serialize_unit_variant(self, _: &'static str, _: u32, _: &'static str) -> Done {
        Ok(())
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(self, _: &'static str, v: &T) -> Done {
        v.serialize(self)
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        v: &T,
    ) -> Done {
        v.serialize(self)
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Stop> {
        let list = self.slot();
        Ok(Seq {
            walk: self,
            list,
            next: 0,
        })
    }

    fn serialize_tuple(self, len: usize) -> Result<Self::SerializeTuple, Stop> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(
        self,
        _: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleStruct, Stop> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleVariant, Stop> {
        self.serialize_seq(Some(len))
    }

    /// No model type serializes as a map with keys of its own.
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Stop> {
        Err(Stop)
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, Stop> {
        Ok(self)
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self, Stop> {
        Ok(self)
    }
}

impl ser::SerializeStruct for &mut Walk<'_, '_> {
    type Ok = ();
    type Error = Stop;

    fn serialize_field<T: ?Sized + Serialize>(&mut self, key: &'static str, v: &T) -> Done {
        self.enter_key(key);
        let r = v.serialize(&mut **self);
        self.leave();
        r
    }

    fn end(self) -> Done {
        Ok(())
    }
}

impl ser::SerializeStructVariant for &mut Walk<'_, '_> {
    type Ok = ();
    type Error = Stop;

    fn serialize_field<T: ?Sized + Serialize>(&mut self, key: &'static str, v: &T) -> Done {
        ser::SerializeStruct::serialize_field(self, key, v)
    }

    fn end(self) -> Done {
        Ok(())
    }
}

macro_rules! seq_like {
    ($($t:ident :: $f:ident),*) => {$(
        impl ser::$t for Seq<'_, '_, '_> {
            type Ok = ();
            type Error = Stop;

            fn $f<T: ?Sized + Serialize>(&mut self, v: &T) -> Done {
                self.item(v)
            }

            fn end(self) -> Done {
                Ok(())
            }
        }
    )*};
}

seq_like!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);
