//! Sending shared by the mailing pages and the API: one background sender per campaign,
//! and the dry run's ZIP of rendered messages.

use crate::AppState;
use axum::http::header;
use axum::response::IntoResponse;
use axum::response::Response;
use contacts_core::ids::CampaignId;
use contacts_core::service::Actor;
use contacts_core::service::CampaignInput;
use contacts_core::service::SendOptions;
use contacts_core::service::Service;
use contacts_core::store::Store;
use contacts_core::Error;
use std::collections::HashSet;
use std::io::Write;
use std::sync::Mutex;

/// Starts sending a campaign on a thread of its own, unless this process already is.
pub(crate) fn start_sending<S: Store + 'static>(
    state: &AppState<S>,
    actor: &Actor,
    id: CampaignId,
) {
    {
        let mut guard = RUNNING.lock().unwrap_or_else(|e| e.into_inner());
        if !guard.get_or_insert_with(HashSet::new).insert(id.0) {
            return;
        }
    }
    let state = state.clone();
    let actor = actor.clone();
    std::thread::spawn(move || {
        let svc = state.service();
        let result = svc.smtp_settings().and_then(|settings| {
            let mut smtp = contacts_mail::SmtpSender::from_env(settings);
            let r = svc.send_campaign(&actor, id, &mut smtp, &SendOptions::default(), &mut |_| {});
            smtp.close();
            r
        });
        if let Err(e) = result {
            tracing::warn!("campaign {id} did not run: {e}");
        }
        let mut guard = RUNNING.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(set) = guard.as_mut() {
            set.remove(&id.0);
        }
    });
}

/// A dry run as a zip of .eml files (stored, not compressed: small text files).
pub(crate) fn dry_run_zip<S: Store>(
    svc: &Service<S>,
    actor: &Actor,
    input: &CampaignInput,
) -> Result<Vec<u8>, Error> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut n = 0usize;
    let zip_err =
        |e: zip::result::ZipError| Error::Backend(format!("cannot write the zip: {e}").into());
    svc.mail_dry_run(actor, input, &mut |_, msg| {
        n += 1;
        let bytes = contacts_mail::eml(msg).map_err(|e| Error::invalid("message", e))?;
        zip.start_file(contacts_mail::eml_name(n, msg), options)
            .map_err(zip_err)?;
        zip.write_all(&bytes)
            .map_err(|e| Error::Backend(format!("cannot write the zip: {e}").into()))?;
        Ok(())
    })?;
    let cursor = zip.finish().map_err(zip_err)?;
    Ok(cursor.into_inner())
}

pub(crate) fn zip_response(bytes: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/zip"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"dry-run.zip\"",
            ),
        ],
        bytes,
    )
        .into_response()
}

/// Campaigns being sent by this process (one sender per campaign).
pub(crate) static RUNNING: Mutex<Option<HashSet<i64>>> = Mutex::new(None);

pub(crate) fn running(id: CampaignId) -> bool {
    RUNNING
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .as_ref()
        .is_some_and(|s| s.contains(&id.0))
}
