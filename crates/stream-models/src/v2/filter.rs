//! The operators of v2 query filters (users, calls, call members, participants), shared by the
//! client, which refuses others before sending, and the emulator, which answers others with the
//! service's 400.

/// The operators a v2 query filter may apply to a field (`{"role": {"$in": ["admin"]}}`).
pub const FILTER_OPERATORS: &[&str] = &[
    "$eq",
    "$ne",
    "$in",
    "$nin",
    "$gt",
    "$gte",
    "$lt",
    "$lte",
    "$exists",
    "$contains",
    "$autocomplete",
    "$q",
];

/// The operators that combine v2 query filters (`{"$or": [{...}, {...}]}`).
pub const LOGICAL_FILTER_OPERATORS: &[&str] = &["$and", "$or", "$nor"];
