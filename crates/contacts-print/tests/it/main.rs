//! The PDFs read back with lopdf: pages, the embedded font, the text.

mod pdf;
