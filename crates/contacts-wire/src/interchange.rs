//! What an import did.

use contacts_core::service as core;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A card an import refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ImportFailure {
    pub file: String,
    /// 1-based number of the card in its file.
    pub card: usize,
    pub line: usize,
    pub message: String,
}

impl From<&core::ImportFailure> for ImportFailure {
    fn from(f: &core::ImportFailure) -> ImportFailure {
        ImportFailure {
            file: f.file.clone(),
            card: f.card,
            line: f.line,
            message: f.message.clone(),
        }
    }
}

/// Warnings of one kind: how many, and the first three in full.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct WarningGroup {
    /// The message with quoted values and numbers left out.
    pub kind: String,
    pub count: usize,
    pub examples: Vec<String>,
}

impl From<&core::WarningGroup> for WarningGroup {
    fn from(g: &core::WarningGroup) -> WarningGroup {
        WarningGroup {
            kind: g.kind.clone(),
            count: g.count,
            examples: g.examples.clone(),
        }
    }
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ImportSummary {
    pub imported: usize,
    pub merged: usize,
    pub skipped: usize,
    /// The first 1000 refused cards.
    pub failed: Vec<ImportFailure>,
    /// Every refused card; `failed` lists the first 1000.
    pub refused: usize,
    /// Rows or cards holding nothing (blank CSV rows), passed over.
    pub empty: usize,
    /// Warnings grouped by kind, in the order each kind was first seen.
    pub warnings: Vec<WarningGroup>,
    /// Whether everything was rolled back.
    pub dry_run: bool,
}

impl From<&core::ImportSummary> for ImportSummary {
    fn from(s: &core::ImportSummary) -> ImportSummary {
        ImportSummary {
            imported: s.imported,
            merged: s.merged,
            skipped: s.skipped,
            failed: s.failed.iter().map(ImportFailure::from).collect(),
            refused: s.refused,
            empty: s.empty,
            warnings: s.warnings.iter().map(WarningGroup::from).collect(),
            dry_run: s.dry_run,
        }
    }
}
