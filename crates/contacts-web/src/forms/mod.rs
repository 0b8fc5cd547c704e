//! Wire forms and their conversion to and from the core's types.

pub mod contact;
