//! The mailing part of `/api/v1`: audiences (count and list with skips), preview, dry run
//! (a zip of .eml files), campaigns (make, send or resume, status, list). The audience is
//! given as the contact list's parameters (see [`AudienceParams`]): in the query for
//! `GET /mailing/audience`, as an `audience` object in JSON bodies.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use contacts_core::ids::{CampaignId, ContactId};
use contacts_core::mailing::{OutgoingMessage, Recipient, Template};
use contacts_core::service::{CampaignInput, CampaignView};
use contacts_core::store::Store;
use contacts_core::Error;
use serde::Deserialize;
use serde_json::{json, Value};

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

fn recipient_json(r: &Recipient) -> Value {
    json!({
        "id": r.contact.0,
        "book": r.book.kind_name(),
        "name": r.name,
        "address": r.address,
        "skip": r.skip.map(|s| s.key()),
    })
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
) -> ApiResult<Json<Value>> {
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
    Ok(Json(json!({
        "matched": matched,
        "recipients": recipients.iter().map(recipient_json).collect::<Vec<_>>(),
    })))
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

fn message_json(m: &OutgoingMessage) -> Value {
    let mb = |b: &contacts_core::mailing::Mailbox| json!({"name": b.name, "address": b.address});
    json!({
        "contact": m.contact.0,
        "message_id": m.message_id,
        "from": mb(&m.from),
        "reply_to": m.reply_to.as_ref().map(mb),
        "to": mb(&m.to),
        "subject": m.subject,
        "text": m.text,
        "html": m.html,
        "list_unsubscribe": m.unsubscribe.as_ref().map(|u| format!("<mailto:{u}?subject=unsubscribe>")),
    })
}

pub(crate) async fn preview<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Json(body): Json<MessageBody>,
) -> ApiResult<Json<Value>> {
    let contact = ContactId(
        body.contact
            .ok_or_else(|| Error::invalid("contact", "give the contact to preview for"))?,
    );
    let m = state
        .service()
        .mail_preview(&me.actor, &body.template()?, Vec::new(), contact)?;
    Ok(Json(message_json(&m)))
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

fn campaign_json(v: &CampaignView, with_recipients: bool) -> Value {
    let counts: serde_json::Map<String, Value> = v
        .counts()
        .into_iter()
        .map(|(k, n)| (k.key().to_string(), json!(n)))
        .collect();
    let mut out = json!({
        "id": v.record.id.0,
        "state": v.record.state.key(),
        "note": v.record.note,
        "one_off": v.record.one_off,
        "created_at": crate::api::utc(v.record.created_at),
        "subject": v.spec.template.subject,
        "counts": counts,
    });
    if with_recipients {
        out["recipients"] = v
            .recipients
            .iter()
            .map(|r| {
                json!({
                    "seq": r.seq,
                    "contact": r.contact.0,
                    "name": r.name,
                    "address": r.address,
                    "state": r.state.key(),
                    "detail": r.detail,
                })
            })
            .collect();
    }
    out
}

pub(crate) async fn campaigns<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
) -> ApiResult<Json<Value>> {
    let all = state.service().campaigns(&me.actor)?;
    Ok(Json(Value::Array(
        all.iter().map(|v| campaign_json(v, false)).collect(),
    )))
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
    Ok((StatusCode::CREATED, Json(campaign_json(&v, true))).into_response())
}

pub(crate) async fn campaign<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let v = state.service().campaign(&me.actor, campaign_id(&id)?)?;
    Ok(Json(campaign_json(&v, true)))
}

pub(crate) async fn send<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let id = campaign_id(&id)?;
    let v = state.service().campaign(&me.actor, id)?;
    start_sending(&state, &me.actor, id);
    Ok((StatusCode::ACCEPTED, Json(campaign_json(&v, false))).into_response())
}
