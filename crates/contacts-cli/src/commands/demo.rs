//! `contacts demo`: realistic made-up contacts in the business book.

use contacts_core::store::Store;

use super::Ctx;
use crate::cli::DemoArgs;
use crate::error::Result;

pub fn run<S: Store>(_ctx: &mut Ctx<'_, S>, _args: DemoArgs) -> Result<()> {
    Ok(())
}
