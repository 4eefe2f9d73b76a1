//! A share count as written: a count typed in whole (`10500`, `"41.7"`), or
//! the sum of counts the period prints by name, with the printed total
//! where the release prints one:
//! `{ sum = ["basic", "op_units"], total = 10500 }`.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, IntoDeserializer, MapAccess, Visitor};
use toml::Spanned;

use super::RawAmount;

/// A share count: typed in whole, or a sum of named counts.
#[derive(Debug, Clone)]
pub enum RawCount {
    /// The count as printed.
    Stated(RawAmount),
    /// The sum of counts the period prints, by name.
    Sum(RawCountSum),
}

/// A count that is the sum of others the period prints: `basic`, `diluted`,
/// `non_gaap_basic` and `non_gaap_diluted` name `[period.shares]`, any other
/// name a count of `[period.counts]`.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawCountSum {
    /// The counts added, by name, as the release lists them: `basic`,
    /// `diluted`, `non_gaap_basic`, `non_gaap_diluted` (of
    /// `[period.shares]`) or a count of `[period.counts]`.
    #[schemars(with = "Vec<String>")]
    pub sum: Spanned<Vec<Spanned<String>>>,
    /// The total as the release prints it, where it does: the count used,
    /// and the tie-out checks that the named counts add up to it within
    /// their rounding. Absent: the sum is the count.
    #[schemars(with = "Option<RawAmount>")]
    pub total: Option<Spanned<RawAmount>>,
}

impl<'de> Deserialize<'de> for RawCount {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct CountVisitor;
        impl<'de> Visitor<'de> for CountVisitor {
            type Value = RawCount;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(
                    "a count: an integer such as 10500, a quoted decimal such as \"41.7\", or a sum of named counts such as { sum = [\"basic\", \"op_units\"] }",
                )
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawCount, E> {
                RawAmount::deserialize(v.into_deserializer()).map(RawCount::Stated)
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawCount, E> {
                RawAmount::deserialize(v.into_deserializer()).map(RawCount::Stated)
            }

            fn visit_i128<E: de::Error>(self, v: i128) -> Result<RawCount, E> {
                RawAmount::deserialize(v.into_deserializer()).map(RawCount::Stated)
            }

            fn visit_u128<E: de::Error>(self, v: u128) -> Result<RawCount, E> {
                RawAmount::deserialize(v.into_deserializer()).map(RawCount::Stated)
            }

            fn visit_f64<E: de::Error>(self, v: f64) -> Result<RawCount, E> {
                RawAmount::deserialize(v.into_deserializer()).map(RawCount::Stated)
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawCount, E> {
                RawAmount::deserialize(v.into_deserializer()).map(RawCount::Stated)
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawCount, A::Error> {
                RawCountSum::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(RawCount::Sum)
            }
        }
        deserializer.deserialize_any(CountVisitor)
    }
}

/// In a JSON Schema: an amount, or a sum of named counts.
impl schemars::JsonSchema for RawCount {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Count".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let amount = generator.subschema_for::<RawAmount>();
        let sum = generator.subschema_for::<RawCountSum>();
        schemars::json_schema!({
            "description": "A share count: as printed (10500, or \"41.7\"), or the sum of counts the period prints, by name: { sum = [\"basic\", \"op_units\"] }, with total = <the printed total> where the release prints one. `basic`, `diluted`, `non_gaap_basic` and `non_gaap_diluted` name [period.shares]; other names, [period.counts].",
            "anyOf": [amount, sum]
        })
    }
}

/// A declared measure's `per_share`: `true` (per diluted share, as it
/// always meant), `false`, or the bases it is reconciled on, as the release
/// prints them: `["basic", "diluted"]`.
#[derive(Debug, Clone)]
pub enum RawPerShare {
    /// `true`: per diluted share; `false`: not per share.
    Flag(bool),
    /// The bases, each as written.
    Bases(Vec<Spanned<super::EpsBasis>>),
}

impl<'de> Deserialize<'de> for RawPerShare {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PerShareVisitor;
        impl<'de> Visitor<'de> for PerShareVisitor {
            type Value = RawPerShare;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(
                    "true (per diluted share), or the bases the release prints, such as [\"basic\", \"diluted\"]",
                )
            }

            fn visit_bool<E: de::Error>(self, v: bool) -> Result<RawPerShare, E> {
                Ok(RawPerShare::Flag(v))
            }

            fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<RawPerShare, A::Error> {
                Vec::<Spanned<super::EpsBasis>>::deserialize(de::value::SeqAccessDeserializer::new(
                    seq,
                ))
                .map(RawPerShare::Bases)
            }
        }
        deserializer.deserialize_any(PerShareVisitor)
    }
}

/// In a JSON Schema: `true`, or a list of `basic` and `diluted`.
impl schemars::JsonSchema for RawPerShare {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "PerShare".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let basis = generator.subschema_for::<super::EpsBasis>();
        schemars::json_schema!({
            "description": "Reconcile the measure per share as well: true for per diluted share, or the bases the release prints it on, [\"basic\", \"diluted\"] (each once). Refused for a liquidity measure (C&DI 102.05).",
            "anyOf": [
                { "type": "boolean", "description": "true: per diluted share; false: not per share." },
                { "type": "array", "items": basis, "minItems": 1, "uniqueItems": true, "description": "The bases, as the release prints them: basic, diluted or both." }
            ]
        })
    }
}
