//! Every route of the web UI and the JSON API, in one place. Handlers live in
//! [`crate::pages`], [`crate::api`] and [`crate::session`]; a route is added here and
//! nowhere else, so this file is the map of what the server answers.

use axum::routing::{delete, get, post, put};
use axum::Router;
use contacts_core::store::Store;

use crate::paths::{self, TypedPath};
use crate::{api, assets, pages, session, AppState};

/// The pages of the web UI (server-rendered HTML, forms behind the CSRF guard).
pub fn pages<S: Store + 'static>() -> Router<AppState<S>> {
    Router::new()
        // An unknown address: a "not found" page in the page's language (the fallback runs
        // behind the same layers as the routes), or the API's JSON error under /api/.
        .fallback(crate::error::not_found)
        // Sign-in and set-up
        .route(
            "/login",
            get(pages::sign_in::login_page::<S>).post(pages::sign_in::login::<S>),
        )
        .route("/logout", post(pages::sign_in::logout::<S>))
        .route(
            paths::Setup::PATH,
            get(pages::sign_in::setup_page::<S>).post(pages::sign_in::setup::<S>),
        )
        // Password links and account notices
        .route(
            paths::Password::PATH,
            get(pages::account::link_page::<S>).post(pages::account::complete::<S>),
        )
        .route(
            session::auth::NOTICES_PATH,
            get(pages::account::notices::<S>).post(pages::account::acknowledge::<S>),
        )
        // Home
        .route("/", get(pages::home::home::<S>))
        // Trash
        .route("/trash", get(pages::trash::page::<S>))
        .route("/trash/empty", post(pages::trash::empty::<S>))
        .route(paths::TrashRestore::PATH, post(pages::trash::restore::<S>))
        .route(paths::TrashPurge::PATH, post(pages::trash::purge::<S>))
        // Contacts, photos, attachments
        .route(
            paths::Contacts::PATH,
            get(pages::contacts::list::<S>).post(pages::contacts::create::<S>),
        )
        .route(
            "/contacts/search",
            get(pages::contacts::search_fragment::<S>),
        )
        .route(paths::ContactNew::PATH, get(pages::contacts::new_form::<S>))
        .route(
            paths::Contact::PATH,
            get(pages::contacts::view::<S>).post(pages::contacts::update::<S>),
        )
        .route(
            paths::ContactEdit::PATH,
            get(pages::contacts::edit_form::<S>),
        )
        .route(
            paths::ContactDelete::PATH,
            get(pages::contacts::delete_page::<S>).post(pages::contacts::delete::<S>),
        )
        .route(
            paths::ContactCopy::PATH,
            get(pages::contacts::copy_page::<S>).post(pages::contacts::copy::<S>),
        )
        .route(
            paths::ContactPhoto::PATH,
            get(pages::contacts::photo::<S>).post(pages::contacts::upload_photo::<S>),
        )
        .route(
            paths::ContactPhotoDelete::PATH,
            get(pages::contacts::delete_photo_page::<S>).post(pages::contacts::delete_photo::<S>),
        )
        .route(
            paths::ContactAttachments::PATH,
            post(pages::contacts::upload_attachment::<S>),
        )
        .route(paths::Attachment::PATH, get(pages::contacts::download::<S>))
        .route(
            paths::AttachmentDelete::PATH,
            get(pages::contacts::delete_attachment_page::<S>)
                .post(pages::contacts::delete_attachment::<S>),
        )
        // Import and export
        .route(
            paths::ContactsImport::PATH,
            get(pages::interchange::import_form).post(pages::interchange::import::<S>),
        )
        .route(
            paths::ContactsExport::PATH,
            get(pages::interchange::export::<S>),
        )
        // Settings and users
        .route("/settings", get(pages::settings::overview::<S>))
        .route("/settings/language", post(pages::settings::set_language))
        .route(
            "/settings/installation",
            post(pages::settings::set_installation_language::<S>),
        )
        .route(
            "/settings/password",
            post(pages::settings::change_password::<S>),
        )
        .route("/settings/token", post(pages::settings::new_token::<S>))
        .route(
            paths::SettingsTokenRevoke::PATH,
            post(pages::settings::revoke_token::<S>),
        )
        .route("/settings/feed", post(pages::settings::new_feed_link::<S>))
        .route(
            "/settings/feed/revoke",
            post(pages::settings::revoke_feed_link::<S>),
        )
        .route(
            "/settings/categories",
            get(pages::settings::categories::<S>).post(pages::settings::rename_category::<S>),
        )
        .route(paths::SettingsList::PATH, get(pages::settings::labels::<S>))
        .route(
            paths::SettingsListAdd::PATH,
            post(pages::settings::add_label::<S>),
        )
        .route(
            paths::SettingsListRename::PATH,
            post(pages::settings::rename_label::<S>),
        )
        .route(
            paths::SettingsListRemove::PATH,
            post(pages::settings::remove_label::<S>),
        )
        .route("/settings/fields", get(pages::settings::fields::<S>))
        .route(
            "/settings/fields/add",
            post(pages::settings::add_field::<S>),
        )
        .route(
            "/settings/fields/rename",
            post(pages::settings::rename_field::<S>),
        )
        .route(
            "/settings/fields/remove",
            post(pages::settings::remove_field::<S>),
        )
        .route("/settings/users", get(pages::settings::users::<S>))
        .route("/settings/users/add", post(pages::settings::add_user::<S>))
        .route(
            paths::SettingsUserDisable::PATH,
            post(pages::settings::disable_user::<S>),
        )
        .route(
            paths::SettingsUserEnable::PATH,
            post(pages::settings::enable_user::<S>),
        )
        .route(
            paths::SettingsUserReset::PATH,
            post(pages::settings::reset_user::<S>),
        )
        // Dates: agenda, occasions, reminders, history
        .route(paths::Agenda::PATH, get(pages::dates::agenda::<S>))
        .route("/upcoming", get(pages::dates::upcoming::<S>))
        .route(paths::Namedays::PATH, get(pages::dates::namedays::<S>))
        .route("/reminders", get(pages::dates::reminders::<S>))
        .route(paths::ReminderTake::PATH, post(pages::dates::take::<S>))
        .route(paths::ReminderDone::PATH, post(pages::dates::done::<S>))
        .route(
            paths::ContactReminders::PATH,
            post(pages::dates::remind::<S>),
        )
        .route(
            paths::ContactHistory::PATH,
            post(pages::dates::add_history::<S>),
        )
        .route(
            paths::ContactNameday::PATH,
            post(pages::dates::pick_nameday::<S>),
        )
        .route(
            paths::HistoryFile::PATH,
            get(pages::dates::history_file::<S>),
        )
        .route(
            paths::HistoryEdit::PATH,
            get(pages::dates::edit_history_form::<S>).post(pages::dates::update_history::<S>),
        )
        .route("/calendar.ics", get(pages::dates::ics::<S>))
        // Cases
        .route(
            paths::Cases::PATH,
            get(pages::cases::list::<S>).post(pages::cases::create::<S>),
        )
        .route(paths::CaseNew::PATH, get(pages::cases::new_form::<S>))
        .route(
            paths::Case::PATH,
            get(pages::cases::view::<S>).post(pages::cases::update::<S>),
        )
        .route(paths::CaseEdit::PATH, get(pages::cases::edit_form::<S>))
        .route(
            paths::CaseDetailRemove::PATH,
            get(pages::case_edit::remove_detail_page::<S>).post(pages::cases::remove_detail::<S>),
        )
        .route(paths::CaseItems::PATH, post(pages::cases::add_item::<S>))
        .route(
            paths::CaseItemRemove::PATH,
            get(pages::case_edit::remove_item_page::<S>).post(pages::cases::remove_item::<S>),
        )
        .route(paths::CaseNotes::PATH, post(pages::cases::add_note::<S>))
        .route(
            paths::CaseDocuments::PATH,
            post(pages::cases::add_document::<S>),
        )
        .route(paths::CaseFiles::PATH, post(pages::cases::add_file::<S>))
        .route(
            paths::CaseClose::PATH,
            get(pages::cases::close_page::<S>).post(pages::cases::close::<S>),
        )
        .route(paths::CaseReopen::PATH, post(pages::cases::reopen::<S>))
        .route(paths::CaseFile::PATH, get(pages::cases::download::<S>))
        .route("/reports", get(pages::cases::reports::<S>))
        // Case kinds, numbers, items, details, tasks
        .route("/settings/case-kinds", get(pages::case_edit::kinds::<S>))
        .route(
            "/settings/case-kinds/add",
            post(pages::case_edit::add_kind::<S>),
        )
        .route(
            "/settings/case-number-pattern",
            post(pages::case_edit::set_pattern::<S>),
        )
        .route(
            paths::SettingsCaseKindRename::PATH,
            post(pages::case_edit::rename_kind::<S>),
        )
        .route(
            paths::SettingsCaseKindRemove::PATH,
            post(pages::case_edit::remove_kind::<S>),
        )
        .route(
            paths::CaseItem::PATH,
            get(pages::case_edit::item_form::<S>).post(pages::case_edit::save_item::<S>),
        )
        .route(
            paths::CaseDetail::PATH,
            get(pages::case_edit::detail_form::<S>).post(pages::case_edit::save_detail::<S>),
        )
        .route(
            paths::CaseDetailContent::PATH,
            post(pages::case_edit::replace_file::<S>),
        )
        .route(
            paths::CaseReminders::PATH,
            post(pages::case_edit::add_task::<S>),
        )
        // Account managers and takeover
        .route(
            paths::ContactManager::PATH,
            post(pages::workflows::set_manager::<S>),
        )
        .route(
            "/contacts/managers",
            post(pages::contacts::set_managers::<S>),
        )
        .route(
            "/settings/takeover",
            get(pages::workflows::takeover_page::<S>).post(pages::workflows::takeover::<S>),
        )
        // Meetings and occasion alerts
        .route(
            "/meetings",
            get(pages::meetings::list::<S>).post(pages::meetings::create::<S>),
        )
        .route(paths::MeetingNew::PATH, get(pages::meetings::new_form::<S>))
        .route(
            paths::Meeting::PATH,
            get(pages::meetings::edit_form::<S>).post(pages::meetings::update::<S>),
        )
        .route(
            paths::MeetingDelete::PATH,
            post(pages::meetings::remove::<S>),
        )
        .route(
            paths::ContactAlerts::PATH,
            post(pages::meetings::set_alerts::<S>),
        )
        // Duplicates
        .route(paths::Duplicates::PATH, get(pages::duplicates::list::<S>))
        .route(
            paths::DuplicatesCompare::PATH,
            get(pages::duplicates::compare::<S>),
        )
        .route("/duplicates/merge", post(pages::duplicates::merge::<S>))
        .route(
            paths::ContactUnmerge::PATH,
            post(pages::duplicates::unmerge::<S>),
        )
        // Mailing
        .route("/mailing", get(pages::mailing::campaigns::<S>))
        .route(
            paths::MailingNew::PATH,
            get(pages::mailing::new_page::<S>).post(pages::mailing::compose::<S>),
        )
        .route(
            "/mailing/settings",
            get(pages::mailing::settings_page::<S>).post(pages::mailing::save_settings::<S>),
        )
        .route(
            paths::MailingUserRight::PATH,
            post(pages::mailing::set_right::<S>),
        )
        .route(
            paths::Mailing::PATH,
            get(pages::mailing::campaign_page::<S>).post(pages::mailing::resume::<S>),
        )
        // Printing
        .route(paths::Report::PATH, get(pages::print::report_page::<S>))
        .route(paths::CasePdf::PATH, get(pages::print::case_page::<S>))
        .route(
            paths::ContactPdf::PATH,
            get(pages::print::contact_page::<S>),
        )
}

/// The JSON API, mounted under `/api/v1`.
pub fn api<S: Store + 'static>() -> Router<AppState<S>> {
    Router::new()
        // Contacts, lists, fields, users
        .route("/openapi.json", get(api::openapi))
        .route("/me", get(api::me::<S>))
        .route("/contacts", get(api::list::<S>).post(api::create::<S>))
        .route(
            "/contacts/{id}",
            get(api::read::<S>)
                .put(api::update::<S>)
                .delete(api::delete::<S>),
        )
        .route("/contacts/{id}/copy", post(api::copy::<S>))
        .route(
            "/contacts/{id}/photo",
            get(api::photo::<S>)
                .put(api::set_photo::<S>)
                .delete(api::delete_photo::<S>),
        )
        .route(
            "/contacts/{id}/attachments",
            get(api::attachments::<S>).post(api::attach::<S>),
        )
        .route(
            "/attachments/{id}",
            get(api::download::<S>).delete(api::remove_attachment::<S>),
        )
        .route("/categories", get(api::categories::<S>))
        .route("/postal-codes", get(api::postal_codes::<S>))
        .route("/categories/{key}", put(api::rename_category::<S>))
        .route(
            "/lists/{list}",
            get(api::labels::<S>).post(api::add_label::<S>),
        )
        .route(
            "/lists/{list}/{name}",
            put(api::rename_label::<S>).delete(api::remove_label::<S>),
        )
        .route("/fields", get(api::fields::<S>).post(api::add_field::<S>))
        .route(
            "/fields/{label}",
            put(api::rename_field::<S>).delete(api::remove_field::<S>),
        )
        .route("/users", get(api::users::<S>).post(api::add_user::<S>))
        .route("/users/{name}", put(api::update_user::<S>))
        .route("/users/{name}/reset", post(api::reset_user::<S>))
        // Import and export
        .route("/import", post(api::io::import::<S>))
        .route("/export", get(api::io::export::<S>))
        // Dates
        .route("/upcoming", get(api::dates::upcoming::<S>))
        .route("/namedays", get(api::dates::namedays::<S>))
        .route("/agenda", get(api::dates::agenda::<S>))
        .route("/reminders", get(api::dates::reminders::<S>))
        .route("/reminders/{id}", get(api::dates::reminder::<S>))
        .route("/reminders/{id}/take", post(api::dates::take::<S>))
        .route("/reminders/{id}/done", post(api::dates::done::<S>))
        .route(
            "/contacts/{id}/reminders",
            get(api::dates::contact_reminders::<S>).post(api::dates::remind::<S>),
        )
        // Cases
        .route(
            "/cases",
            get(api::cases::list::<S>).post(api::cases::create::<S>),
        )
        .route(
            "/cases/{id}",
            get(api::cases::read::<S>).put(api::cases::update::<S>),
        )
        .route("/cases/{id}/close", post(api::cases::close::<S>))
        .route("/cases/{id}/reopen", post(api::cases::reopen::<S>))
        .route("/cases/{id}/items", post(api::cases::add_item::<S>))
        .route("/cases/{id}/notes", post(api::cases::add_note::<S>))
        .route("/cases/{id}/documents", post(api::cases::add_document::<S>))
        .route("/cases/{id}/files", post(api::cases::add_file::<S>))
        .route(
            "/cases/{id}/items/{line}",
            put(api::cases::update_item::<S>).delete(api::cases::remove_item::<S>),
        )
        .route(
            "/case-details/{id}",
            get(api::cases::read_detail::<S>)
                .put(api::cases::update_detail::<S>)
                .delete(api::cases::remove_detail::<S>),
        )
        .route(
            "/case-details/{id}/content",
            put(api::cases::replace_file::<S>),
        )
        .route(
            "/cases/{id}/reminders",
            get(api::cases::case_reminders::<S>).post(api::cases::remind_on_case::<S>),
        )
        .route("/case-numbers/next", get(api::cases::next_number::<S>))
        .route("/case-numbers/pattern", put(api::cases::set_pattern::<S>))
        .route("/case-parties", get(api::cases::parties::<S>))
        .route(
            "/case-kinds",
            get(api::cases::kinds::<S>).post(api::cases::add_kind::<S>),
        )
        .route(
            "/case-kinds/{kind}",
            put(api::cases::rename_kind::<S>).delete(api::cases::remove_kind::<S>),
        )
        // Account managers and takeover
        .route("/contacts/{id}/people", get(api::workflows::people::<S>))
        .route("/contacts/{id}/client", get(api::workflows::client::<S>))
        // Client history: list, add, read, remove, files
        .route(
            "/contacts/{id}/history",
            get(api::dates::history::<S>).post(api::dates::add_history::<S>),
        )
        .route(
            "/history/{id}",
            get(api::dates::history_entry::<S>)
                .put(api::dates::update_history::<S>)
                .delete(api::dates::remove_history::<S>),
        )
        .route(
            "/contacts/{id}/history/file",
            post(api::dates::add_history_file::<S>),
        )
        .route("/history-files/{id}", get(api::dates::history_file::<S>))
        .route(
            "/contacts/{id}/account-manager",
            put(api::workflows::set_manager::<S>),
        )
        .route("/account-managers", post(api::workflows::set_managers::<S>))
        .route("/takeover", post(api::workflows::takeover::<S>))
        // Meetings and alerts
        .route("/me/due", get(api::meetings::due::<S>))
        .route(
            "/meetings",
            get(api::meetings::list::<S>).post(api::meetings::create::<S>),
        )
        .route(
            "/meetings/{id}",
            get(api::meetings::read::<S>)
                .put(api::meetings::update::<S>)
                .delete(api::meetings::remove::<S>),
        )
        .route("/contacts/{id}/alerts", get(api::meetings::alerts::<S>))
        .route(
            "/contacts/{id}/alerts/{kind}",
            put(api::meetings::set_alert::<S>),
        )
        // Duplicates
        .route("/duplicates", get(api::duplicates::list::<S>))
        .route("/duplicates/check", post(api::duplicates::check::<S>))
        .route("/duplicates/merge", post(api::duplicates::merge::<S>))
        .route(
            "/contacts/{id}/unmerge",
            post(api::duplicates::unmerge::<S>),
        )
        // Mailing
        .route("/mailing/audience", get(api::mailing::audience::<S>))
        .route("/mailing/preview", post(api::mailing::preview::<S>))
        .route("/mailing/dry-run", post(api::mailing::dry_run::<S>))
        .route(
            "/mailing/campaigns",
            get(api::mailing::campaigns::<S>).post(api::mailing::create::<S>),
        )
        .route("/mailing/campaigns/{id}", get(api::mailing::campaign::<S>))
        .route(
            "/mailing/campaigns/{id}/send",
            post(api::mailing::send::<S>),
        )
        // Trash
        .route("/trash", get(api::trash::list::<S>))
        .route("/trash/empty", post(api::trash::empty::<S>))
        .route("/trash/{id}", delete(api::trash::purge::<S>))
        .route("/trash/{id}/restore", post(api::trash::restore::<S>))
        // Reports and PDFs
        .route("/reports/{file}", get(pages::print::report_api::<S>))
        .route("/cases/{case}/pdf", get(pages::print::case_api::<S>))
        .route("/contacts/{id}/pdf", get(pages::print::contact_api::<S>))
}

/// Embedded static files: no database, no session, no POST.
pub fn assets<S: Store + 'static>() -> Router<AppState<S>> {
    Router::new()
        // Embedded files
        .route("/static/app.css", get(assets::css))
        .route(assets::PRINT_CSS_PATH, get(assets::print_css))
        .route(assets::JS_PATH, get(assets::js))
        .route("/static/favicon.svg", get(assets::favicon))
}
