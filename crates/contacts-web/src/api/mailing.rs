//! The mailing part of `/api/v1`: audiences (count and list with skips), preview, dry run
//! (a zip of .eml files), campaigns (make, send or resume, status, list). The audience is
//! given as the contact list's parameters (see [`AudienceParams`]): in the query for
//! `GET /mailing/audience`, as an `audience` object in JSON bodies.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use contacts_core::ids::{CampaignId, ContactId};
use contacts_core::mailing::Template;
use contacts_core::service::CampaignInput;
use contacts_core::store::Store;
use contacts_core::Error;
use contacts_wire as wire;
use serde::Deserialize;

use crate::api::ApiResult;
use crate::error::ApiError;
use crate::forms::mailing::AudienceParams;
use crate::parts::mailing::{dry_run_zip, start_sending, zip_response};
use crate::session::auth::ApiMe;
use crate::AppState;

fn campaign_id(s: &str) -> ApiResult<CampaignId> {
    s.parse()
        .map_err(|_| ApiError::Core(Error::not_found("campaign")))
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct AudienceQuery {
    #[serde(flatten)]
    audience: AudienceParams,
    limit: Option<String>,
    all: Option<String>,
}

pub(crate) async fn audience<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Query(q): Query<AudienceQuery>,
) -> ApiResult<Json<wire::MailAudienceList>> {
    let svc = state.service();
    let a = q.audience.audience(svc, &me.actor)?;
    let all = matches!(q.all.as_deref(), Some("1" | "true" | "yes"));
    let (matched, recipients) = if all {
        let rs = svc.mail_recipients(&me.actor, &a)?;
        (rs.len() as u64, rs)
    } else {
        let limit = match q.limit.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => 50,
            Some(s) => s
                .parse::<usize>()
                .ok()
                .filter(|n| (1..=10_000).contains(n))
                .ok_or_else(|| Error::invalid("limit", format!("'{s}' is not 1 to 10000")))?,
        };
        let v = svc.mail_audience(&me.actor, &a, limit)?;
        (v.matched, v.recipients)
    };
    Ok(Json(wire::MailAudienceList {
        matched,
        recipients: recipients.iter().map(wire::MailRecipient::from).collect(),
    }))
}

/// A template and an audience as JSON bodies carry them.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct MessageBody {
    #[serde(default)]
    audience: AudienceParamsBody,
    subject: Option<String>,
    text: Option<String>,
    html: Option<String>,
    contact: Option<i64>,
}

/// [`AudienceParams`] as a JSON object (every value a string, as in the query).
#[derive(Debug, Default, Deserialize)]
#[serde(transparent)]
struct AudienceParamsBody(AudienceParams);

impl MessageBody {
    fn template(&self) -> ApiResult<Template> {
        let subject = self
            .subject
            .clone()
            .ok_or_else(|| Error::invalid("subject", "a message needs a subject"))?;
        let text = self
            .text
            .clone()
            .ok_or_else(|| Error::invalid("text", "a message needs a plain-text body"))?;
        Ok(Template {
            subject,
            text,
            html: self.html.clone().filter(|h| !h.trim().is_empty()),
        })
    }

    fn input<S: Store>(&self, state: &AppState<S>, me: &ApiMe) -> ApiResult<CampaignInput> {
        Ok(CampaignInput {
            audience: self.audience.0.audience(state.service(), &me.actor)?,
            template: self.template()?,
            attachments: Vec::new(),
        })
    }
}

pub(crate) async fn preview<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Json(body): Json<MessageBody>,
) -> ApiResult<Json<wire::MailPreview>> {
    let contact = ContactId(
        body.contact
            .ok_or_else(|| Error::invalid("contact", "give the contact to preview for"))?,
    );
    let m = state
        .service()
        .mail_preview(&me.actor, &body.template()?, Vec::new(), contact)?;
    Ok(Json(wire::MailPreview::from(&m)))
}

pub(crate) async fn dry_run<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Json(body): Json<MessageBody>,
) -> ApiResult<Response> {
    let input = body.input(&state, &me)?;
    let bytes = dry_run_zip(state.service(), &me.actor, &input)?;
    Ok(zip_response(bytes))
}

pub(crate) async fn campaigns<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
) -> ApiResult<Json<Vec<wire::MailCampaign>>> {
    let all = state.service().campaigns(&me.actor)?;
    Ok(Json(
        all.iter()
            .map(|v| wire::MailCampaign::new(v, false))
            .collect(),
    ))
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct CreateBody {
    #[serde(flatten)]
    message: MessageBody,
    /// Start sending at once.
    #[serde(default)]
    send: bool,
}

pub(crate) async fn create<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Json(body): Json<CreateBody>,
) -> ApiResult<Response> {
    let input = body.message.input(&state, &me)?;
    let svc = state.service();
    let id = svc.create_campaign(&me.actor, &input)?;
    if body.send {
        start_sending(&state, &me.actor, id);
    }
    let v = svc.campaign(&me.actor, id)?;
    Ok((StatusCode::CREATED, Json(wire::MailCampaign::new(&v, true))).into_response())
}

pub(crate) async fn campaign<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Path(id): Path<String>,
) -> ApiResult<Json<wire::MailCampaign>> {
    let v = state.service().campaign(&me.actor, campaign_id(&id)?)?;
    Ok(Json(wire::MailCampaign::new(&v, true)))
}

pub(crate) async fn send<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let id = campaign_id(&id)?;
    let v = state.service().campaign(&me.actor, id)?;
    start_sending(&state, &me.actor, id);
    Ok((
        StatusCode::ACCEPTED,
        Json(wire::MailCampaign::new(&v, false)),
    )
        .into_response())
}
