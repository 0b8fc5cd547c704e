//! Issue 6 end to end: client history, cases with items and detail items, reports,
//! takeover; bad input and the private book's isolation.

use crate::common;

use common::Env;
use insta::assert_snapshot;

/// Two organisations, a person at each, a second user; gives (acme, jan, other, eva).
fn firms(env: &Env) -> (String, String, String, String) {
    env.ok(&["user", "add", "bob"]);
    let acme = env.ok(&["add", "--org-name", "ACME Sp. z o.o."]);
    let jan = env.ok(&["add", "--given", "Jan", "--family", "Nowak", "--org", &acme]);
    let other = env.ok(&["add", "--org-name", "Beta SA"]);
    let eva = env.ok(&["add", "--given", "Ewa", "--family", "Lis", "--org", &other]);
    (acme, jan, other, eva)
}

/// A case of ACME with two items, a note, a document and a file; gives its number.
fn full_case(env: &Env, acme: &str, jan: &str) -> String {
    env.ok(&["case", "kind", "add", "customer process"]);
    let number = env.ok(&[
        "case",
        "add",
        "--counterparty",
        acme,
        "--person",
        jan,
        "--responsible",
        "bob",
        "--deadline",
        "2024-06-15",
        "--priority",
        "high",
        "--kind",
        "customer process",
        "--external",
        "ZAM/7",
        "--title",
        "Paper for 2024",
    ]);
    env.ok(&[
        "case",
        "item",
        "add",
        &number,
        "--article",
        "Paper A4",
        "--qty",
        "2",
        "--unit",
        "szt",
        "--price",
        "12.50",
        "--payment",
        "transfer",
    ]);
    env.ok(&[
        "case",
        "item",
        "add",
        &number,
        "--article",
        "Service",
        "--qty",
        "1,5",
        "--unit",
        "h",
        "--price",
        "100.005",
        "--currency",
        "EUR",
    ]);
    env.ok(&[
        "case",
        "detail",
        "add",
        &number,
        "--note",
        "Asked for a discount",
        "--kind",
        "phone",
        "--at",
        "2024-04-20 10:00",
    ]);
    env.ok(&[
        "case",
        "detail",
        "add",
        &number,
        "--document",
        "--doc-kind",
        "offer",
        "--symbol",
        "OF 3/2024",
        "--content",
        "First offer",
        "--at",
        "2024-04-22 09:30",
    ]);
    env.write("spec.txt", b"the spec");
    env.ok(&[
        "case",
        "detail",
        "add",
        &number,
        "--file",
        "spec.txt",
        "--note",
        "their spec",
        "--at",
        "2024-04-25 16:00",
    ]);
    number
}

#[test]
fn client_history_and_last_contact() {
    let env = Env::new();
    let (acme, _, other, _) = firms(&env);
    env.write("notes.pdf", b"%PDF notes");
    let e1 = env.ok(&[
        "history",
        "add",
        &acme,
        "--kind",
        "phone",
        "--text",
        "Called about paper",
        "--at",
        "2024-04-30 09:15",
        "--attach",
        "notes.pdf",
    ]);
    env.ok(&[
        "history",
        "add",
        &acme,
        "--kind",
        "meeting",
        "--text",
        "Visit",
        "--at",
        "2024-04-10 14:00",
    ]);
    env.ok(&[
        "history",
        "add",
        &other,
        "--kind",
        "Phone",
        "--text",
        "Long ago",
        "--at",
        "2023-11-02 08:00",
    ]);
    assert_eq!(e1, "1");
    assert_snapshot!(env.run(&["history", &acme]), @r"
        ID  WHEN              KIND     BY    TEXT                FILES
        1   2024-04-30 09:15  phone    anna  Called about paper  notes.pdf [file 1]
        2   2024-04-10 14:00  meeting  anna  Visit
        ");
    assert_snapshot!(env.run(&["history", "kinds"]), @r"
        KIND     USES
        phone    2
        meeting  1
        ");
    env.ok(&["history", "get", "1", "-o", "copy.pdf"]);
    assert_eq!(env.read("copy.pdf"), b"%PDF notes");
    let json = env.run(&["--json", "history", &acme]).json();
    assert_eq!(json[0]["files"][0]["name"], "notes.pdf");
    assert_eq!(json[0]["at"], "2024-04-30T07:15:00Z");
    // Beta was last contacted in November; ACME yesterday; the people never.
    assert_snapshot!(env.run(&["list", "--not-contacted-for", "90d"]), @r"
        ID  NAME       ORGANISATION     E-MAIL  PHONE  TAGS
        3   Beta SA
        4   Ewa Lis    Beta SA
        2   Jan Nowak  ACME Sp. z o.o.
        ");
    assert_snapshot!(env.run(&["list", "--not-contacted-for", "1w", "--limit", "1"]), @r"
        ID  NAME     ORGANISATION  E-MAIL  PHONE  TAGS
        3   Beta SA
        (1-1; more with --offset 1)
        ");
    assert_snapshot!(env.run(&["list", "--not-contacted-for", "3m"]), @r"
        [stderr]
        error: invalid not-contacted-for: '3m' is not a span like 90d or 12w
        [exit 1]
        ");
    // An entry is changed by its author or an admin; what is not given stays.
    assert_eq!(
        env.ok(&[
            "history",
            "edit",
            "2",
            "--text",
            "Visit with samples",
            "--at",
            "2024-04-11 15:00"
        ]),
        "changed history entry 2"
    );
    let out = env.run_as("bob", &["history", "edit", "2", "--text", "mine"]);
    assert_eq!(out.code, 1, "{out}");
    assert!(out.stderr.contains("only its author or an admin"), "{out}");
    let json = env.run(&["--json", "history", &acme]).json();
    assert_eq!(json[1]["text"], "Visit with samples");
    assert_eq!(json[1]["kind"], "meeting");
    assert_eq!(json[1]["at"], "2024-04-11T13:00:00Z");
}

#[test]
fn a_case_from_add_to_close() {
    let env = Env::new();
    let (acme, jan, _, _) = firms(&env);
    assert_eq!(env.ok(&["case", "kind", "list"]), "ID  NAME  CASES");
    let number = full_case(&env, &acme, &jan);
    assert_eq!(number, "2024/0001");
    env.ok(&[
        "history",
        "add",
        &acme,
        "--kind",
        "e-mail",
        "--text",
        "Sent the price list",
        "--at",
        "2024-04-21 11:00",
    ]);
    assert_snapshot!(env.run(&["case", "show", &number]), @r"
        Case 2024/0001 (id 1)
          Title         Paper for 2024
          Status        open
          Registered    2024-05-01
          Counterparty  ACME Sp. z o.o. (#1)
          External no.  ZAM/7
          Person        Jan Nowak (#2)
          Responsible   bob
          Deadline      2024-06-15
          Priority      high
          Kind          customer process
          Created       2024-05-01 14:00 by anna
          Changed       2024-05-01 14:00 by anna
          Version       3

        Items
        #  ARTICLE   QTY  UNIT  PRICE    CUR  PAYMENT   TOTAL
        1  Paper A4  2    szt   12.50    PLN  transfer  25.00
        2  Service   1.5  h     100.005  EUR            150.01
        Total: 150.01 EUR, 25.00 PLN

        Timeline
        WHEN              ENTRY      KIND            BY    TEXT
        2024-04-20 10:00  detail 1   note phone      anna  Asked for a discount
        2024-04-21 11:00  history 1  e-mail          anna  Sent the price list
        2024-04-22 09:30  detail 2   document offer  anna  OF 3/2024: First offer
        2024-04-25 16:00  detail 3   file            anna  spec.txt: their spec
        ");
    assert_snapshot!(env.run(&["--json", "case", "show", "1"]), @r#"
        {
          "id": 1,
          "number": "2024/0001",
          "title": "Paper for 2024",
          "registered_on": "2024-05-01",
          "counterparty": 1,
          "counterparty_name": "ACME Sp. z o.o.",
          "external_number": "ZAM/7",
          "person": 2,
          "responsible": "bob",
          "deadline": "2024-06-15",
          "priority": "high",
          "kind": 3,
          "kind_name": "customer process",
          "status": "open",
          "closed_by": null,
          "closed_at": null,
          "only_listed_articles": false,
          "items": [
            {
              "line": 1,
              "article": "Paper A4",
              "quantity": "2",
              "unit": "szt",
              "unit_price": "12.50",
              "currency": "PLN",
              "payment": "transfer",
              "total": "25.00"
            },
            {
              "line": 2,
              "article": "Service",
              "quantity": "1.5",
              "unit": "h",
              "unit_price": "100.005",
              "currency": "EUR",
              "payment": "",
              "total": "150.0075"
            }
          ],
          "totals": [
            {
              "currency": "EUR",
              "value": "150.0075"
            },
            {
              "currency": "PLN",
              "value": "25.00"
            }
          ],
          "version": 3,
          "created_at": "2024-05-01T12:00:00Z",
          "created_by": "anna",
          "updated_at": "2024-05-01T12:00:00Z",
          "updated_by": "anna",
          "person_name": "Jan Nowak",
          "timeline": [
            {
              "source": "detail",
              "id": 1,
              "case": 1,
              "at": "2024-04-20T08:00:00Z",
              "type": "note",
              "kind": "phone",
              "text": "Asked for a discount",
              "version": 1,
              "created_by": "anna",
              "updated_at": "2024-05-01T12:00:00Z",
              "updated_by": "anna"
            },
            {
              "source": "history",
              "id": 1,
              "contact_id": 1,
              "kind": "e-mail",
              "at": "2024-04-21T09:00:00Z",
              "text": "Sent the price list",
              "author": "anna",
              "created_at": "2024-05-01T12:00:00Z",
              "files": []
            },
            {
              "source": "detail",
              "id": 2,
              "case": 1,
              "at": "2024-04-22T07:30:00Z",
              "type": "document",
              "kind": "offer",
              "symbol": "OF 3/2024",
              "content": "First offer",
              "version": 1,
              "created_by": "anna",
              "updated_at": "2024-05-01T12:00:00Z",
              "updated_by": "anna"
            },
            {
              "source": "detail",
              "id": 3,
              "case": 1,
              "at": "2024-04-25T14:00:00Z",
              "type": "file",
              "name": "spec.txt",
              "media_type": "text/plain",
              "note": "their spec",
              "size": 8,
              "version": 1,
              "created_by": "anna",
              "updated_at": "2024-05-01T12:00:00Z",
              "updated_by": "anna"
            }
          ]
        }
        "#);
    let json = env.run(&["--json", "case", "show", "1"]).json();
    assert_eq!(json["totals"][0]["value"], "150.0075");
    assert_eq!(json["totals"][1]["value"], "25.00");
    assert_eq!(json["items"][1]["total"], "150.0075");
    assert_eq!(json["timeline"].as_array().map(Vec::len), Some(4));
    assert_eq!(json["timeline"][1]["source"], "history");

    env.ok(&["case", "detail", "get", "3", "-o", "back.txt"]);
    assert_eq!(env.read("back.txt"), b"the spec");
    assert_snapshot!(env.run(&["case", "detail", "get", "1"]), @"2024-04-20 10:00  note phone  Asked for a discount");
    assert_snapshot!(env.run(&["case", "detail", "edit", "1", "--note", "Asked for 5% off"]), @"changed detail item 1");
    assert_snapshot!(env.run(&["case", "item", "edit", &number, "1", "--qty", "3"]), @"changed item 1 of case 2024/0001");
    assert_snapshot!(env.run(&["case", "item", "rm", &number, "2"]), @"removed item 2 from case 2024/0001");
    assert_snapshot!(env.run(&["case", "detail", "rm", "2"]), @"removed detail item 2");
    assert_snapshot!(env.run(&["case", "edit", &number, "--deadline", "", "--priority", "low", "--version", "8"]), @r"
        [stderr]
        error: conflict: case 2024/0001 was changed by someone else (you edited version 8, it is now at 5); reload and try again
        [exit 1]
        ");
    env.ok(&["case", "add", "--counterparty", &acme, "--title", "Second"]);
    assert_snapshot!(env.run(&["case", "list"]), @r"
        NUMBER     TITLE           COUNTERPARTY     RESPONSIBLE  DEADLINE    PRIORITY  STATUS  VALUE
        2024/0002  Second          ACME Sp. z o.o.  anna                     normal    open
        2024/0001  Paper for 2024  ACME Sp. z o.o.  bob          2024-06-15  high      open    37.50 PLN
        ");
    assert_snapshot!(env.run(&["case", "close", "2024/0002"]), @"closed case 2024/0002");
    assert_snapshot!(env.run(&["case", "list", "--open"]), @r"
        NUMBER     TITLE           COUNTERPARTY     RESPONSIBLE  DEADLINE    PRIORITY  STATUS  VALUE
        2024/0001  Paper for 2024  ACME Sp. z o.o.  bob          2024-06-15  high      open    37.50 PLN
        ");
    assert_snapshot!(env.run_as("bob", &["case", "list", "--mine"]), @r"
        NUMBER     TITLE           COUNTERPARTY     RESPONSIBLE  DEADLINE    PRIORITY  STATUS  VALUE
        2024/0001  Paper for 2024  ACME Sp. z o.o.  bob          2024-06-15  high      open    37.50 PLN
        ");
    assert_snapshot!(env.run(&["case", "list", "--closed", "--responsible", "anna"]), @r"
        NUMBER     TITLE   COUNTERPARTY     RESPONSIBLE  DEADLINE  PRIORITY  STATUS  VALUE
        2024/0002  Second  ACME Sp. z o.o.  anna                   normal    closed
        ");
    assert_snapshot!(env.run(&["case", "reopen", "2024/0002"]), @"reopened case 2024/0002");
    let closed = env.run(&["--json", "case", "close", "2"]).json();
    assert_eq!(closed["closed_by"], "anna");
    assert_eq!(closed["closed_at"], "2024-05-01T12:00:00Z");
}

#[test]
fn reports() {
    let env = Env::new();
    let (acme, jan, other, _) = firms(&env);
    full_case(&env, &acme, &jan);
    env.ok(&["case", "kind", "add", "service"]);
    let late = env.ok(&[
        "case",
        "add",
        "--counterparty",
        &other,
        "--deadline",
        "2024-04-01",
        "--kind",
        "service",
        "--title",
        "Repair",
    ]);
    env.ok(&[
        "case",
        "item",
        "add",
        &late,
        "--article",
        "Repair",
        "--qty",
        "1",
        "--price",
        "99.99",
    ]);
    env.ok(&[
        "case",
        "add",
        "--counterparty",
        &other,
        "--title",
        "No deadline",
    ]);
    env.ok(&[
        "history",
        "add",
        &other,
        "--kind",
        "phone",
        "--text",
        "x",
        "--at",
        "2024-04-30 10:00",
    ]);
    assert_snapshot!(env.run(&["report", "forecast"]), @r"
        Open cases: 3  Total: 150.01 EUR, 124.99 PLN

        MONTH    CURRENCY  VALUE   CASES
        2024-04  PLN       99.99   1
        2024-06  EUR       150.01  1
        2024-06  PLN       25.00   1

        EMPLOYEE  CURRENCY  VALUE   CASES
        anna      PLN       99.99   1
        bob       EUR       150.01  1
        bob       PLN       25.00   1

        KIND              CURRENCY  VALUE   CASES
        customer process  EUR       150.01  1
        customer process  PLN       25.00   1
        service           PLN       99.99   1
        ");
    // CSV: money with two decimals for every currency (150.0075 EUR is 150.01), UTF-8
    // with a BOM for spreadsheets.
    assert_snapshot!(env.run(&["report", "forecast", "--csv"]), @r"
        ﻿group,key,currency,value,cases
        month,2024-04,PLN,99.99,1
        month,2024-06,EUR,150.01,1
        month,2024-06,PLN,25.00,1
        employee,anna,PLN,99.99,1
        employee,bob,EUR,150.01,1
        employee,bob,PLN,25.00,1
        kind,customer process,EUR,150.01,1
        kind,customer process,PLN,25.00,1
        kind,service,PLN,99.99,1
        ");
    assert_snapshot!(env.run(&["--json", "report", "forecast"]), @r#"
        {
          "report": "forecast",
          "period": null,
          "columns": [
            "group",
            "key",
            "currency",
            "value",
            "cases"
          ],
          "rows": [
            [
              "month",
              "2024-04",
              "PLN",
              "99.99",
              1
            ],
            [
              "month",
              "2024-06",
              "EUR",
              "150.01",
              1
            ],
            [
              "month",
              "2024-06",
              "PLN",
              "25.00",
              1
            ],
            [
              "employee",
              "anna",
              "PLN",
              "99.99",
              1
            ],
            [
              "employee",
              "bob",
              "EUR",
              "150.01",
              1
            ],
            [
              "employee",
              "bob",
              "PLN",
              "25.00",
              1
            ],
            [
              "kind",
              "customer process",
              "EUR",
              "150.01",
              1
            ],
            [
              "kind",
              "customer process",
              "PLN",
              "25.00",
              1
            ],
            [
              "kind",
              "service",
              "PLN",
              "99.99",
              1
            ]
          ],
          "summary": [
            {
              "key": "open_cases",
              "value": 3
            },
            {
              "key": "total",
              "value": {
                "amount": "150.01",
                "currency": "EUR"
              }
            },
            {
              "key": "total",
              "value": {
                "amount": "124.99",
                "currency": "PLN"
              }
            }
          ]
        }
        "#);
    let period = ["--from", "2024-04-01", "--to", "2024-05-31"];
    let with = |extra: &[&'static str]| -> Vec<&str> {
        extra
            .iter()
            .copied()
            .chain(["report", "activity"])
            .chain(period)
            .collect()
    };
    assert_snapshot!(env.run(&with(&[])), @r"
        Activity 2024-04-01 to 2024-05-31
        USER  HISTORY  DETAILS                           OPENED  CLOSED
        anna  phone 1  document: offer 1, file 1, note…  3       0
        bob                                              0       0
        ");
    assert_snapshot!(env.run(&[with(&[]), vec!["--csv"]].concat()), @r"
        ﻿user,what,kind,count
        anna,history,phone,1
        anna,detail,document: offer,1
        anna,detail,file,1
        anna,detail,note: phone,1
        anna,cases,opened,3
        anna,cases,closed,0
        bob,cases,opened,0
        bob,cases,closed,0
        ");
    assert_snapshot!(env.run(&with(&["--json"])), @r#"
        {
          "report": "activity",
          "period": {
            "from": "2024-04-01",
            "to": "2024-05-31"
          },
          "columns": [
            "user",
            "what",
            "kind",
            "count"
          ],
          "rows": [
            [
              "anna",
              "history",
              "phone",
              1
            ],
            [
              "anna",
              "detail",
              "document: offer",
              1
            ],
            [
              "anna",
              "detail",
              "file",
              1
            ],
            [
              "anna",
              "detail",
              "note: phone",
              1
            ],
            [
              "anna",
              "cases",
              "opened",
              3
            ],
            [
              "anna",
              "cases",
              "closed",
              0
            ],
            [
              "bob",
              "cases",
              "opened",
              0
            ],
            [
              "bob",
              "cases",
              "closed",
              0
            ]
          ],
          "summary": []
        }
        "#);
    assert_snapshot!(env.run(&["report", "overdue"]), @r"
        NUMBER     TITLE   COUNTERPARTY  RESPONSIBLE  DEADLINE    DAYS  VALUE
        2024/0002  Repair  Beta SA       anna         2024-04-01  30    99.99 PLN
        ");
    assert_snapshot!(env.run(&["report", "overdue", "--csv"]), @r"
        ﻿number,title,counterparty,responsible,deadline,days_overdue,currency,value
        2024/0002,Repair,Beta SA,anna,2024-04-01,30,PLN,99.99
        ");
    assert_snapshot!(env.run(&["--json", "report", "overdue"]), @r#"
        {
          "report": "overdue",
          "period": null,
          "columns": [
            "number",
            "title",
            "counterparty",
            "responsible",
            "deadline",
            "days_overdue",
            "currency",
            "value"
          ],
          "rows": [
            [
              "2024/0002",
              "Repair",
              "Beta SA",
              "anna",
              "2024-04-01",
              30,
              "PLN",
              "99.99"
            ]
          ],
          "summary": []
        }
        "#);
    // The CLI's --json is the API's GET /api/v1/reports/{name}.json: one core function.
    let cli = [
        env.run(&["--json", "report", "forecast"]).json(),
        env.run(&with(&["--json"])).json(),
        env.run(&["--json", "report", "overdue"]).json(),
    ];
    let api = env.api_get(
        "anna",
        &[
            "/reports/forecast.json",
            "/reports/activity.json?from=2024-04-01&to=2024-05-31",
            "/reports/overdue.json",
        ],
    );
    for (cli, (status, api)) in cli.iter().zip(&api) {
        assert_eq!(*status, 200, "{api}");
        assert_eq!(cli, api);
    }
}

#[test]
fn takeover_hands_over_open_cases() {
    let env = Env::new();
    let (acme, jan, _, _) = firms(&env);
    full_case(&env, &acme, &jan);
    env.ok(&["user", "add", "carol"]);
    assert_snapshot!(env.run_as("bob", &["takeover", "--from", "bob", "--to", "carol"]), @r"
        [stderr]
        error: forbidden: only an admin may hand over an employee's work
        [exit 1]
        ");
    assert_snapshot!(env.run(&["takeover", "--from", "bob", "--to", "carol"]), @r"
        handed over from bob to carol:
          open cases: 1 (2024/0001)
          clients: 0
          open reminders: 0
          history entries written: 1
        ");
    assert_snapshot!(env.run(&["case", "list"]), @r"
        NUMBER     TITLE           COUNTERPARTY     RESPONSIBLE  DEADLINE    PRIORITY  STATUS  VALUE
        2024/0001  Paper for 2024  ACME Sp. z o.o.  carol        2024-06-15  high      open    150.01 EUR, 25.00 PLN
        ");
}

/// Everything of cases and history anna can see, to show a failed command wrote nothing.
fn state(env: &Env, acme: &str) -> String {
    [
        env.everything(),
        env.ok(&["--json", "case", "list"]),
        env.ok(&["--json", "history", acme]),
    ]
    .join("\n")
}

fn refused(env: &Env, acme: &str, args: &[&str]) -> String {
    let before = state(env, acme);
    let out = env.run(args);
    assert_eq!(out.code, 1, "contacts {args:?} should fail with 1:\n{out}");
    assert_eq!(out.stdout, "", "contacts {args:?} printed to stdout");
    assert_eq!(state(env, acme), before, "contacts {args:?} changed data");
    out.stderr
}

#[test]
fn bad_input_writes_nothing() {
    let env = Env::new();
    let (acme, jan, other, eva) = firms(&env);
    let number = full_case(&env, &acme, &jan);
    let r = |args: &[&str]| refused(&env, &acme, args);
    assert_snapshot!(r(&["case", "add", "--counterparty", &jan, "--person", &jan]), @"error: invalid person: Jan Nowak (contact 2) is a person; a contact person belongs to an organisation");
    assert_snapshot!(r(&["case", "add", "--counterparty", &acme, "--person", &eva]), @"error: invalid person: Ewa Lis (contact 4) does not work at ACME Sp. z o.o.");
    assert_snapshot!(r(&["case", "add", "--counterparty", &other, "--responsible", "zed"]), @"error: invalid responsible: no user 'zed'");
    assert_snapshot!(r(&["case", "add", "--counterparty", &other, "--deadline", "15/06/2024"]), @"error: invalid deadline: '15/06/2024' is not a date such as 18.10.1985 or 1985-10-18");
    assert_snapshot!(r(&["case", "add", "--counterparty", &other, "--priority", "urgent"]), @"error: invalid priority: 'urgent' is not high, normal or low");
    assert_snapshot!(r(&["case", "add", "--title", "no counterparty"]), @"error: invalid counterparty: a case needs --counterparty ORG_ID");
    assert_snapshot!(r(&["case", "item", "add", &number, "--article", "X", "--qty", "-2", "--price", "1"]), @"error: invalid quantity: -2 is negative");
    assert_snapshot!(r(&["case", "item", "add", &number, "--article", "X", "--qty", "2", "--price", "abc"]), @"error: invalid price: 'abc' is not a number");
    assert_snapshot!(r(&["case", "item", "edit", &number, "9", "--qty", "1"]), @"error: invalid item: the case has no item number 9");
    assert_snapshot!(r(&["case", "edit", &number, "--title", "x", "--version", "1"]), @"error: conflict: case 2024/0001 was changed by someone else (you edited version 1, it is now at 3); reload and try again");
    assert_snapshot!(r(&["case", "detail", "add", &number]), @"error: invalid detail: give --note TEXT, --document (with --doc-kind, --symbol, --content) or --file PATH");
    assert_snapshot!(r(&["case", "show", "2024/0099"]), @"error: case 2024/0099 not found");
    assert_snapshot!(r(&["history", "add", &acme, "--kind", "phone", "--text", "x", "--at", "tomorrow"]), @"error: invalid at: 'tomorrow' is not a date and time such as 10.09.2026 12:00 or 2026-09-10 12:00");
    assert_snapshot!(r(&["list", "--not-contacted-for", "ninety"]), @"error: invalid not-contacted-for: 'ninety' is not a span like 90d or 12w");
    env.ok(&["case", "close", &number]);
    assert_snapshot!(r(&["case", "edit", &number, "--title", "After closing"]), @"error: invalid case: case 2024/0001 is closed; reopen it to change it");
    assert_snapshot!(r(&["case", "item", "add", &number, "--article", "X", "--qty", "1", "--price", "1"]), @"error: invalid case: case 2024/0001 is closed; reopen it to change it");
    assert_snapshot!(r(&["case", "detail", "add", &number, "--note", "late"]), @"error: invalid case: case 2024/0001 is closed; reopen it to change it");
    assert_snapshot!(r(&["case", "close", &number]), @"error: invalid case: case 2024/0001 is closed; reopen it to change it");
}

#[test]
fn private_contacts_are_not_found() {
    let env = Env::new();
    let (acme, _, _, _) = firms(&env);
    let mine = env.ok(&["add", "--private", "--org-name", "My own firm"]);
    let bobs = env.ok_as("bob", &["add", "--private", "--org-name", "Bob's firm"]);
    for id in [&mine, &bobs] {
        let r = |args: &[&str]| refused(&env, &acme, args);
        let expected = format!("error: business contact {id} not found\n");
        assert_eq!(r(&["case", "add", "--counterparty", id]), expected);
        assert_eq!(
            r(&["history", "add", id, "--kind", "phone", "--text", "x"]),
            expected
        );
        assert_eq!(r(&["history", id]), expected);
        let out = env.run_as(
            "bob",
            &["history", "add", id, "--kind", "phone", "--text", "x"],
        );
        assert_eq!((out.code, out.stderr.as_str()), (1, expected.as_str()));
    }
    assert_snapshot!(env.run(&["list", "--not-contacted-for", "1d"]), @r"
        ID  NAME             ORGANISATION     E-MAIL  PHONE  TAGS
        1   ACME Sp. z o.o.
        3   Beta SA
        4   Ewa Lis          Beta SA
        2   Jan Nowak        ACME Sp. z o.o.
        ");
}

#[test]
fn case_deadlines_show_in_the_day_plan() {
    let env = Env::new();
    let (acme, _, beta, _) = firms(&env);
    let soon = env.ok(&[
        "case",
        "add",
        "--counterparty",
        &acme,
        "--deadline",
        "2024-05-03",
        "--title",
        "Offer",
    ]);
    let late = env.ok(&[
        "case",
        "add",
        "--counterparty",
        &beta,
        "--deadline",
        "2024-04-20",
        "--title",
        "Late one",
    ]);
    env.ok(&[
        "remind",
        &acme,
        "--at",
        "2024-05-02 09:30",
        "--text",
        "Call ACME",
    ]);
    let plan = env.ok(&["agenda", "--week"]);
    let lines: Vec<&str> = plan.lines().collect();
    let find = |needle: &str| {
        lines
            .iter()
            .position(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("{needle} missing in:\n{plan}"))
    };
    assert!(lines[find(&format!("deadline of case {soon}"))].contains("2024-05-03"));
    assert!(lines[find(&format!("overdue case {late}"))].contains("Beta SA"));
    // The reminder keeps its own date and time: rows are not shifted by other kinds.
    assert!(
        lines[find("Call ACME")].contains("2024-05-02")
            && lines[find("Call ACME")].contains("09:30")
    );
    let json = env.run(&["--json", "agenda", "--week"]).json();
    let kinds: Vec<&str> = json
        .as_array()
        .map(|a| a.iter().filter_map(|i| i["type"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(
        kinds.iter().filter(|k| **k == "deadline").count(),
        2,
        "{json}"
    );
}

/// The text of a PDF the CLI wrote, whitespace squashed.
fn pdf_text(bytes: &[u8]) -> String {
    let doc = lopdf::Document::load_mem(bytes).unwrap_or_else(|e| panic!("not a PDF: {e}"));
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let text = doc
        .extract_text(&pages)
        .unwrap_or_else(|e| panic!("no text: {e}"));
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn a_case_and_the_reports_print_to_pdf_with_polish_letters() {
    let env = Env::new();
    let polish = "ąćęłńóśźż ĄĆĘŁŃÓŚŹŻ";
    let org = env.ok(&["add", "--org-name", &format!("Zakład {polish}")]);
    let number = env.ok(&[
        "case",
        "add",
        "--counterparty",
        &org,
        "--deadline",
        "2024-04-01",
        "--title",
        "Dostawa żółtych łóżek",
    ]);
    env.ok(&[
        "case",
        "item",
        "add",
        &number,
        "--article",
        "Łóżko",
        "--qty",
        "2",
        "--price",
        "1250",
    ]);
    let file = env.path("case.pdf");
    let file = file.to_str().unwrap_or_default();
    let said = env.ok(&["case", "pdf", &number, "-o", file]);
    assert!(
        said.starts_with(&format!("case {number} written to")),
        "{said}"
    );
    let text = pdf_text(&env.read("case.pdf"));
    for want in [polish, "Dostawa żółtych łóżek", "Łóżko", "2500.00 PLN"] {
        assert!(text.contains(want), "'{want}' is not in the PDF: {text}");
    }
    let report = env.path("overdue.pdf");
    env.ok(&[
        "report",
        "overdue",
        "--pdf",
        report.to_str().unwrap_or_default(),
    ]);
    let text = pdf_text(&env.read("overdue.pdf"));
    assert!(
        text.contains("Overdue cases") && text.contains(polish),
        "{text}"
    );
    let report = env.path("activity.pdf");
    env.ok(&[
        "report",
        "activity",
        "--from",
        "2024-01-01",
        "--to",
        "2030-12-31",
        "--pdf",
        report.to_str().unwrap_or_default(),
    ]);
    assert!(pdf_text(&env.read("activity.pdf")).contains("2024-01-01 – 2030-12-31"));
    // Refusals: a case that does not exist, --pdf with --json or --csv.
    let out = env.run(&["case", "pdf", "2099/0001", "-o", file]);
    assert_eq!(out.code, 1, "{}", out.text());
    let out = env.run(&["--json", "report", "forecast", "--pdf", file]);
    assert_eq!(out.code, 1, "{}", out.text());
    let out = env.run(&["report", "forecast", "--csv", "--pdf", file]);
    assert_eq!(out.code, 2, "{}", out.text());
}

#[test]
fn a_contact_card_prints_to_pdf() {
    let env = Env::new();
    let polish = "ąćęłńóśźż ĄĆĘŁŃÓŚŹŻ";
    let org = env.ok(&["add", "--org-name", &format!("Zakład {polish}")]);
    env.ok(&[
        "add",
        "--given",
        "Żaneta",
        "--family",
        "Kowalska",
        "--org",
        &org,
        "--job-title",
        "Księgowa",
    ]);
    env.ok(&[
        "history",
        "add",
        &org,
        "--kind",
        "phone",
        "--text",
        "Zamówienie papieru",
    ]);
    let file = env.path("card.pdf");
    let file = file.to_str().unwrap_or_default();
    let said = env.ok(&["show", &org, "--pdf", file]);
    assert!(
        said.starts_with(&format!("contact {org} written to")),
        "{said}"
    );
    let text = pdf_text(&env.read("card.pdf"));
    for want in [
        polish,
        "Żaneta Kowalska",
        "Księgowa",
        "Client history",
        "Zamówienie papieru",
    ] {
        assert!(text.contains(want), "'{want}' is not in the PDF: {text}");
    }
    let json = env.run(&["--json", "show", &org, "--pdf", file]).json();
    assert_eq!(json["contact_id"].to_string(), org);
    let out = env.run(&["show", "999", "--pdf", file]);
    assert_eq!(
        (out.code, out.stderr.as_str()),
        (1, "error: contact 999 not found\n")
    );
}

#[test]
fn numbers_typed_kinds_kept_in_use_parties_by_name_and_document_numbers() {
    let env = Env::new();
    let (acme, jan, _, _) = firms(&env);
    env.ok(&["add", "--org-name", "ACME Serwis"]);
    assert_snapshot!(env.ok(&["case", "next-number", "--date", "2024-05-01"]), @"2024/0001  (pattern YYYY/NNNN)");
    let typed = env.ok(&[
        "case",
        "add",
        "--counterparty",
        "ACME Sp. z o.o.",
        "--person",
        "jan",
        "--number",
        "2024/7",
        "--registered",
        "2024-05-01",
        "--title",
        "Typed",
    ]);
    assert_eq!(typed, "2024/0007");
    let shown = env.ok(&["--json", "case", "show", &typed]);
    assert!(shown.contains(&format!("\"person\": {jan}")), "{shown}");
    let r = |args: &[&str]| refused(&env, &acme, args);
    assert_snapshot!(r(&["case", "add", "--counterparty", &acme, "--number", "2024/0007", "--registered", "2024-05-01"]), @r#"error: invalid number: case number 2024/0007 is already used by "Typed"; type another or leave it for the next free one"#);
    assert_snapshot!(r(&["case", "add", "--counterparty", &acme, "--number", "7/2024"]), @"error: invalid number: '7/2024' does not follow the case number pattern YYYY/NNNN (for example 2026/0007)");
    assert_snapshot!(r(&["case", "add", "--counterparty", "acme"]), @"error: invalid counterparty: 'acme' matches several business contacts; give the id of one: ACME Serwis (#5), ACME Sp. z o.o. (#1), Jan Nowak (#2)");
    assert_snapshot!(r(&["case", "add", "--counterparty", "Nobody"]), @"error: invalid counterparty: no business contact matches 'Nobody'");
    assert_snapshot!(r(&["case", "edit", &typed, "--number", "2024/0008"]), @"error: invalid number: a case keeps the number it was registered under");
    assert_eq!(
        env.ok(&[
            "case",
            "add",
            "--counterparty",
            &acme,
            "--registered",
            "2024-05-02"
        ]),
        "2024/0008"
    );
    assert_snapshot!(env.ok(&["case", "parties", "acme"]), @r"
    ID  NAME             ORGANISATION
    5   ACME Serwis      ACME Serwis
    1   ACME Sp. z o.o.  ACME Sp. z o.o.
    2   Jan Nowak        ACME Sp. z o.o.
    ");
    // Kinds: in use, a kind stays.
    env.ok(&["case", "kind", "add", "Service"]);
    env.ok(&["case", "edit", &typed, "--kind", "service"]);
    assert_snapshot!(r(&["case", "kind", "rm", "Service"]), @"error: invalid kind: case kind 'Service' is used by 1 case (2024/0007); give it another kind first");
    env.ok(&["case", "kind", "rename", "Service", "Warranty service"]);
    assert_snapshot!(env.ok(&["case", "kind", "list"]), @r"
    ID  NAME              CASES
    3   Warranty service  1
    ");
    // Documents numbered per kind and year.
    for symbol in ["FV", ""] {
        env.ok(&[
            "case",
            "detail",
            "add",
            &typed,
            "--document",
            "--doc-kind",
            "invoice",
            "--symbol",
            symbol,
            "--next-number",
            "--at",
            "2024-05-03 10:00",
        ]);
    }
    let shown = env.ok(&["case", "show", &typed]);
    assert!(
        shown.contains("FV 1/2024") && shown.contains("2/2024"),
        "{shown}"
    );
}

#[test]
fn case_tasks_show_with_the_case_and_on_the_assignees_list() {
    let env = Env::new();
    let (acme, _, _, _) = firms(&env);
    let number = env.ok(&["case", "add", "--counterparty", &acme, "--title", "Service"]);
    let out = env.ok(&[
        "case",
        "remind",
        &number,
        "--at",
        "2024-05-02 09:00",
        "--text",
        "Check the printer",
        "--assign",
        "bob",
    ]);
    assert!(
        out.starts_with("added reminder ") && out.contains(&format!("on case {number} for bob")),
        "{out}"
    );
    let shown = env.ok(&["case", "show", &number]);
    assert!(
        shown.contains("Reminders and tasks") && shown.contains("Check the printer"),
        "{shown}"
    );
    let bobs = env.ok_as("bob", &["reminders", "--mine", "--due", "all"]);
    assert!(bobs.contains("Check the printer"), "{bobs}");
    let out = env.run(&["case", "remind", &number, "--at", "soon", "--text", "x"]);
    assert_eq!(out.code, 1, "{out}");
}
