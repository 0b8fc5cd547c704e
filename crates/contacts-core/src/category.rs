//! The ten predefined categories of a private book. Keys are stable; each user may rename
//! the labels; each category has its own icon.

use crate::error::{Error, Result};

/// A predefined private category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CategoryKey {
    Home,
    Personal,
    Friends,
    Family,
    Work,
    Clients,
    Suppliers,
    Candidates,
    Vip,
    Other,
}

impl CategoryKey {
    pub const ALL: [CategoryKey; 10] = [
        CategoryKey::Home,
        CategoryKey::Personal,
        CategoryKey::Friends,
        CategoryKey::Family,
        CategoryKey::Work,
        CategoryKey::Clients,
        CategoryKey::Suppliers,
        CategoryKey::Candidates,
        CategoryKey::Vip,
        CategoryKey::Other,
    ];

    /// The stable key used in files, URLs and the CLI.
    pub fn key(self) -> &'static str {
        match self {
            CategoryKey::Home => "home",
            CategoryKey::Personal => "personal",
            CategoryKey::Friends => "friends",
            CategoryKey::Family => "family",
            CategoryKey::Work => "work",
            CategoryKey::Clients => "clients",
            CategoryKey::Suppliers => "suppliers",
            CategoryKey::Candidates => "candidates",
            CategoryKey::Vip => "vip",
            CategoryKey::Other => "other",
        }
    }

    /// The icon lists show next to the contact.
    pub fn icon(self) -> &'static str {
        match self {
            CategoryKey::Home => "🏠",
            CategoryKey::Personal => "👤",
            CategoryKey::Friends => "🍻",
            CategoryKey::Family => "👪",
            CategoryKey::Work => "💼",
            CategoryKey::Clients => "🤝",
            CategoryKey::Suppliers => "📦",
            CategoryKey::Candidates => "📄",
            CategoryKey::Vip => "⭐",
            CategoryKey::Other => "📁",
        }
    }

    /// The label a user sees until they rename it.
    pub fn default_label(self) -> &'static str {
        match self {
            CategoryKey::Home => "Home",
            CategoryKey::Personal => "Personal",
            CategoryKey::Friends => "Friends",
            CategoryKey::Family => "Family",
            CategoryKey::Work => "Work",
            CategoryKey::Clients => "Key clients",
            CategoryKey::Suppliers => "Suppliers",
            CategoryKey::Candidates => "Job candidates",
            CategoryKey::Vip => "VIP",
            CategoryKey::Other => "Other",
        }
    }

    pub fn parse(key: &str) -> Result<CategoryKey> {
        let k = key.trim().to_ascii_lowercase();
        CategoryKey::ALL
            .into_iter()
            .find(|c| c.key() == k)
            .ok_or_else(|| {
                let keys: Vec<&str> = CategoryKey::ALL.iter().map(|c| c.key()).collect();
                Error::invalid(
                    "category",
                    format!("unknown category '{key}' (known: {})", keys.join(", ")),
                )
            })
    }
}

/// A category as one user sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Category {
    pub key: CategoryKey,
    pub label: String,
    pub icon: &'static str,
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn keys_round_trip_and_icons_are_distinct() {
        for c in CategoryKey::ALL {
            assert_eq!(CategoryKey::parse(c.key()).ok(), Some(c));
        }
        let icons: HashSet<_> = CategoryKey::ALL.iter().map(|c| c.icon()).collect();
        assert_eq!(icons.len(), 10);
        assert!(CategoryKey::parse("pets").is_err());
    }
}
