//! Multipart uploads: a file (with its name and type) and the form fields sent with it,
//! each within its route's limit.

use crate::error::AppError;
use axum::extract::Multipart;
use axum::http::StatusCode;
use std::collections::HashMap;

/// One uploaded file and the text fields beside it.
pub(crate) struct Upload {
    pub name: String,
    pub media_type: String,
    pub bytes: Vec<u8>,
    pub text: HashMap<String, String>,
}

pub(crate) async fn read_upload(mp: Multipart, file_field: &str) -> Result<Upload, AppError> {
    let up = read_form(mp, file_field).await?;
    if up.bytes.is_empty() {
        return Err(AppError::invalid("file", msg!("error.no_file")));
    }
    Ok(up)
}

/// The multipart form as it came, the file possibly empty (the caller says so in the page).
pub(crate) async fn read_form(mut mp: Multipart, file_field: &str) -> Result<Upload, AppError> {
    let mut up = Upload {
        name: String::new(),
        media_type: String::new(),
        bytes: Vec::new(),
        text: HashMap::new(),
    };
    let bad = |_| AppError::Status(StatusCode::BAD_REQUEST);
    while let Some(field) = mp.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or("").to_string();
        if name == file_field {
            up.name = field.file_name().unwrap_or("").to_string();
            up.media_type = field
                .content_type()
                .unwrap_or("application/octet-stream")
                .to_string();
            up.bytes = field.bytes().await.map_err(bad)?.to_vec();
        } else {
            let v = field.text().await.map_err(bad)?;
            up.text.insert(name, v);
        }
    }
    Ok(up)
}
