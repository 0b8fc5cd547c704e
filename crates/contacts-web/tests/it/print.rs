//! Printing and reports (issue 13, item 6): reports as CSV and PDF downloads from the
//! pages and the API, a case as a PDF, the print stylesheet served and linked.

use axum::http::StatusCode;
use serde_json::json;

use crate::common::{Client, Harness, Reply};

const POLISH: &str = "ąćęłńóśźż ĄĆĘŁŃÓŚŹŻ";

async fn organisation(h: &Harness, c: &Client, name: &str) -> i64 {
    let r = h
        .api(
            c,
            "POST",
            "/api/v1/contacts",
            Some(
                json!({"book": "business", "contact": {"kind": "organisation", "org_name": name}}),
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    r.json()["id"].as_i64().unwrap_or(0)
}

/// A case with a PLN and a EUR item; returns (id, number).
async fn case(h: &Harness, c: &Client, org: i64, title: &str, deadline: &str) -> (i64, String) {
    let r = h
        .api(
            c,
            "POST",
            "/api/v1/cases",
            Some(json!({"title": title, "counterparty": org, "deadline": deadline})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let id = r.json()["id"].as_i64().unwrap_or(0);
    let number = r.json()["number"].as_str().unwrap_or("").to_string();
    for item in [
        json!({"article": "Łóżko", "quantity": 1, "unit_price": "2750"}),
        json!({"article": "Montaż", "quantity": 2, "unit_price": "300", "currency": "EUR"}),
    ] {
        let r = h
            .api(c, "POST", &format!("/api/v1/cases/{id}/items"), Some(item))
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    }
    (id, number)
}

fn assert_download(r: &Reply, content_type: &str, file: &str) {
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.header("content-type"), content_type);
    let cd = r.header("content-disposition");
    assert!(cd.starts_with("attachment") && cd.contains(file), "{cd}");
    assert_eq!(r.header("x-content-type-options"), "nosniff");
}

fn pdf_text(bytes: &[u8]) -> String {
    let doc = lopdf::Document::load_mem(bytes).unwrap_or_else(|e| panic!("not a PDF: {e}"));
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let text = doc
        .extract_text(&pages)
        .unwrap_or_else(|e| panic!("no text: {e}"));
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[tokio::test]
async fn reports_download_as_csv_with_one_money_form_and_formula_safe_text() {
    let (h, anna, bob) = Harness::two_users().await;
    let org = organisation(&h, &anna, "Hurtownia Żak").await;
    case(&h, &anna, org, "=HYPERLINK(\"http://x\")", "2020-01-31").await;
    // The reports page offers each report's downloads.
    let page = h.get(&anna, "/reports").await.text();
    for link in [
        "/reports/forecast.csv",
        "/reports/forecast.pdf",
        "/reports/overdue.csv",
        "/reports/overdue.pdf",
        "/reports/activity.csv?from=",
        "/reports/activity.pdf?from=",
    ] {
        assert!(page.contains(link), "no {link} on the reports page");
    }
    let r = h.get(&bob, "/reports/forecast.csv").await;
    assert_download(&r, "text/csv; charset=utf-8", "forecast.csv");
    let csv = r.text();
    assert!(csv.starts_with('\u{feff}'), "no BOM");
    assert!(csv.contains("month,2020-01,EUR,600.00,1\r\n"), "{csv}");
    assert!(csv.contains("month,2020-01,PLN,2750.00,1\r\n"), "{csv}");
    let r = h.get(&anna, "/reports/overdue.csv").await;
    assert_download(&r, "text/csv; charset=utf-8", "overdue.csv");
    let csv = r.text();
    assert!(
        csv.contains("\"'=HYPERLINK(\"\"http://x\"\")\",Hurtownia Żak,anna,2020-01-31"),
        "{csv}"
    );
    assert!(
        csv.contains(",EUR,600.00\r\n") && csv.contains(",PLN,2750.00\r\n"),
        "{csv}"
    );
    let r = h
        .get(&anna, "/reports/activity.csv?from=01.01.2020&to=2030-12-31")
        .await;
    assert_download(
        &r,
        "text/csv; charset=utf-8",
        "activity-2020-01-01-2030-12-31.csv",
    );
    assert!(r.text().contains("anna,cases,opened,1\r\n"), "{}", r.text());
    // The API gives the same files.
    let api = h
        .api(&anna, "GET", "/api/v1/reports/forecast.csv", None)
        .await;
    assert_download(&api, "text/csv; charset=utf-8", "forecast.csv");
    assert!(api.text().contains("PLN,2750.00"));
    // Unknown reports and kinds are not found; a bad date names its field.
    for bad in [
        "/reports/secret.csv",
        "/reports/forecast.xls",
        "/reports/forecast",
    ] {
        assert_eq!(
            h.get(&anna, bad).await.status,
            StatusCode::NOT_FOUND,
            "{bad}"
        );
    }
    let r = h.get(&anna, "/reports/activity.csv?from=jutro").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert!(r.text().contains("from"), "{}", r.text());
    let r = h
        .api(
            &anna,
            "GET",
            "/api/v1/reports/activity.pdf?to=31.02.2026",
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert_eq!(r.json()["field"], "to", "{}", r.text());
}

#[tokio::test]
async fn a_case_and_each_report_download_as_pdf_with_polish_letters() {
    let (h, anna, bob) = Harness::two_users().await;
    let org = organisation(&h, &anna, &format!("Zakład {POLISH}")).await;
    let (id, number) = case(&h, &anna, org, "Dostawa żółtych łóżek", "2020-01-31").await;
    let r = h
        .api(
            &bob,
            "POST",
            &format!("/api/v1/cases/{id}/notes"),
            Some(json!({"kind": "telefon", "text": "Gęślą jaźń — uzgodniono rabat"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    // The case page links to its PDF.
    let page = h.get(&anna, &format!("/cases/{id}")).await.text();
    assert!(
        page.contains(&format!("href=\"/cases/{id}/pdf\"")),
        "{page}"
    );
    let file = format!("case-{}.pdf", number.replace('/', "-"));
    let r = h.get(&bob, &format!("/cases/{id}/pdf")).await;
    assert_download(&r, "application/pdf", &file);
    assert!(r.body.starts_with(b"%PDF-"));
    let text = pdf_text(&r.body);
    for want in [
        POLISH,
        "Dostawa żółtych łóżek",
        "Łóżko",
        "2750.00 PLN",
        "600.00 EUR",
        "Timeline",
        "Gęślą jaźń — uzgodniono rabat",
    ] {
        assert!(text.contains(want), "'{want}' not in the case PDF: {text}");
    }
    // By number through the API too; a missing case is not found.
    let r = h
        .api(
            &anna,
            "GET",
            &format!("/api/v1/cases/{}/pdf", number.replace('/', "%2F")),
            None,
        )
        .await;
    assert_download(&r, "application/pdf", &file);
    assert!(pdf_text(&r.body).contains("Dostawa żółtych łóżek"));
    assert_eq!(
        h.get(&anna, "/cases/999999/pdf").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        h.api(&anna, "GET", "/api/v1/cases/999999/pdf", None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    // Each report as a PDF.
    for (path, file, want) in [
        ("/reports/forecast.pdf", "forecast.pdf", "2750.00"),
        (
            "/reports/overdue.pdf",
            "overdue.pdf",
            "Dostawa żółtych łóżek",
        ),
        (
            "/reports/activity.pdf?from=2020-01-01&to=2030-12-31",
            "activity-2020-01-01-2030-12-31.pdf",
            "anna",
        ),
        ("/api/v1/reports/overdue.pdf", "overdue.pdf", POLISH),
    ] {
        let r = if path.starts_with("/api/") {
            h.api(&anna, "GET", path, None).await
        } else {
            h.get(&anna, path).await
        };
        assert_download(&r, "application/pdf", file);
        let text = pdf_text(&r.body);
        assert!(text.contains(want), "'{want}' not in {path}: {text}");
    }
}

#[tokio::test]
async fn every_page_links_the_print_stylesheet_which_is_served() {
    let (h, anna, _bob) = Harness::two_users().await;
    let org = organisation(&h, &anna, "Hurtownia Żak").await;
    let (id, _) = case(&h, &anna, org, "Dostawa", "2030-01-31").await;
    let link = "<link rel=\"stylesheet\" href=\"/static/print.css\" media=\"print\">";
    for path in [
        format!("/contacts/{org}"),
        format!("/cases/{id}"),
        "/contacts?book=business&q=Hurtownia".to_string(),
        "/reports".to_string(),
    ] {
        let page = h.get(&anna, &path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert!(page.text().contains(link), "{path} does not link print.css");
    }
    let css = h.get(&Client::default(), "/static/print.css").await;
    assert_eq!(css.status, StatusCode::OK);
    assert_eq!(css.header("content-type"), "text/css; charset=utf-8");
    let css = css.text();
    for rule in [
        "@page",
        "header.top, nav",
        "button",
        "thead { display: table-header-group; }",
        "break-inside: avoid",
        "color: #000",
    ] {
        assert!(css.contains(rule), "print.css has no '{rule}'");
    }
}
