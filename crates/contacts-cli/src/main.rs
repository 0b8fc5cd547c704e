//! The `contacts` binary. `main` parses the command line, opens the backend and hands a
//! [`Service`] to [`commands::run`], which is generic over the store.

mod cli;
mod commands;
mod error;
mod input;
mod mail_cli;
mod output;
mod wire;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;
use contacts_core::service::Service;

use crate::cli::Cli;
use crate::error::CliError;

/// mimalloc returns freed memory to the system, so the server's resident size follows
/// what requests hold now rather than the most they ever held (see
/// `crates/contacts-web/examples/bench_flood.rs`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version go to stdout with 0; usage errors to stderr with 2.
            let _ = e.print();
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
    };
    if let cli::Command::Serve(args) = &cli.command {
        restart_with_allocator_options();
        return serve(&cli, args.bind);
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let code = match open(&cli) {
        Ok(service) => commands::run(&service, cli, &mut out),
        Err(e) => e.report(),
    };
    let _ = out.flush();
    code
}

type Backend = contacts_store::SqliteStore;

/// `contacts serve`: the web UI on the same database, until the process is stopped.
fn serve(cli: &Cli, bind: std::net::SocketAddr) -> ExitCode {
    let service = match open(cli) {
        Ok(s) => s,
        Err(e) => return e.report(),
    };
    init_logging();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the server runtime: {e}");
            return ExitCode::from(3);
        }
    };
    match runtime.block_on(contacts_web::serve(service, bind)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: cannot serve on {bind}: {e}");
            ExitCode::from(1)
        }
    }
}

/// mimalloc's options for a long-running server: give freed memory back at once
/// (`PURGE_DELAY=0`) and commit arena memory only as used. mimalloc reads them from the
/// environment when the process starts, before `main`, so `contacts serve` replaces
/// itself once (`exec`, same process id, same streams) with them set. Values already in
/// the environment are kept. Measured with `examples/bench_flood.rs`: twelve 20 MB uploads
/// peak at about 130 MB instead of about 195 MB.
fn restart_with_allocator_options() {
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        const MARK: &str = "CONTACTS_ALLOCATOR_SET";
        const OPTIONS: [(&str, &str); 2] = [
            ("MIMALLOC_PURGE_DELAY", "0"),
            ("MIMALLOC_ARENA_EAGER_COMMIT", "0"),
        ];
        if std::env::var_os(MARK).is_some() {
            return;
        }
        let Ok(exe) = std::env::current_exe() else {
            return;
        };
        let mut cmd = std::process::Command::new(exe);
        cmd.args(std::env::args_os().skip(1)).env(MARK, "1");
        for (k, v) in OPTIONS {
            if std::env::var_os(k).is_none() {
                cmd.env(k, v);
            }
        }
        // `exec` returns only when it failed; the server then runs with the defaults.
        let e = cmd.exec();
        eprintln!("note: running with the allocator's default options ({e})");
    }
}

/// Plain log lines to stderr for the server: `CONTACTS_LOG`, else `RUST_LOG`, else `info`
/// (both take `tracing` filter directives, e.g. `warn` or `info,contacts::request=warn`).
fn init_logging() {
    use tracing_subscriber::EnvFilter;
    let filter = match std::env::var("CONTACTS_LOG").or_else(|_| std::env::var("RUST_LOG")) {
        Ok(spec) => EnvFilter::try_new(&spec).unwrap_or_else(|e| {
            eprintln!("warning: ignoring the log filter {spec:?} ({e}); logging at info");
            EnvFilter::new("info")
        }),
        Err(_) => EnvFilter::new("info"),
    };
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

/// Opens the database named on the command line (or the default one).
fn open(cli: &Cli) -> Result<Service<Backend>, CliError> {
    let path = db_path(cli.db.clone())?;
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| CliError::file(parent, e))?;
    }
    let store = open_store(&path)?;
    // A command runs and exits; only the server shares the file with others for long.
    let store = match cli.command {
        cli::Command::Serve(_) => store,
        _ => store.loading_alone(),
    };
    let service = Service::new(store);
    Ok(match cli.now {
        Some(now) => service.with_clock(move || now),
        None => service,
    })
}

fn open_store(path: &Path) -> Result<Backend, CliError> {
    Ok(Backend::open(path)?)
}

/// `--db`, else `contacts.db` in a `contacts` folder of the user's data directory.
fn db_path(given: Option<PathBuf>) -> Result<PathBuf, CliError> {
    if let Some(p) = given {
        return Ok(p);
    }
    dirs::data_dir()
        .map(|d| d.join("contacts").join("contacts.db"))
        .ok_or_else(|| {
            CliError::Core(contacts_core::Error::invalid(
                "db",
                "no data directory is known for this user; pass --db PATH",
            ))
        })
}
