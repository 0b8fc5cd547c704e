//! Bounded requests on a real server on 127.0.0.1: large bodies are refused before they
//! are read unless signed in, slow clients are dropped, connections and uploads are capped.

use std::time::{Duration, Instant};

use contacts_core::memory::MemoryStore;
use contacts_core::service::Service;
use contacts_web::server::ServerLimits;
use contacts_web::AppState;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const MB: usize = 1024 * 1024;

struct Running {
    addr: String,
    token: String,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Drop for Running {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// A server with an admin `anna` who has the API token `token`.
async fn start(limits: ServerLimits) -> Running {
    let service = Service::new(MemoryStore::default());
    let password = contacts_core::password::NewPassword::new("tajne-haslo-123")
        .unwrap_or_else(|e| panic!("{e:?}"));
    let user = service
        .setup_admin("anna", &password)
        .unwrap_or_else(|e| panic!("{e}"));
    let actor = service.actor(user.id).unwrap_or_else(|e| panic!("{e}"));
    let token = contacts_web::auth::random_token();
    service
        .create_api_token(&actor, "test", &token)
        .unwrap_or_else(|e| panic!("{e}"));
    let state = AppState::new(service).unwrap_or_else(|e| panic!("{e}"));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let addr = listener
        .local_addr()
        .unwrap_or_else(|e| panic!("{e}"))
        .to_string();
    let task = tokio::spawn(contacts_web::serve_on_with(state, listener, limits));
    Running { addr, token, task }
}

async fn connect(addr: &str) -> TcpStream {
    TcpStream::connect(addr)
        .await
        .unwrap_or_else(|e| panic!("connect {addr}: {e}"))
}

/// Reads until the end of the response head (or EOF, or `wait`); returns the head.
async fn head_within(s: &mut TcpStream, wait: Duration) -> Option<String> {
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    let read = async {
        loop {
            match s.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    got.extend_from_slice(&buf[..n]);
                    if got.windows(4).any(|w| w == b"\r\n\r\n") {
                        break;
                    }
                }
            }
        }
    };
    tokio::time::timeout(wait, read).await.ok()?;
    Some(String::from_utf8_lossy(&got).into_owned())
}

fn status(head: &str) -> u16 {
    head.split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

/// Sends a head declaring a `declared`-byte body and `sent` bytes of it, then waits for
/// the answer without sending the rest.
async fn partial_post(addr: &str, head: String, sent: usize) -> (u16, Duration) {
    let mut s = connect(addr).await;
    let start = Instant::now();
    s.write_all(head.as_bytes())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let _ = s.write_all(&vec![b'a'; sent]).await;
    let head = head_within(&mut s, Duration::from_secs(10))
        .await
        .unwrap_or_default();
    (status(&head), start.elapsed())
}

#[tokio::test]
async fn anonymous_large_bodies_are_refused_before_they_are_read() {
    let server = start(ServerLimits::default()).await;
    let addr = &server.addr;
    let big = 26 * MB;
    let cases = [
        ("/api/v1/import", "text/csv", 401),
        ("/contacts/import", "multipart/form-data; boundary=x", 303),
        (
            "/api/v1/contacts/1/attachments?name=a.bin",
            "application/octet-stream",
            401,
        ),
        ("/contacts/1/photo", "multipart/form-data; boundary=x", 303),
        // Not an upload route: 64 KB at most, whoever asks.
        ("/login", "application/x-www-form-urlencoded", 413),
        ("/api/v1/contacts", "application/json", 413),
    ];
    for (path, ct, want) in cases {
        let head = format!(
            "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: {ct}\r\nContent-Length: {big}\r\n\r\n"
        );
        // A megabyte of the 26 is sent: the answer comes without the rest.
        let (got, took) = partial_post(addr, head, MB).await;
        assert_eq!(got, want, "{path}");
        assert!(took < Duration::from_secs(5), "{path} took {took:?}");
    }
    // A chunked body without a length is cut off at the small limit.
    let mut s = connect(addr).await;
    let head = format!(
        "POST /login HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n"
    );
    s.write_all(head.as_bytes())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    for _ in 0..4 {
        let chunk = format!("{:x}\r\n{}\r\n", 32 * 1024, "a".repeat(32 * 1024));
        if s.write_all(chunk.as_bytes()).await.is_err() {
            break;
        }
    }
    let head = head_within(&mut s, Duration::from_secs(5))
        .await
        .unwrap_or_default();
    assert_eq!(status(&head), 413, "{head}");
}

#[tokio::test]
async fn a_signed_in_upload_over_its_limit_is_refused_before_it_is_read() {
    let server = start(ServerLimits::default()).await;
    let addr = &server.addr;
    let token = &server.token;
    let head = format!(
        "PUT /api/v1/contacts/1/photo HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\nContent-Type: image/png\r\nContent-Length: {}\r\n\r\n",
        26 * MB
    );
    let (got, took) = partial_post(addr, head, MB).await;
    assert_eq!(got, 413);
    assert!(took < Duration::from_secs(5), "{took:?}");
    // A wrong token is refused the same way as none.
    let head = format!(
        "POST /api/v1/import HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {}\r\nContent-Length: {}\r\n\r\n",
        "0".repeat(64),
        26 * MB
    );
    assert_eq!(partial_post(addr, head, MB).await.0, 401);
}

#[tokio::test]
async fn a_client_that_never_finishes_its_head_is_dropped() {
    let server = start(ServerLimits {
        header_timeout: Duration::from_secs(1),
        ..ServerLimits::default()
    })
    .await;
    let addr = &server.addr;
    let mut slow = connect(addr).await;
    slow.write_all(format!("GET /login HTTP/1.1\r\nHost: {addr}\r\nX-Slow: ").as_bytes())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let start = Instant::now();
    // The server closes the connection (EOF or an error) after about a second.
    let mut buf = [0u8; 1024];
    let closed = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            match slow.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(_) => {}
            }
        }
    })
    .await;
    assert!(closed.is_ok(), "the slow client was kept for 5 s");
    let took = start.elapsed();
    assert!(took >= Duration::from_millis(900), "{took:?}");
    // An idle kept-alive connection is closed after the same time.
    let mut s = connect(addr).await;
    s.write_all(format!("GET /login HTTP/1.1\r\nHost: {addr}\r\n\r\n").as_bytes())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let head = head_within(&mut s, Duration::from_secs(5))
        .await
        .unwrap_or_default();
    assert_eq!(status(&head), 200, "{head}");
    let idle = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            match s.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(_) => {}
            }
        }
    })
    .await;
    assert!(idle.is_ok(), "an idle connection was kept for 5 s");
}

#[tokio::test]
async fn connections_over_the_cap_wait_for_a_free_one() {
    let server = start(ServerLimits {
        header_timeout: Duration::from_secs(30),
        max_connections: 2,
    })
    .await;
    let addr = &server.addr;
    let get = format!("GET /login HTTP/1.1\r\nHost: {addr}\r\n\r\n");
    let mut first = connect(addr).await;
    let mut second = connect(addr).await;
    for s in [&mut first, &mut second] {
        s.write_all(get.as_bytes())
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let head = head_within(s, Duration::from_secs(5))
            .await
            .unwrap_or_default();
        assert_eq!(status(&head), 200);
    }
    // Both stay open (kept alive): a third client is not served...
    let mut third = connect(addr).await;
    third
        .write_all(get.as_bytes())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        head_within(&mut third, Duration::from_millis(1500))
            .await
            .is_none(),
        "a third connection was served over a cap of two"
    );
    // ...until one of the two goes.
    drop(first);
    let head = head_within(&mut third, Duration::from_secs(5))
        .await
        .unwrap_or_default();
    assert_eq!(status(&head), 200, "{head}");
}

#[tokio::test]
async fn uploads_beyond_the_in_flight_cap_wait_and_small_requests_do_not() {
    let server = start(ServerLimits::default()).await;
    let addr = &server.addr;
    let token = &server.token;
    // A contact to attach to.
    let body = r#"{"book":"business","contact":{"kind":"organisation","org_name":"Firma"}}"#;
    let mut s = connect(addr).await;
    s.write_all(
        format!(
            "POST /api/v1/contacts HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .as_bytes(),
    )
    .await
    .unwrap_or_else(|e| panic!("{e}"));
    let mut created = String::new();
    let _ = s.read_to_string(&mut created).await;
    assert!(created.starts_with("HTTP/1.1 201"), "{created}");
    let id = created
        .split("\"id\":")
        .nth(1)
        .and_then(|r| r.split([',', '}']).next())
        .unwrap_or("")
        .trim()
        .to_string();
    let upload = |n: usize| {
        format!(
            "POST /api/v1/contacts/{id}/attachments?name=f.bin HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\nContent-Type: application/octet-stream\r\nContent-Length: {n}\r\n\r\n"
        )
    };
    // As many stalled uploads as there are slots: each has sent half its body.
    let mut stalled = Vec::new();
    for _ in 0..contacts_web::limits::MAX_UPLOADS {
        let mut s = connect(addr).await;
        s.write_all(upload(2 * MB).as_bytes())
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        s.write_all(&vec![b'x'; MB])
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        stalled.push(s);
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    // One more upload, complete, must wait for a slot.
    let mut waiting = connect(addr).await;
    waiting
        .write_all(upload(10).as_bytes())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    waiting
        .write_all(b"0123456789")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        head_within(&mut waiting, Duration::from_millis(1500))
            .await
            .is_none(),
        "an upload ran beyond the in-flight cap"
    );
    // A small request is served meanwhile.
    let mut small = connect(addr).await;
    small
        .write_all(
            format!(
                "GET /api/v1/me HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\n\r\n"
            )
            .as_bytes(),
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let head = head_within(&mut small, Duration::from_secs(5))
        .await
        .unwrap_or_default();
    assert_eq!(status(&head), 200, "{head}");
    // A stalled upload gives up: its slot goes to the waiting one.
    drop(stalled.pop());
    let head = head_within(&mut waiting, Duration::from_secs(10))
        .await
        .unwrap_or_default();
    assert_eq!(status(&head), 201, "{head}");
}
